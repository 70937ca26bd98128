// A Seckill's whole life on the original sample, through the real hook server and a model of Metacontroller,
// the API server and the cluster's controllers (cluster.ts). Each test reads as a timeline.
import { afterEach, describe, expect, it } from "vitest";
import { CONFIG_CHECKSUM_ANNOTATION } from "../../src/render/config.js";
import { T0, sample, type Json } from "../support/fixtures.js";
import { Cluster } from "./cluster.js";
import { shippedController } from "./shipped-controller.js";

const SERVICES = ["go", "coupon", "order", "user", "gateway"].map((short) => `couponkill-sample-${short}`);

let cluster: Cluster;
afterEach(async () => {
  await cluster?.close();
});

async function running(seckill = sample()): Promise<Cluster> {
  cluster = new Cluster(shippedController, seckill, T0);
  await cluster.converge();
  return cluster;
}

const condition = (type: string) => (cluster.parent.status.conditions as Json[]).find((c) => c.type === type);
const replicas = (name: string) => cluster.get("Deployment", name)?.spec.replicas;

describe("creating a Seckill", () => {
  it("converges to Ready, 5/5, in a few rounds, then reaches a fixed point", async () => {
    cluster = new Cluster(shippedController, sample(), T0);
    const rounds = await cluster.converge();
    expect(rounds).toBeLessThanOrEqual(4);
    expect(cluster.parent.status).toMatchObject({ phase: "Ready", readyServices: "5/5" });
    const { record } = await cluster.sync();
    expect(record).toEqual({ created: [], updated: [], deleted: [], replicaWrites: [] });
  });

  it("keeps each condition's lastTransitionTime while its status holds", async () => {
    await running();
    const before = structuredClone(cluster.parent.status.conditions);
    for (let i = 0; i < 3; i += 1) {
      cluster.tick(60);
      await cluster.sync();
    }
    expect(cluster.parent.status.conditions).toEqual(before);
  });
});

describe("scaling by hand and failing rollouts", () => {
  it("applies a new replica count for a service without an autoscaler", async () => {
    const seckill = sample();
    delete seckill.spec.scaling;
    await running(seckill);
    cluster.editSpec((spec) => (spec.services.orderService.replicas = 4));
    await cluster.converge();
    expect(replicas("couponkill-sample-order")).toBe(4);
    expect(cluster.parent.status).toMatchObject({ phase: "Ready", observedGeneration: 2 });
  });

  it("turns Degraded, naming the Deployment, when a rollout fails, and recovers when it succeeds", async () => {
    await running();
    cluster.failing.add("couponkill-sample-gateway");
    cluster.tick();
    await cluster.sync();
    expect(cluster.parent.status.phase).toBe("Degraded");
    expect(condition("Degraded")?.message).toContain("Deployment couponkill-sample-gateway: ProgressDeadlineExceeded");
    cluster.failing.clear();
    cluster.tick();
    await cluster.sync();
    expect(cluster.parent.status.phase).toBe("Ready");
    expect(condition("Degraded")?.status).toBe("False");
  });
});

