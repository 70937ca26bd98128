import { describe, expect, it } from "vitest";
import { checkSpec, fieldPath, parseSpec } from "../../src/render/spec.js";
import { sample, type Json } from "../support/fixtures.js";

const problemsOf = (edit: (spec: Json) => void, name = "couponkill-sample") => {
  const seckill = sample();
  edit(seckill.spec);
  const parsed = parseSpec(seckill.spec);
  return parsed.ok ? checkSpec(name, parsed.spec) : parsed.problems;
};

describe("parseSpec", () => {
  it("applies the schema's defaults", () => {
    const parsed = parseSpec({ services: { goService: { image: "go:1" } } });
    expect(parsed.ok && parsed.spec.services?.goService).toMatchObject({ enabled: true, replicas: 1, serviceType: "ClusterIP" });
  });

  it("names the field and the rule of a schema violation", () => {
    expect(problemsOf((spec) => (spec.services.goService.replicas = "two"))).toContainEqual({
      field: "spec.services.goService.replicas",
      message: "expected integer",
    });
  });

  it("rejects a spec that is not an object", () => {
    expect(parseSpec("nope")).toEqual({ ok: false, problems: [{ field: "spec", message: "must be an object" }] });
  });

  it("leaves the spec it was given untouched", () => {
    const spec = sample().spec;
    const before = structuredClone(spec);
    parseSpec(spec);
    expect(spec).toEqual(before);
  });

  it("keeps a __proto__ key as data, so it cannot stand in for a field's default", () => {
    const raw = JSON.parse('{"services":{"goService":{"image":"go:1","__proto__":{"enabled":false}}}}');
    const parsed = parseSpec(raw);
    expect(parsed.ok && parsed.spec.services?.goService?.enabled).toBe(true);
    expect(parsed.ok && Object.getPrototypeOf(parsed.spec.services?.goService)).toBe(Object.prototype);
  });

  /** A spec whose deepest object is at the given depth (the spec itself at 0). */
  const nestedTo = (depth: number) => {
    let deep: unknown = {};
    for (let i = 1; i < depth; i += 1) deep = { deeper: deep };
    return { services: {}, extra: deep };
  };

  it("reads a spec nested 31 levels deep", () => {
    expect(parseSpec(nestedTo(31)).ok).toBe(true);
  });

  it("refuses a spec nested 32 levels deep or more", () => {
    expect(parseSpec(nestedTo(32))).toEqual({ ok: false, problems: [{ field: "spec", message: "is nested deeper than 32 levels" }] });
  });

  it("turns JSON pointers into field paths", () => {
    expect(fieldPath("/services/goService/ports/0/name")).toBe("spec.services.goService.ports[0].name");
  });
});

describe("checkSpec", () => {
  it("accepts the original sample", () => {
    expect(problemsOf(() => {})).toEqual([]);
  });

  it("requires KEDA's target to be enabled", () => {
    expect(problemsOf((spec) => (spec.services.goService.enabled = false))).toContainEqual({
      field: "spec.scaling.keda.target",
      message: "KEDA targets goService, which is not enabled",
    });
  });

  it("requires HPA minReplicas <= maxReplicas", () => {
    expect(problemsOf((spec) => (spec.scaling.hpa.minReplicas = 20))).toContainEqual({
      field: "spec.scaling.hpa.minReplicas",
      message: "(20) must be <= maxReplicas (10)",
    });
  });

  it("rejects a repeated port name", () => {
    expect(problemsOf((spec) => spec.services.goService.ports.push({ name: "http", port: 9090 }))).toContainEqual({
      field: "spec.services.goService.ports[1].name",
      message: 'port name "http" is repeated; port names must be unique',
    });
  });

  it("rejects a named targetPort that names no port of the service", () => {
    expect(problemsOf((spec) => (spec.services.goService.ports[0].targetPort = "web"))).toContainEqual({
      field: "spec.services.goService.ports[0].targetPort",
      message: "\"web\" must be a port number or the name of one of this service's ports",
    });
  });

  it("rejects a port name Kubernetes would refuse", () => {
    expect(problemsOf((spec) => (spec.services.goService.ports[0].name = "my--port"))).toContainEqual({
      field: "spec.services.goService.ports[0].name",
      message: `"my--port" must be an IANA service name: at most 15 lower case letters, digits and '-', with a letter, no '--'`,
    });
  });

  it("rejects a repeated environment variable", () => {
    expect(problemsOf((spec) => spec.services.goService.env.push({ name: "NACOS_SERVER_ADDR", value: "x" }))).toContainEqual({
      field: "spec.services.goService.env[1].name",
      message: 'environment variable "NACOS_SERVER_ADDR" is repeated',
    });
  });

  it("rejects a parent name that would make child names longer than 63 characters", () => {
    const [problem] = problemsOf(() => {}, "a".repeat(54));
    expect(problem?.field).toBe("metadata.name");
    expect(problem?.message).toMatch(/at most 53 characters/);
  });

  it("rejects the KEDA target listed under the HPA", () => {
    expect(problemsOf((spec) => (spec.scaling.hpa.services = ["goService"]))).toContainEqual({
      field: "spec.scaling.hpa.services",
      message: "goService is KEDA's target and cannot also be scaled by the HPA",
    });
  });

  it("requires KEDA's Kafka settings", () => {
    expect(problemsOf((spec) => delete spec.scaling.keda.kafkaScaler.consumerGroup)).toContainEqual({
      field: "spec.scaling.keda.kafkaScaler.consumerGroup",
      message: "is required when KEDA is enabled",
    });
  });
});
