// Every child validates against its upstream schema, and every status against the CRD's status schema,
// for every sample and each feature combination.
import { describe, expect, it } from "vitest";
import { kubernetesAjv, openApiSchema, unknownFields } from "../support/crd-admission.js";
import { rolledOut, sample, syncSample, type Json } from "../support/fixtures.js";
import { validateUpstream } from "../support/upstream-schemas.js";

const statusSchema = (openApiSchema().properties as Record<string, Json>).status as Json;
const validateStatus = kubernetesAjv().compile(statusSchema);

const COMBINATIONS: [string, () => Json][] = [
  ["the original sample", () => sample()],
  ["the minimal sample", () => sample("samples/seckill-minimal.yaml")],
  ["the sample without autoscaling", () => sample("samples/seckill-no-autoscaling.yaml")],
  ["the sale sample", () => sample("samples/seckill-sale.yaml")],
  ["HPA only", () => { const s = sample(); s.spec.scaling.keda.enabled = false; return s; }],
  ["KEDA only, with authentication", () => { const s = sample(); s.spec.scaling.hpa.enabled = false; s.spec.scaling.keda.authenticationRef = { name: "kafka-sasl" }; return s; }],
  ["monitoring off", () => { const s = sample(); s.spec.monitoring.enabled = false; return s; }],
  ["shared config with the original sample", () => { const s = sample(); s.spec.config = { data: { A: "1" }, secretRefs: [{ name: "db" }] }; return s; }],
];

describe.each(COMBINATIONS)("%s", (_name, build) => {
  it("renders only children valid for their upstream schema", () => {
    const { children } = syncSample(build());
    expect(children.length).toBeGreaterThan(0);
    for (const child of children) expect(() => validateUpstream(child), `${child.kind} ${child.metadata.name}`).not.toThrow();
  });

  it("returns a status the CRD's status schema accepts, before and after rollout", () => {
    const seckill = build();
    const first = syncSample(seckill);
    const later = syncSample(seckill, first.children.map(rolledOut));
    for (const { status } of [first, later]) {
      expect(validateStatus(structuredClone(status)), JSON.stringify(validateStatus.errors)).toBe(true);
      expect(unknownFields(statusSchema, status)).toEqual([]);
    }
  });
});
