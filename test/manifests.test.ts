// What `kubectl apply -k` would send for every combination of the kustomize base and components: each object
// valid for its schema, and the registration consistent with the hook it registers.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { seckillCrd } from "../src/api/crd.js";
import { CHILD_TYPES } from "../src/api/child-types.js";
import { loadConfig } from "../src/server/config.js";
import { sync } from "../src/render/sync.js";
import { kubernetesAjv, unknownFields } from "./support/crd-admission.js";
import { fixedClock, requestFor, sample, type Json } from "./support/fixtures.js";
import { readYamlDocuments, repoPath } from "./support/samples.js";
import { validateUpstream } from "./support/upstream-schemas.js";
import { buildApp } from "../src/server/app.js";

function kubectl(args: string[]): string {
  try {
    return execFileSync("kubectl", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new Error("kubectl is not installed: these tests render the manifests with `kubectl kustomize`; install kubectl (it includes kustomize)");
    }
    throw new Error(`kubectl ${args.join(" ")} failed: ${(error as { stderr?: string }).stderr ?? error}`);
  }
}

const parse = (text: string): Json[] => parseAllDocuments(text).map((doc) => doc.toJS() as Json).filter(Boolean);

const COMPONENTS = ["keda", "monitoring", "auth", "tls"] as const;
type Component = (typeof COMPONENTS)[number];
const combinations: Component[][] = Array.from({ length: 1 << COMPONENTS.length }, (_, mask) => COMPONENTS.filter((_, bit) => mask & (1 << bit)));

/** Renders the base with the given components, from a kustomization.yaml written the way the README shows. */
function render(components: Component[]): Json[] {
  const dir = mkdtempSync(join(tmpdir(), "couponkill-kustomize-"));
  const to = (path: string) => relative(dir, repoPath(path));
  writeFileSync(
    join(dir, "kustomization.yaml"),
    [
      "apiVersion: kustomize.config.k8s.io/v1beta1",
      "kind: Kustomization",
      "resources:",
      `  - ${to("metacontroller/base")}`,
      ...(components.length ? ["components:", ...components.map((c) => `  - ${to(`metacontroller/components/${c}`)}`)] : []),
    ].join("\n"),
  );
  return parse(kubectl(["kustomize", dir]));
}

const compositeControllerSchema = (() => {
  const crd = readYamlDocuments("test/reference/metacontroller/metacontroller-crds-v1.yaml").find(
    (doc) => (doc?.metadata as Json | undefined)?.name === "compositecontrollers.metacontroller.k8s.io",
  ) as Json;
  return crd.spec.versions.find((v: Json) => v.name === "v1alpha1").schema.openAPIV3Schema as Json;
})();
const validateCompositeController = kubernetesAjv().compile(compositeControllerSchema);

const find = (objects: Json[], kind: string) => {
  const found = objects.find((object) => object.kind === kind);
  if (!found) throw new Error(`no ${kind} rendered`);
  return found;
};

describe.each(combinations.map((components) => [components.length ? components.join("+") : "base", components] as const))(
  "metacontroller/ with %s",
  (_label, components) => {
    const objects = render(components);
    const controller = find(objects, "CompositeController");

    it("renders objects that are each valid for their schema", () => {
      for (const object of objects.filter((o) => o.kind !== "CompositeController")) {
        expect(() => validateUpstream(object as never), `${object.kind} ${object.metadata.name}`).not.toThrow();
      }
    });

    it("registers a CompositeController valid for Metacontroller's CRD, with no field it would prune", () => {
      expect(validateCompositeController(structuredClone(controller)), JSON.stringify(validateCompositeController.errors)).toBe(true);
      expect(unknownFields(compositeControllerSchema, controller)).toEqual([]);
    });

    it("registers every kind the hook returns for the original sample", () => {
      const response = sync(requestFor(sample(), [], controller as never), fixedClock());
      const registered = (controller.spec.childResources as Json[]).map((rule) => `${rule.apiVersion}/${rule.resource}`);
      const returned = Object.values(CHILD_TYPES).filter((type) => response.children.some((c) => c.kind === type.kind && c.apiVersion === type.apiVersion));
      for (const type of returned) expect(registered).toContain(`${type.apiVersion}/${type.resource}`);
      const expectedOptional = [components.includes("keda") ? "scaledobjects" : "", components.includes("monitoring") ? "servicemonitors" : ""].filter(Boolean);
      expect(registered.filter((r) => r.includes("scaledobjects") || r.includes("servicemonitors")).map((r) => r.split("/").at(-1))).toEqual(expectedOptional);
    });

    it("points the sync and finalize hooks at the hook's Service, namespace and port, on routes the hook serves", async () => {
      const service = find(objects, "Service");
      const app = buildApp();
      for (const hook of ["sync", "finalize"]) {
        const webhook = controller.spec.hooks[hook].webhook;
        expect(webhook.service).toMatchObject({ name: service.metadata.name, namespace: service.metadata.namespace, port: service.spec.ports[0].port });
        expect((await app.inject({ method: "POST", url: webhook.path, payload: {} })).statusCode).toBe(400);
      }
      await app.close();
    });

    it("gives Metacontroller a webhook timeout above the hook's own request timeout", () => {
      const env = Object.fromEntries((find(objects, "Deployment").spec.template.spec.containers[0].env as Json[]).map((e) => [e.name, e.value]));
      const hookTimeoutMs = loadConfig(env).requestTimeoutMs;
      for (const hook of ["sync", "finalize"]) {
        expect(Number.parseFloat(controller.spec.hooks[hook].webhook.timeout) * 1000).toBeGreaterThan(hookTimeoutMs);
      }
    });

    it("updates every child type in place", () => {
      for (const rule of controller.spec.childResources as Json[]) expect(rule.updateStrategy).toEqual({ method: "InPlace" });
    });
  },
);

