import { describe, expect, it } from "vitest";
import { ORIGINAL, applied, byKind, controllerWithout, named, requestFor, sample, syncSample, fixedClock, type Json } from "../support/fixtures.js";
import { sync } from "../../src/render/sync.js";

describe("renderScaledObject", () => {
  it("scales KEDA's target (goService by default) on the Kafka consumer lag", () => {
    const scaledObject = named(syncSample().children, "ScaledObject", `${ORIGINAL}-go`);
    expect(scaledObject?.spec).toMatchObject({
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: `${ORIGINAL}-go` },
      pollingInterval: 30,
      cooldownPeriod: 300,
      minReplicaCount: 1,
      maxReplicaCount: 10,
      triggers: [
        {
          type: "kafka",
          metadata: { bootstrapServers: "broker:9092", consumerGroup: "seckill-go-group", topic: "seckill_order_create", lagThreshold: "5" },
        },
      ],
    });
  });

  it("passes the TriggerAuthentication for SASL/TLS brokers", () => {
    const seckill = sample();
    seckill.spec.scaling.keda.authenticationRef = { name: "kafka-sasl" };
    const [trigger] = named(syncSample(seckill).children, "ScaledObject", `${ORIGINAL}-go`)?.spec.triggers;
    expect(trigger.authenticationRef).toEqual({ name: "kafka-sasl", kind: "TriggerAuthentication" });
  });

  it("renders lagThreshold as a string when given as a number", () => {
    const seckill = sample();
    seckill.spec.scaling.keda.kafkaScaler.lagThreshold = 50;
    const [trigger] = named(syncSample(seckill).children, "ScaledObject", `${ORIGINAL}-go`)?.spec.triggers;
    expect(trigger.metadata.lagThreshold).toBe("50");
  });

  it("keeps the live replica count when ScaledObjects stop being registered, so a leftover one is not fought", () => {
    const observed = syncSample().children.map(applied) as Json[];
    observed.find((child) => child.kind === "Deployment" && child.metadata.name === `${ORIGINAL}-go`)!.spec.replicas = 30;
    const response = sync(requestFor(sample(), observed as never, controllerWithout("scaledobjects")), fixedClock());
    expect(named(response.children, "Deployment", `${ORIGINAL}-go`)?.spec.replicas).toBe(30);
  });

  it("follows the target to another service, which then gets no HPA", () => {
    const seckill = sample();
    seckill.spec.scaling.keda.target = "orderService";
    const { children } = syncSample(seckill);
    expect(byKind(children, "ScaledObject").map((s) => s.metadata.name)).toEqual([`${ORIGINAL}-order`]);
    expect(named(children, "HorizontalPodAutoscaler", `${ORIGINAL}-order`)).toBeUndefined();
    expect(named(children, "HorizontalPodAutoscaler", `${ORIGINAL}-go`)).toBeDefined();
  });

  it("is not rendered, and no HPA is swapped in, when ScaledObjects are not registered", () => {
    const response = sync(requestFor(sample(), [], controllerWithout("scaledobjects")), fixedClock());
    expect(byKind(response.children, "ScaledObject")).toEqual([]);
    expect(named(response.children, "HorizontalPodAutoscaler", `${ORIGINAL}-go`)).toBeUndefined();
    expect(named(response.children, "Deployment", `${ORIGINAL}-go`)?.spec.replicas).toBe(2);
    expect(response.status.conditions).toContainEqual(
      expect.objectContaining({ type: "AutoscalingReady", status: "False", reason: "ScaledObjectsNotRegistered" }),
    );
  });
});
