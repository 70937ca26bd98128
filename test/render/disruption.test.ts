import { describe, expect, it } from "vitest";
import { ORIGINAL, byKind, named, sample, syncSample } from "../support/fixtures.js";

describe("renderPodDisruptionBudget", () => {
  it("lets a drain take at most one pod of a service at a time", () => {
    const pdb = named(syncSample().children, "PodDisruptionBudget", `${ORIGINAL}-go`);
    expect(pdb?.spec).toMatchObject({ maxUnavailable: 1, selector: { matchLabels: { "app.kubernetes.io/component": "go" } } });
  });

  it("covers autoscaled services, which can run more than one pod", () => {
    expect(byKind(syncSample().children, "PodDisruptionBudget")).toHaveLength(5);
  });

  it("is left out for a service fixed at one replica, so drains are never blocked", () => {
    const seckill = sample();
    delete seckill.spec.scaling;
    const names = byKind(syncSample(seckill).children, "PodDisruptionBudget").map((pdb) => pdb.metadata.name);
    expect(names).toEqual([`${ORIGINAL}-go`, `${ORIGINAL}-coupon`, `${ORIGINAL}-order`]);
  });
});
