import { describe, expect, it } from "vitest";
import { CONFIG_CHECKSUM_ANNOTATION } from "../../src/render/config.js";
import { ORIGINAL, named, sample, syncSample } from "../support/fixtures.js";

const goDeployment = (seckill = sample()) => named(syncSample(seckill).children, "Deployment", `${ORIGINAL}-go`);
const couponDeployment = (seckill = sample()) => named(syncSample(seckill).children, "Deployment", `${ORIGINAL}-coupon`);

describe("renderDeployment", () => {
  it("names each Deployment <parent>-<service> in the parent's namespace", () => {
    const names = syncSample().children.filter((c) => c.kind === "Deployment").map((c) => `${c.metadata.namespace}/${c.metadata.name}`);
    expect(names).toEqual(["go", "coupon", "order", "user", "gateway"].map((s) => `couponkill/${ORIGINAL}-${s}`));
  });

  it("labels it with the recommended app.kubernetes.io labels", () => {
    expect(goDeployment()?.metadata.labels).toEqual({
      "app.kubernetes.io/name": "couponkill",
      "app.kubernetes.io/instance": ORIGINAL,
      "app.kubernetes.io/component": "go",
      "app.kubernetes.io/part-of": "couponkill",
      "app.kubernetes.io/managed-by": "couponkill-operator",
    });
  });

  it("selects its pods by name, instance and component only, a subset of the pod labels", () => {
    const deployment = goDeployment();
    const selector = deployment?.spec.selector.matchLabels;
    expect(Object.keys(selector)).toEqual(["app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/component"]);
    expect(deployment?.spec.template.metadata.labels).toMatchObject(selector);
  });

  it("keeps the selector when the image, replicas or resources change", () => {
    const changed = sample();
    Object.assign(changed.spec.services.couponService, { image: "coupon:2", replicas: 7, resources: { requests: { cpu: "1" } } });
    changed.spec.scaling.hpa.enabled = false;
    expect(couponDeployment(changed)?.spec.selector).toEqual(couponDeployment()?.spec.selector);
  });

  it("runs the service's image with its ports, env and resources", () => {
    const [container] = goDeployment()?.spec.template.spec.containers;
    expect(container).toMatchObject({
      name: "go",
      image: "seckill-go:latest",
      ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }],
      env: [{ name: "NACOS_SERVER_ADDR", value: "nacos:8848" }],
      resources: { requests: { memory: "512Mi", cpu: "250m" }, limits: { memory: "1Gi", cpu: "500m" } },
    });
  });

  it("opens the target port on the container when it differs from the Service port", () => {
    const seckill = sample("samples/seckill-no-autoscaling.yaml");
    const gateway = named(syncSample(seckill).children, "Deployment", "couponkill-fixed-gateway");
    expect(gateway?.spec.template.spec.containers[0].ports).toEqual([{ name: "http", containerPort: 8080, protocol: "TCP" }]);
  });

  it("meets the restricted Pod Security Standard", () => {
    const pod = goDeployment()?.spec.template.spec;
    expect(pod.securityContext).toEqual({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
    expect(pod.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
      runAsNonRoot: true,
      seccompProfile: { type: "RuntimeDefault" },
    });
  });

  it("rolls out without ever lowering the number of serving pods", () => {
    expect(goDeployment()?.spec.strategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } });
  });

  it("sets the spec's replicas when no autoscaler owns the service", () => {
    const seckill = sample();
    delete seckill.spec.scaling;
    expect(couponDeployment(seckill)?.spec.replicas).toBe(2);
  });

  it("copies the readiness and liveness probes", () => {
    const seckill = sample("samples/seckill-no-autoscaling.yaml");
    const go = named(syncSample(seckill).children, "Deployment", "couponkill-fixed-go");
    expect(go?.spec.template.spec.containers[0]).toMatchObject({
      readinessProbe: { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 5 },
      livenessProbe: { httpGet: { path: "/healthz", port: "http" }, initialDelaySeconds: 10 },
    });
  });

  it("loads the service's envFrom, then the shared ConfigMap and Secrets", () => {
    const seckill = sample("samples/seckill-no-autoscaling.yaml");
    seckill.spec.services.goService.envFrom = [{ secretRef: { name: "go-only" } }];
    const go = named(syncSample(seckill).children, "Deployment", "couponkill-fixed-go");
    expect(go?.spec.template.spec.containers[0].envFrom).toEqual([
      { secretRef: { name: "go-only" } },
      { configMapRef: { name: "couponkill-fixed-config" } },
      { secretRef: { name: "couponkill-db" } },
    ]);
  });

  it("annotates the pod template with the shared config's checksum", () => {
    const seckill = sample("samples/seckill-no-autoscaling.yaml");
    const go = named(syncSample(seckill).children, "Deployment", "couponkill-fixed-go");
    expect(go?.spec.template.metadata.annotations[CONFIG_CHECKSUM_ANNOTATION]).toMatch(/^[0-9a-f]{64}$/);
  });

  it("carries no checksum when there is no shared config", () => {
    expect(goDeployment()?.spec.template.metadata.annotations?.[CONFIG_CHECKSUM_ANNOTATION]).toBeUndefined();
  });
});