describe("handing replicas to the autoscalers while the system runs", () => {
  /**
   * The hook echoes the observed replica count of an autoscaled Deployment instead of leaving the field out:
   * dynamic apply would delete a field that last-applied has and the desired object lacks, and the API server
   * would then default it to 1. This story proves no apply ever lowers a Deployment's replicas at the hand-over.
   */
  it("never lowers a Deployment's replicas, not even for one apply, when autoscaling is turned on", async () => {
    const seckill = sample();
    delete seckill.spec.scaling;
    for (const service of Object.values(seckill.spec.services as Record<string, Json>)) service.replicas = 6;
    await running(seckill);
    cluster.editSpec((spec) => (spec.scaling = sample().spec.scaling));
    await cluster.converge();
    const writes = cluster.log.flatMap((record) => record.replicaWrites).filter((write) => write.replicas !== 6);
    expect(writes).toEqual([]);
    for (const name of SERVICES) expect(replicas(name)).toBe(6);
    expect(cluster.get("ScaledObject", "couponkill-sample-go")).toBeDefined();
    expect(cluster.get("HorizontalPodAutoscaler", "couponkill-sample-order")).toBeDefined();
  });

  it("never fights the autoscalers: a resync leaves the replicas they set", async () => {
    await running();
    const scaled = { "couponkill-sample-go": cluster.autoscale("couponkill-sample-go", 9), "couponkill-sample-order": cluster.autoscale("couponkill-sample-order", 7) };
    for (let i = 0; i < 3; i += 1) {
      cluster.tick(60);
      const { record } = await cluster.sync();
      // The first resync records the new count in last-applied (a write that keeps it); none changes it.
      for (const write of record.replicaWrites) expect(write.replicas).toBe(scaled[write.name as keyof typeof scaled]);
      if (i > 0) expect(record.replicaWrites).toEqual([]);
    }
    expect([replicas("couponkill-sample-go"), replicas("couponkill-sample-order")]).toEqual([9, 7]);
    expect(cluster.parent.status.services.goService.replicas).toBe(9);
  });

  it("brings the spec's replicas back when autoscaling is turned off", async () => {
    await running();
    cluster.autoscale("couponkill-sample-coupon", 8);
    cluster.editSpec((spec) => {
      spec.scaling.hpa.enabled = false;
      spec.scaling.keda.enabled = false;
    });
    await cluster.converge();
    expect(SERVICES.map(replicas)).toEqual([2, 2, 2, 1, 1]);
    expect(cluster.get("HorizontalPodAutoscaler", "couponkill-sample-coupon")).toBeUndefined();
    expect(cluster.get("ScaledObject", "couponkill-sample-go")).toBeUndefined();
  });
});

describe("shared configuration", () => {
  const withConfig = () => {
    const seckill = sample();
    seckill.spec.config = { data: { NACOS_SERVER_ADDR: "nacos:8848" } };
    return seckill;
  };
  const templates = () => SERVICES.map((name) => cluster.get("Deployment", name)?.spec.template);

  it("rolls every pod template when spec.config.data changes", async () => {
    await running(withConfig());
    const before = templates();
    cluster.editSpec((spec) => (spec.config.data.NACOS_SERVER_ADDR = "nacos-2:8848"));
    await cluster.converge();
    templates().forEach((template, index) => {
      expect(template.metadata.annotations[CONFIG_CHECKSUM_ANNOTATION]).not.toBe(before[index].metadata.annotations[CONFIG_CHECKSUM_ANNOTATION]);
    });
  });

  it("rolls nothing when nothing changes", async () => {
    await running(withConfig());
    const generations = SERVICES.map((name) => cluster.get("Deployment", name)?.metadata.generation);
    cluster.editSpec(() => {});
    cluster.tick(300);
    await cluster.sync();
    expect(SERVICES.map((name) => cluster.get("Deployment", name)?.metadata.generation)).toEqual(generations);
  });
});

describe("disabling and re-enabling a service", () => {
  it("removes exactly that service's children and touches nothing else", async () => {
    await running();
    const others = [...cluster.children.values()].filter((child) => child.metadata.name !== "couponkill-sample-user");
    const versions = new Map(others.map((child) => [`${child.kind}/${child.metadata.name}`, child.metadata.resourceVersion]));
    cluster.editSpec((spec) => (spec.services.userService.enabled = false));
    const { record } = await cluster.sync();
    expect(record.deleted.sort()).toEqual(
      ["Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Service", "ServiceMonitor"].map((kind) => `${kind}/couponkill-sample-user`),
    );
    expect(record.created).toEqual([]);
    expect(record.updated.filter((name) => name !== "ConfigMap/couponkill-sample-dashboard")).toEqual([]);
    for (const [name, version] of versions) {
      if (name !== "ConfigMap/couponkill-sample-dashboard") expect(cluster.children.get(name)?.metadata.resourceVersion, name).toBe(version);
    }
  });

  it("brings them back when re-enabled", async () => {
    await running();
    cluster.editSpec((spec) => (spec.services.userService.enabled = false));
    await cluster.converge();
    cluster.editSpec((spec) => (spec.services.userService.enabled = true));
    await cluster.converge();
    expect(cluster.get("Deployment", "couponkill-sample-user")).toBeDefined();
    expect(cluster.parent.status).toMatchObject({ phase: "Ready", readyServices: "5/5" });
  });
});

