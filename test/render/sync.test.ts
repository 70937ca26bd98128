import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/api/metacontroller.js";
import { LAST_APPLIED_ANNOTATION, UnsafeToAnswerError, sync } from "../../src/render/sync.js";
import { ORIGINAL, applied, controllerWithout, fixedClock, requestFor, sample, syncSample, type Json } from "../support/fixtures.js";

const appliedSample = () => syncSample().children.map(applied);

function invalidRequest(observed: KubeObject[]) {
  const seckill = sample();
  seckill.spec.scaling.hpa.minReplicas = 20;
  return requestFor(seckill, observed);
}

describe("sync", () => {
  it("returns the children in a stable order: per service Deployment, Service, autoscaler, budget, monitor; then the dashboard", () => {
    const kinds = syncSample().children.map((child) => `${child.kind}/${child.metadata.name.replace(`${ORIGINAL}-`, "")}`);
    expect(kinds.slice(0, 5)).toEqual(["Deployment/go", "Service/go", "ScaledObject/go", "PodDisruptionBudget/go", "ServiceMonitor/go"]);
    expect(kinds.at(-1)).toBe("ConfigMap/dashboard");
    expect(kinds).toHaveLength(5 * 5 + 1);
  });

  it("answers the same request with the same bytes", () => {
    const observed = appliedSample();
    expect(JSON.stringify(syncSample(sample(), observed))).toBe(JSON.stringify(syncSample(sample(), observed)));
  });

  it("answers only status and children, the fields hook v2 accepts", () => {
    expect(Object.keys(syncSample())).toEqual(["status", "children"]);
  });

  it("reads children keyed namespace/name (hook v2) like children keyed by name (hook v1)", () => {
    const v1 = requestFor(sample(), appliedSample());
    const v2 = structuredClone(v1);
    for (const [type, objects] of Object.entries(v2.children)) {
      v2.children[type] = Object.fromEntries(Object.values(objects).map((o) => [`${o.metadata.namespace}/${o.metadata.name}`, o]));
    }
    expect(sync(v2, fixedClock())).toEqual(sync(v1, fixedClock()));
  });

  it("returns no children at all for a disabled service, so Metacontroller deletes them", () => {
    const seckill = sample();
    seckill.spec.services.userService.enabled = false;
    const names = syncSample(seckill, appliedSample()).children.map((child) => child.metadata.name);
    expect(names).not.toContain(`${ORIGINAL}-user`);
    expect(names).toContain(`${ORIGINAL}-order`);
  });

  it("names every child with a DNS-1123 label of at most 63 characters", () => {
    const seckill = sample();
    seckill.metadata.name = `a${"b".repeat(52)}`;
    for (const child of syncSample(seckill).children) {
      expect(child.metadata.name).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
      expect(child.metadata.name.length).toBeLessThanOrEqual(63);
    }
  });

  it("returns a PodDisruptionBudget only when the controller registers them, and says so otherwise", () => {
    const response = sync(requestFor(sample(), [], controllerWithout("poddisruptionbudgets")), fixedClock());
    expect(response.children.filter((child) => child.kind === "PodDisruptionBudget")).toEqual([]);
    expect(response.status.conditions).toContainEqual(
      expect.objectContaining({ type: "ChildResourcesRegistered", status: "False", message: expect.stringContaining("policy/v1 poddisruptionbudgets") }),
    );
  });
});

