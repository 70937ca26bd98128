import { describe, expect, it } from "vitest";
import { FLASH_SALE_BEHAVIOR } from "../../src/render/hpa.js";
import { ORIGINAL, byKind, named, sample, syncSample } from "../support/fixtures.js";

describe("renderHpa", () => {
  it("gives every HPA service an autoscaling/v2 HPA on its Deployment, except KEDA's target", () => {
    const names = byKind(syncSample().children, "HorizontalPodAutoscaler").map((hpa) => hpa.metadata.name);
    expect(names).toEqual(["coupon", "order", "user", "gateway"].map((s) => `${ORIGINAL}-${s}`));
  });

  it("targets its Deployment with the spec's CPU utilization and bounds", () => {
    const hpa = named(syncSample().children, "HorizontalPodAutoscaler", `${ORIGINAL}-coupon`);
    expect(hpa?.spec).toMatchObject({
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: `${ORIGINAL}-coupon` },
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }],
    });
  });

  it("scales up at once and down slowly when no behavior is given", () => {
    const hpa = named(syncSample().children, "HorizontalPodAutoscaler", `${ORIGINAL}-coupon`);
    expect(hpa?.spec.behavior).toEqual(FLASH_SALE_BEHAVIOR);
    expect(FLASH_SALE_BEHAVIOR.scaleUp?.stabilizationWindowSeconds).toBe(0);
    expect(FLASH_SALE_BEHAVIOR.scaleDown?.stabilizationWindowSeconds).toBeGreaterThanOrEqual(300);
  });

  it("uses the spec's behavior when given", () => {
    const seckill = sample();
    seckill.spec.scaling.hpa.behavior = { scaleDown: { stabilizationWindowSeconds: 60 } };
    const hpa = named(syncSample(seckill).children, "HorizontalPodAutoscaler", `${ORIGINAL}-coupon`);
    expect(hpa?.spec.behavior).toEqual({ scaleDown: { stabilizationWindowSeconds: 60 } });
  });

  it("applies only to the listed services when hpa.services is set", () => {
    const seckill = sample();
    seckill.spec.scaling.hpa.services = ["gatewayService"];
    const names = byKind(syncSample(seckill).children, "HorizontalPodAutoscaler").map((hpa) => hpa.metadata.name);
    expect(names).toEqual([`${ORIGINAL}-gateway`]);
  });

  it("is removed, and replicas come back from the spec, when autoscaling is turned off", () => {
    const seckill = sample();
    seckill.spec.scaling.hpa.enabled = false;
    const { children } = syncSample(seckill);
    expect(byKind(children, "HorizontalPodAutoscaler")).toEqual([]);
    expect(named(children, "Deployment", `${ORIGINAL}-order`)?.spec.replicas).toBe(2);
  });
});
