import { Value } from "@sinclair/typebox/value";
import { describe, expect, it } from "vitest";
import { SeckillSpec } from "../../src/api/seckill.js";
import { admit } from "../support/crd-admission.js";
import { clone, readYaml } from "../support/samples.js";

type Json = Record<string, any>;
const SAMPLES = ["samples/seckill.yaml", "samples/seckill-minimal.yaml", "samples/seckill-no-autoscaling.yaml", "samples/seckill-sale.yaml"];
const original = readYaml<Json>("samples/seckill.yaml");

describe("samples at kubectl apply time", () => {
  it.each(SAMPLES)("%s is accepted by the CRD schema and its CEL rules", (file) => {
    expect(admit(readYaml(file)).errors).toEqual([]);
  });

  it.each(SAMPLES)("%s is accepted by the hook's own schema, after defaults", (file) => {
    const spec = Value.Default(SeckillSpec, clone(readYaml<Json>(file).spec));
    expect([...Value.Errors(SeckillSpec, spec)].map((error) => error.path)).toEqual([]);
  });

  it("gives the original sample the schema's defaults, as the API server stores it", () => {
    const { spec } = admit(original).object as Json;
    expect(spec.scaling.keda).toMatchObject({ target: "goService", minReplicaCount: 1, maxReplicaCount: 10, pollingInterval: 30, cooldownPeriod: 300 });
    expect(spec.services.goService.serviceType).toBe("ClusterIP");
    expect(spec.monitoring.path).toBe("/metrics");
  });

  it("applies the same defaults in the hook as in the API server", () => {
    const stored = (admit(original).object as Json).spec;
    expect(Value.Default(SeckillSpec, clone(original.spec))).toEqual(stored);
  });
});

/** A broken variant of the original sample, the field path the error must name, and words of its message. */
const BROKEN: [string, (spec: Json) => void, string, RegExp][] = [
  ["negative replicas", (s) => (s.services.goService.replicas = -1), "spec.services.goService.replicas", />= 0/],
  ["a port above 65535", (s) => (s.services.orderService.ports[0].port = 70000), "spec.services.orderService.ports[0].port", /<= 65535/],
  ["a port of 0", (s) => (s.services.orderService.ports[0].port = 0), "spec.services.orderService.ports[0].port", />= 1/],
  ["a CPU target over 100", (s) => (s.scaling.hpa.targetCPUUtilizationPercentage = 101), "spec.scaling.hpa.targetCPUUtilizationPercentage", /<= 100/],
  ["HPA minReplicas above maxReplicas", (s) => (s.scaling.hpa.minReplicas = 20), "spec.scaling.hpa.minReplicas", /less than or equal to maxReplicas/],
  ["an enabled service without an image", (s) => delete s.services.couponService.image, "spec.services.couponService.image", /needs an image/],
  ["KEDA without a topic", (s) => delete s.scaling.keda.kafkaScaler.topic, "spec.scaling.keda.kafkaScaler", /topic/],
  ["KEDA min above max", (s) => (s.scaling.keda.minReplicaCount = 50), "spec.scaling.keda.minReplicaCount", /less than or equal/],
  ["an unknown service type", (s) => (s.services.gatewayService.serviceType = "Ingress"), "spec.services.gatewayService.serviceType", /allowed values/],
  ["an unknown protocol", (s) => (s.services.goService.ports[0].protocol = "HTTP"), "spec.services.goService.ports[0].protocol", /allowed values/],
  ["a memory request that is no quantity", (s) => (s.services.goService.resources.requests.memory = "lots"), "spec.services.goService.resources.requests.memory", /pattern/],
  ["a port name repeated", (s) => s.services.goService.ports.push({ name: "http", port: 9090 }), "spec.services.goService.ports[1]", /Duplicate/],
  ["env with value and valueFrom", (s) => (s.services.goService.env[0].valueFrom = { fieldRef: { fieldPath: "metadata.name" } }), "spec.services.goService.env[0]", /mutually exclusive/],
  ["the KEDA target also under the HPA", (s) => (s.scaling.hpa.services = ["goService"]), "spec.scaling.hpa.services", /KEDA target/],
  ["a string replica count", (s) => (s.services.userService.replicas = "2"), "spec.services.userService.replicas", /integer/],
  ["a port name with '--'", (s) => (s.services.goService.ports[0].name = "my--port"), "spec.services.goService.ports[0].name", /cannot contain '--'/],
  ["a port name without a letter", (s) => (s.services.goService.ports[0].name = "8080"), "spec.services.goService.ports[0].name", /at least one letter/],
  ["a port name over 15 characters", (s) => (s.services.goService.ports[0].name = "a-very-long-port-name"), "spec.services.goService.ports[0].name", /must NOT have more than 15/],
  ["a target port of 0", (s) => (s.services.goService.ports[0].targetPort = 0), "spec.services.goService.ports[0].targetPort", /from 1 to 65535/],
  ["a scrape interval with units out of order", (s) => (s.monitoring.interval = "30s1m"), "spec.monitoring.interval", /pattern/],
];

const saleSample = readYaml<Json>("samples/seckill-sale.yaml");

describe("broken sales at kubectl apply time", () => {
  const rejects = (edit: (spec: Json) => void, path: string, message: RegExp) => {
    const broken = clone(saleSample);
    edit(broken.spec);
    expect(admit(broken).errors).toContainEqual({ path, message: expect.stringMatching(message) });
  };

  it("rejects a sale that ends before it starts", () => {
    rejects((s) => (s.sales[0].end = "2026-11-10T23:00:00+08:00"), "spec.sales[0].end", /end must be after start/);
  });

  it("rejects a minimum for a service that does not exist", () => {
    rejects((s) => (s.sales[0].minReplicas.paymentService = 3), "spec.sales[0].minReplicas", /keys must be services/);
  });

  it("rejects a time without a time zone", () => {
    rejects((s) => (s.sales[0].start = "2026-11-11T00:00:00"), "spec.sales[0].start", /pattern/);
  });

  it("rejects a warm-up that is not a duration", () => {
    rejects((s) => (s.sales[0].warmup = "half an hour"), "spec.sales[0].warmup", /pattern/);
  });

  it("rejects two sales of the same name", () => {
    rejects((s) => (s.sales[1].name = "double-11"), "spec.sales[1]", /Duplicate/);
  });

  it("rejects more than 16 sales", () => {
    rejects((s) => (s.sales = Array.from({ length: 17 }, (_, i) => ({ ...s.sales[0], name: `sale-${i}` }))), "spec.sales", /must NOT have more than 16 items/);
  });

  it("defaults the warm-up to 10 minutes", () => {
    expect((admit(saleSample).object as Json).spec.sales[1].warmup).toBe("10m");
  });
});

describe("broken Seckills at kubectl apply time", () => {
  it.each(BROKEN)("rejects %s, naming the field", (_what, breakIt, path, message) => {
    const broken = clone(original);
    breakIt(broken.spec);
    const { errors } = admit(broken);
    expect(errors).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it("rejects a name that cannot name a Service", () => {
    const broken = clone(original);
    broken.metadata.name = "11-sale";
    expect(admit(broken).errors).toContainEqual({ path: "", message: expect.stringMatching(/must start with a letter/) });
  });

  it("rejects a name too long for its children's names", () => {
    const broken = clone(original);
    broken.metadata.name = "a".repeat(54);
    expect(admit(broken).errors).toContainEqual({ path: "", message: expect.stringMatching(/at most 53 characters/) });
  });
});
