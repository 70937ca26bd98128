import { describe, expect, it } from "vitest";
import { ORIGINAL, applied, named, sample, syncSample, type Json } from "../support/fixtures.js";

/** The sample without autoscaling, applied, then the autoscalers turned on while the Deployments run. */
function handOver(liveReplicas: number) {
  const before = sample();
  delete before.spec.scaling;
  const observed = syncSample(before).children.map((child) => {
    const object = applied(child) as Json;
    if (object.kind === "Deployment") object.spec.replicas = liveReplicas;
    return object;
  });
  return syncSample(sample(), observed as never);
}

describe("replicas under an autoscaler", () => {
  it("keeps the live replica count when an HPA takes over a running Deployment", () => {
    const deployment = named(handOver(7).children, "Deployment", `${ORIGINAL}-coupon`);
    expect(deployment?.spec.replicas).toBe(7);
  });

  it("keeps the live replica count when KEDA takes over a running Deployment", () => {
    expect(named(handOver(6).children, "Deployment", `${ORIGINAL}-go`)?.spec.replicas).toBe(6);
  });

  it("echoes the count the autoscaler set, never one of its own", () => {
    const observed = syncSample().children.map((child) => {
      const object = applied(child) as Json;
      if (object.kind === "Deployment" && object.metadata.name === `${ORIGINAL}-order`) object.spec.replicas = 9;
      return object;
    });
    expect(named(syncSample(sample(), observed as never).children, "Deployment", `${ORIGINAL}-order`)?.spec.replicas).toBe(9);
  });

  it("falls back to the spec's count, within bounds, when the live count is not one the API server could store", () => {
    const deployment = named(handOver(0.5).children, "Deployment", `${ORIGINAL}-coupon`);
    expect(deployment?.spec.replicas).toBe(sample().spec.services.couponService.replicas);
  });

  it("starts a new autoscaled Deployment at the spec's count, within the autoscaler's bounds", () => {
    const seckill = sample();
    seckill.spec.services.orderService.replicas = 50;
    expect(named(syncSample(seckill).children, "Deployment", `${ORIGINAL}-order`)?.spec.replicas).toBe(10);
  });
});