describe("the hook's Deployment", () => {
  const objects = render([]);
  const deployment = find(objects, "Deployment");
  const pod = deployment.spec.template.spec;
  const [container] = pod.containers;

  it("runs two replicas spread across nodes and zones", () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(pod.topologySpreadConstraints.map((c: Json) => c.topologyKey)).toEqual(["kubernetes.io/hostname", "topology.kubernetes.io/zone"]);
  });

  it("probes /healthz for liveness and /readyz for readiness", () => {
    expect([container.livenessProbe.httpGet.path, container.readinessProbe.httpGet.path]).toEqual(["/healthz", "/readyz"]);
  });

  it("sets resource requests and limits", () => {
    expect(Object.keys(container.resources).sort()).toEqual(["limits", "requests"]);
  });

  it("runs restricted: non-root, no privilege escalation, no capabilities, read-only root filesystem", () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    });
  });

  it("finishes its shutdown inside the termination grace period", () => {
    const config = loadConfig(Object.fromEntries((container.env as Json[]).map((e) => [e.name, e.value])));
    expect(config.shutdownDelayMs + config.shutdownTimeoutMs).toBeLessThan(pod.terminationGracePeriodSeconds * 1000);
  });

  it("is reachable only from the metacontroller namespace", () => {
    const policy = find(objects, "NetworkPolicy");
    expect(policy.spec.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "metacontroller" } } }], ports: [{ port: "http", protocol: "TCP" }] },
    ]);
  });
});

describe("components/auth", () => {
  const objects = render(["auth"]);
  const pod = find(objects, "Deployment").spec.template.spec;
  const controller = find(objects, "CompositeController");

  it("mounts the token Secret where AUTH_TOKEN_FILE points", () => {
    const file = pod.containers[0].env.find((e: Json) => e.name === "AUTH_TOKEN_FILE").value;
    const mount = pod.containers[0].volumeMounts.find((m: Json) => file.startsWith(`${m.mountPath}/`));
    const volume = pod.volumes.find((v: Json) => v.name === mount.name);
    expect(volume.secret.items).toEqual([{ key: "token", path: file.slice(mount.mountPath.length + 1) }]);
  });

  it("has Metacontroller send the same Secret's token as a Bearer token on both hooks", () => {
    const secretName = pod.volumes[0].secret.secretName;
    for (const hook of ["sync", "finalize"]) {
      expect(controller.spec.hooks[hook].webhook.authorization).toEqual({
        type: "Bearer",
        secretRef: { name: secretName, namespace: "couponkill-system", key: "token" },
      });
    }
  });
});

describe("components/tls", () => {
  const objects = render(["tls"]);
  const certificates = objects.filter((object) => object.kind === "Certificate");
  const serving = certificates.find((c) => !c.spec.isCA)!;
  const ca = certificates.find((c) => c.spec.isCA)!;
  const pod = find(objects, "Deployment").spec.template.spec;
  const container = pod.containers[0];

  it("serves the certificate cert-manager issues for the hook's Service name", () => {
    const service = find(objects, "Service");
    expect(serving.spec.dnsNames).toContain(`${service.metadata.name}.${service.metadata.namespace}.svc`);
    const env = Object.fromEntries((container.env as Json[]).map((e) => [e.name, e.value]));
    const mount = container.volumeMounts.find((m: Json) => env.TLS_CERT_FILE.startsWith(`${m.mountPath}/`));
    expect(pod.volumes.find((v: Json) => v.name === mount.name).secret.secretName).toBe(serving.spec.secretName);
    expect([env.TLS_CERT_FILE, env.TLS_KEY_FILE]).toEqual([`${mount.mountPath}/tls.crt`, `${mount.mountPath}/tls.key`]);
  });

  it("probes over HTTPS", () => {
    expect([container.livenessProbe.httpGet.scheme, container.readinessProbe.httpGet.scheme]).toEqual(["HTTPS", "HTTPS"]);
  });

  it("has Metacontroller call both hooks over HTTPS, trusting the CA that signs the certificate", () => {
    const controller = find(objects, "CompositeController");
    for (const hook of ["sync", "finalize"]) {
      const webhook = controller.spec.hooks[hook].webhook;
      expect(webhook.service.protocol).toBe("https");
      expect(webhook.caBundle).toEqual({ secretRef: { name: ca.spec.secretName, namespace: "couponkill-system", key: "ca.crt" } });
    }
    expect(objects.find((o) => o.kind === "Issuer" && o.spec.ca)?.spec.ca.secretName).toBe(ca.spec.secretName);
  });
});

describe("crd/", () => {
  it("renders with kubectl kustomize to the generated CRD", () => {
    expect(parse(kubectl(["kustomize", repoPath("crd")]))).toEqual([seckillCrd()]);
  });
});

describe("overlays/full", () => {
  it("combines every component", () => {
    const rendered = parse(kubectl(["kustomize", repoPath("metacontroller/overlays/full")]));
    expect(rendered).toEqual(render([...COMPONENTS]));
  });
});
