import { describe, expect, it } from "vitest";
import { ORIGINAL, byKind, controllerWithout, named, requestFor, sample, syncSample, fixedClock } from "../support/fixtures.js";
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
