import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/api/metacontroller.js";
import { sync } from "../../src/render/sync.js";
import { ORIGINAL, T0, fixedClock, requestFor, rolledOut, sample, syncSample, type Json } from "../support/fixtures.js";

const allRolledOut = () => syncSample().children.map(rolledOut);

function withDeployment(observed: KubeObject[], name: string, edit: (deployment: Json) => void): KubeObject[] {
  return observed.map((child) => {
    if (child.kind !== "Deployment" || child.metadata.name !== `${ORIGINAL}-${name}`) return child;
    const copy = structuredClone(child) as Json;
    edit(copy);
    return copy as KubeObject;
  });
}

const statusOf = (observed: KubeObject[], seckill = sample()) => syncSample(seckill, observed).status;
const condition = (status: ReturnType<typeof statusOf>, type: string) => status.conditions?.find((c) => c.type === type);

describe("seckillStatus", () => {
  it("is Pending with 0/5 ready before anything is observed", () => {
    expect(statusOf([])).toMatchObject({ phase: "Pending", readyServices: "0/5" });
  });

  it("is Ready, 5/5, when every Deployment is fully available at the desired image", () => {
    const status = statusOf(allRolledOut());
    expect(status).toMatchObject({ phase: "Ready", readyServices: "5/5" });
    expect(condition(status, "Ready")).toMatchObject({ status: "True", reason: "AllServicesAvailable" });
  });

  it("reports the parent's generation as observedGeneration", () => {
    const seckill = sample();
    seckill.metadata.generation = 7;
    expect(statusOf([], seckill).observedGeneration).toBe(7);
  });

  it("counts replicas per service from the observed Deployment", () => {
    const observed = withDeployment(allRolledOut(), "order", (d) => Object.assign(d.status, { readyReplicas: 1, availableReplicas: 1 }));
    expect(statusOf(observed).services?.orderService).toEqual({
      enabled: true,
      autoscaler: "HPA",
      replicas: 2,
      readyReplicas: 1,
      updatedReplicas: 2,
      availableReplicas: 1,
    });
  });

  it("is Progressing, 4/5, while one service has fewer available replicas than wanted", () => {
    const observed = withDeployment(allRolledOut(), "order", (d) => (d.status.availableReplicas = 1));
    const status = statusOf(observed);
    expect(status).toMatchObject({ phase: "Progressing", readyServices: "4/5" });
    expect(condition(status, "Progressing")?.message).toContain(`Deployment ${ORIGINAL}-order: 1/2 replicas available`);
  });

  it("is not ready while a Deployment still runs another image than the spec's", () => {
    const seckill = sample();
    seckill.spec.services.userService.image = "user:2";
    expect(statusOf(allRolledOut(), seckill)).toMatchObject({ phase: "Progressing", readyServices: "4/5" });
  });

  it("is Degraded, naming the Deployment, when a rollout exceeds its progress deadline", () => {
    const observed = withDeployment(allRolledOut(), "gateway", (d) =>
      d.status.conditions.splice(1, 1, { type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded", message: "ReplicaSet has timed out progressing." }),
    );
    const status = statusOf(observed);
    expect(status.phase).toBe("Degraded");
    expect(condition(status, "Degraded")).toMatchObject({ status: "True", message: expect.stringContaining(`Deployment ${ORIGINAL}-gateway: ProgressDeadlineExceeded`) });
  });

  it("is Degraded when a Deployment reports ReplicaFailure", () => {
    const observed = withDeployment(allRolledOut(), "coupon", (d) =>
      d.status.conditions.push({ type: "ReplicaFailure", status: "True", reason: "FailedCreate", message: "forbidden: exceeded quota" }),
    );
    expect(statusOf(observed).phase).toBe("Degraded");
  });

  it("lists a disabled service as not enabled and leaves it out of the count", () => {
    const seckill = sample();
    seckill.spec.services.userService.enabled = false;
    const status = statusOf(allRolledOut(), seckill);
    expect(status.readyServices).toBe("4/4");
    expect(status.services?.userService?.enabled).toBe(false);
  });

  it("keeps a condition's lastTransitionTime while its status holds", () => {
    const first = sync(requestFor(sample(), allRolledOut()), fixedClock(T0)).status;
    const request = requestFor(sample(), allRolledOut());
    request.parent.status = first;
    const later = sync(request, fixedClock(new Date(T0.getTime() + 3_600_000))).status;
    expect(condition(later, "Ready")?.lastTransitionTime).toBe("2026-11-11T00:00:00Z");
  });

  it("moves lastTransitionTime when a condition's status changes", () => {
    const first = sync(requestFor(sample(), allRolledOut()), fixedClock(T0)).status;
    const observed = withDeployment(allRolledOut(), "order", (d) => (d.status.availableReplicas = 0));
    const request = requestFor(sample(), observed);
    request.parent.status = first;
    const later = sync(request, fixedClock(new Date("2026-11-11T01:00:00Z"))).status;
    expect(condition(later, "Ready")).toMatchObject({ status: "False", lastTransitionTime: "2026-11-11T01:00:00Z" });
  });

  it("keeps the last valid spec's autoscaling and monitoring conditions while the spec is invalid", () => {
    const first = sync(requestFor(sample(), allRolledOut()), fixedClock()).status;
    const seckill = sample();
    seckill.spec.scaling.keda.minReplicaCount = 99;
    const request = requestFor(seckill, allRolledOut());
    request.parent.status = first;
    const status = sync(request, fixedClock()).status;
    expect(status.phase).toBe("Invalid");
    expect(condition(status, "AutoscalingReady")).toEqual(condition(first, "AutoscalingReady"));
  });

  it("reports services from the observed Deployments when the spec is invalid", () => {
    const seckill = sample();
    seckill.spec.scaling.hpa.minReplicas = 50;
    const observed = allRolledOut().map((child) => {
      const copy = structuredClone(child) as Json;
      return copy as KubeObject;
    });
    expect(statusOf(observed, seckill)).toMatchObject({ phase: "Invalid", readyServices: "5/5" });
  });

  it("warns when an HPA service has no CPU request to measure utilization against", () => {
    const seckill = sample();
    delete seckill.spec.services.orderService.resources;
    expect(condition(statusOf([], seckill), "AutoscalingReady")).toMatchObject({
      status: "False",
      reason: "CPURequestMissing",
      message: expect.stringContaining("spec.services.orderService.resources.requests.cpu"),
    });
  });
});