describe("a bad edit", () => {
  it("deletes and changes nothing, reports Invalid, and recovers once fixed", async () => {
    await running();
    const before = structuredClone([...cluster.children.entries()]);
    cluster.editSpec((spec) => (spec.scaling.hpa.minReplicas = 50));
    const { record } = await cluster.sync();
    expect(record).toEqual({ created: [], updated: [], deleted: [], replicaWrites: [] });
    expect([...cluster.children.entries()]).toEqual(before);
    expect(cluster.parent.status.phase).toBe("Invalid");
    expect(condition("SpecValid")?.message).toContain("spec.scaling.hpa.minReplicas");
    cluster.editSpec((spec) => (spec.scaling.hpa.minReplicas = 2));
    await cluster.converge();
    expect(cluster.parent.status.phase).toBe("Ready");
    expect(cluster.get("HorizontalPodAutoscaler", "couponkill-sample-order")?.spec.minReplicas).toBe(2);
  });
});

describe("deleting a Seckill", () => {
  it("releases every child through the finalize hook, then reports finalized", async () => {
    await running();
    const first = await cluster.sync(true);
    expect(first.response.finalized).toBe(false);
    expect(cluster.children.size).toBe(0);
    const second = await cluster.sync(true);
    expect(second.response.finalized).toBe(true);
  });
});

describe("a flash sale", () => {
  it("raises the minimums at the warm-up and restores them after the end, called back exactly at each boundary", async () => {
    cluster = new Cluster(shippedController, sample("samples/seckill-sale.yaml"), new Date("2026-11-10T12:00:00Z"));
    await cluster.converge();
    const hpa = (short: string) => cluster.get("HorizontalPodAutoscaler", `couponkill-sale-${short}`)?.spec;
    const deploymentReplicas = (short: string) => cluster.get("Deployment", `couponkill-sale-${short}`)?.spec.replicas;
    const followResync = async () => {
      const { response } = await cluster.sync();
      cluster.now = new Date(cluster.now.getTime() + (response.resyncAfterSeconds ?? 0) * 1000);
      return cluster.sync();
    };
    expect(cluster.parent.status.sale).toMatchObject({ name: "double-11", phase: "Upcoming" });
    expect(hpa("gateway")).toMatchObject({ minReplicas: 1, maxReplicas: 10 });

    await followResync();
    expect(cluster.now.toISOString()).toBe("2026-11-10T15:30:00.000Z");
    expect(cluster.parent.status.sale).toMatchObject({ phase: "WarmingUp" });
    expect(hpa("gateway")).toMatchObject({ minReplicas: 20, maxReplicas: 20 });
    expect([deploymentReplicas("gateway"), deploymentReplicas("go"), deploymentReplicas("order")]).toEqual([20, 30, 8]);
    cluster.tick();
    await cluster.sync();
    expect(cluster.parent.status.conditions).toContainEqual(expect.objectContaining({ type: "SaleCapacityReady", status: "True" }));

    await followResync();
    expect(cluster.now.toISOString()).toBe("2026-11-10T16:00:00.000Z");
    expect(cluster.parent.status.sale).toMatchObject({ phase: "Live", nextChange: "2026-11-10T18:00:00Z" });

    await followResync();
    expect(cluster.now.toISOString()).toBe("2026-11-10T18:00:00.000Z");
    expect(hpa("gateway")).toMatchObject({ minReplicas: 1, maxReplicas: 10 });
    expect(cluster.get("ScaledObject", "couponkill-sale-go")?.spec).toMatchObject({ minReplicaCount: 1, maxReplicaCount: 10 });
    expect(cluster.parent.status.sale).toMatchObject({ name: "double-12", phase: "Upcoming" });
    // After the sale the autoscalers bring replicas down at their own pace; the hook does not cut them.
    expect(deploymentReplicas("gateway")).toBe(20);
  });
});
