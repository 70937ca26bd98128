// fast-check generators of valid Seckills, for property-based tests.
import fc from "fast-check";
import { SERVICE_KEYS, type ServiceKey } from "../../src/api/seckill.js";
import type { Json } from "./fixtures.js";

const PORT_NAMES = ["http", "grpc", "metrics", "admin"];

const port = (name: string, number: number) => fc.record({ name: fc.constant(name), port: fc.constant(number), protocol: fc.constantFrom("TCP", "UDP") });

const ports = fc
  .subarray(PORT_NAMES, { minLength: 0, maxLength: 3 })
  .chain((names) => fc.tuple(...names.map((name, index) => port(name, 8080 + index))).map((list) => [...list]));

const service = fc.record(
  {
    enabled: fc.boolean(),
    image: fc.stringMatching(/^[a-z][a-z0-9-]{0,12}:[0-9]\.[0-9]$/),
    replicas: fc.integer({ min: 0, max: 20 }),
    ports,
    serviceType: fc.constantFrom("ClusterIP", "NodePort", "LoadBalancer"),
    resources: fc.constant({ requests: { cpu: "100m", memory: "128Mi" } }),
    env: fc.constant([{ name: "MODE", value: "sale" }]),
  },
  { requiredKeys: ["enabled", "image"] },
);

const services = fc.record(Object.fromEntries(SERVICE_KEYS.map((key) => [key, service])) as Record<ServiceKey, typeof service>, {
  requiredKeys: [],
});

const bounds = fc.integer({ min: 1, max: 5 }).chain((min) => fc.tuple(fc.constant(min), fc.integer({ min, max: 30 })));

export const validSeckill: fc.Arbitrary<Json> = services.chain((svc) => {
  const enabled = SERVICE_KEYS.filter((key) => svc[key] !== undefined && svc[key]?.enabled !== false);
  const keda =
    enabled.length === 0
      ? fc.constant(undefined)
      : fc.option(
          fc.tuple(fc.constantFrom(...enabled), bounds, fc.boolean()).map(([target, [min, max], on]) => ({
            enabled: on,
            target,
            minReplicaCount: min - 1,
            maxReplicaCount: max,
            kafkaScaler: { bootstrapServers: "broker:9092", consumerGroup: "g", topic: "t", lagThreshold: "5" },
          })),
          { nil: undefined },
        );
  const hpa = fc.option(
    fc.tuple(bounds, fc.integer({ min: 1, max: 100 }), fc.boolean()).map(([[min, max], cpu, on]) => ({
      enabled: on,
      minReplicas: min,
      maxReplicas: max,
      targetCPUUtilizationPercentage: cpu,
    })),
    { nil: undefined },
  );
  const monitoring = fc.option(fc.record({ enabled: fc.boolean(), prometheusEnabled: fc.boolean(), grafanaEnabled: fc.boolean() }), { nil: undefined });
  const config = fc.option(fc.record({ data: fc.dictionary(fc.stringMatching(/^[A-Z][A-Z_]{0,8}$/), fc.string({ maxLength: 10 }), { maxKeys: 3 }) }), { nil: undefined });
  return fc.record({ keda, hpa, monitoring, config }).map(({ keda: k, hpa: h, monitoring: m, config: c }) => ({
    apiVersion: "ops.couponkill.io/v1",
    kind: "Seckill",
    metadata: { name: "flash", namespace: "shop", generation: 1 },
    spec: {
      services: svc,
      ...(k || h ? { scaling: { ...(k ? { keda: k } : {}), ...(h ? { hpa: h } : {}) } } : {}),
      ...(m ? { monitoring: m } : {}),
      ...(c ? { config: c } : {}),
    },
  }));
});

/** Edits that make a valid spec unrenderable, each naming what it breaks. */
export const breakage = fc.constantFrom<[string, (spec: Json) => void]>(
  ["hpa min above max", (spec) => (spec.scaling = { ...spec.scaling, hpa: { enabled: true, minReplicas: 9, maxReplicas: 2 } })],
  ["replicas not a number", (spec) => (spec.services = { ...spec.services, goService: { image: "x:1", replicas: "many" } })],
  ["services not an object", (spec) => (spec.services = [])],
  ["duplicate port name", (spec) => (spec.services = { ...spec.services, userService: { image: "u:1", ports: [{ name: "a1", port: 1 }, { name: "a1", port: 2 }] } })],
  ["keda without kafka", (spec) => (spec.scaling = { keda: { enabled: true, target: "goService" } })],
);