describe("sync with a spec that cannot be rendered", () => {
  it("returns every observed child exactly as last applied, so nothing is deleted or changed", () => {
    const observed = appliedSample();
    const response = sync(invalidRequest(observed), fixedClock());
    const lastApplied = observed.map((child) => JSON.parse(child.metadata.annotations?.[LAST_APPLIED_ANNOTATION] ?? ""));
    expect(response.children).toHaveLength(lastApplied.length);
    expect(response.children).toEqual(expect.arrayContaining(lastApplied));
  });

  it("reports phase Invalid and a SpecValid=False condition naming the field and the rule", () => {
    const { status } = sync(invalidRequest(appliedSample()), fixedClock());
    expect(status.phase).toBe("Invalid");
    expect(status.conditions).toContainEqual(
      expect.objectContaining({ type: "SpecValid", status: "False", message: "spec.scaling.hpa.minReplicas: (20) must be <= maxReplicas (10)" }),
    );
  });

  it("refuses to answer when an observed child has no last-applied configuration to keep", () => {
    const observed = appliedSample();
    delete (observed[0] as Json).metadata.annotations[LAST_APPLIED_ANNOTATION];
    expect(() => sync(invalidRequest(observed), fixedClock())).toThrow(UnsafeToAnswerError);
  });

  it("keeps a Deployment's live replica count, which an autoscaler may have moved since the last apply", () => {
    const observed = appliedSample();
    const go = observed.find((child) => child.metadata.name === `${ORIGINAL}-go`) as Json;
    go.spec.replicas = 7;
    const answered = sync(invalidRequest(observed), fixedClock()).children.find((child) => child.metadata.name === go.metadata.name) as Json;
    expect(answered.kind).toBe("Deployment");
    expect(answered.spec.replicas).toBe(7);
  });

  it.each([0.5, -1, 2 ** 31, "7"])("does not echo a live replica count the API server could not have stored (%s)", (live) => {
    const observed = appliedSample();
    const go = observed.find((child) => child.kind === "Deployment" && child.metadata.name === `${ORIGINAL}-go`) as Json;
    const lastApplied = JSON.parse(go.metadata.annotations[LAST_APPLIED_ANNOTATION]);
    go.spec.replicas = live;
    const answered = sync(invalidRequest(observed), fixedClock()).children.find((child) => child.metadata.name === go.metadata.name) as Json;
    expect(answered).toEqual(lastApplied);
  });

  it("refuses to answer when a last-applied configuration describes another object, which answering would create", () => {
    const observed = appliedSample();
    const annotations = (observed[0] as Json).metadata.annotations;
    annotations[LAST_APPLIED_ANNOTATION] = JSON.stringify({ ...JSON.parse(annotations[LAST_APPLIED_ANNOTATION]), metadata: { name: "someone-else" } });
    expect(() => sync(invalidRequest(observed), fixedClock())).toThrow(/describes another object/);
  });

  it.each([
    ["an older apiVersion", { apiVersion: "apps/v1beta1" }],
    ["another namespace", { metadata: { namespace: "elsewhere" } }],
  ])("refuses to answer when a last-applied configuration names %s, which Metacontroller would not match to the child", (_what, edit) => {
    const observed = appliedSample();
    const annotations = (observed[0] as Json).metadata.annotations;
    const lastApplied = JSON.parse(annotations[LAST_APPLIED_ANNOTATION]);
    const edited = { ...lastApplied, ...edit, metadata: { ...lastApplied.metadata, ...(edit as Json).metadata } };
    annotations[LAST_APPLIED_ANNOTATION] = JSON.stringify(edited);
    expect(() => sync(invalidRequest(observed), fixedClock())).toThrow(/describes another object/);
  });

  it.each(["0", "null", "[]", '{"kind":"Deployment"}'])("refuses to answer when a last-applied configuration is not an object (%s)", (lastApplied) => {
    const observed = appliedSample();
    (observed[0] as Json).metadata.annotations[LAST_APPLIED_ANNOTATION] = lastApplied;
    expect(() => sync(invalidRequest(observed), fixedClock())).toThrow(UnsafeToAnswerError);
  });

  it("keeps the observed children when the spec does not even match the schema", () => {
    const observed = appliedSample();
    const request = requestFor(sample(), observed);
    (request.parent.spec as Json).services.goService.ports = "8080";
    expect(sync(request, fixedClock()).children).toHaveLength(observed.length);
  });
});

describe("sync while the Seckill is deleted (finalize)", () => {
  it("returns no children and is not finalized while children remain", () => {
    const request = { ...requestFor(sample(), appliedSample()), finalizing: true };
    expect(sync(request, fixedClock())).toMatchObject({ children: [], finalized: false });
  });

  it("is finalized once no child is observed", () => {
    const request = { ...requestFor(sample()), finalizing: true };
    expect(sync(request, fixedClock())).toMatchObject({ children: [], finalized: true });
  });

  it("releases the children even when the spec is invalid", () => {
    const request = { ...invalidRequest(appliedSample()), finalizing: true };
    expect(sync(request, fixedClock())).toMatchObject({ children: [], finalized: false });
  });
});
