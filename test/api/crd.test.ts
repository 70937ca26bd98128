import { RE2JS } from "@bufbuild/re2";
import { CustomResourceDefinition } from "kubernetes-models/apiextensions.k8s.io/v1";
import { describe, expect, it } from "vitest";
import { crdYaml, seckillCrd } from "../../src/api/crd.js";
import { loadCrd, openApiSchema } from "../support/crd-admission.js";
import { readText } from "../support/samples.js";

type Node = Record<string, unknown>;

/** Every schema node with its path, for structural checks. */
function* nodes(schema: Node, path = "openAPIV3Schema"): Generator<[string, Node]> {
  yield [path, schema];
  for (const [name, child] of Object.entries((schema.properties ?? {}) as Record<string, Node>)) yield* nodes(child, `${path}.${name}`);
  if (schema.items) yield* nodes(schema.items as Node, `${path}[]`);
  if (typeof schema.additionalProperties === "object") yield* nodes(schema.additionalProperties as Node, `${path}{}`);
}

describe("the Seckill CRD", () => {
  it("is committed exactly as src/api generates it (run `npm run generate:crd` after a schema change)", () => {
    expect(readText("crd/seckills.ops.couponkill.io.yaml")).toBe(crdYaml());
  });

  it("is a valid apiextensions.k8s.io/v1 CustomResourceDefinition", () => {
    expect(() => new CustomResourceDefinition(loadCrd() as never).validate()).not.toThrow();
  });

  it("names the resource seckills.ops.couponkill.io, namespaced, kind Seckill, short name sk", () => {
    const crd = seckillCrd();
    expect(crd.metadata.name).toBe("seckills.ops.couponkill.io");
    expect(crd.spec.scope).toBe("Namespaced");
    expect(crd.spec.names).toMatchObject({ kind: "Seckill", plural: "seckills", shortNames: ["sk"] });
  });

  it("serves and stores v1 with a status subresource", () => {
    const [version] = seckillCrd().spec.versions;
    expect(version).toMatchObject({ name: "v1", served: true, storage: true, subresources: { status: {} } });
  });

  it("prints ready services, phase, the sale's phase and age", () => {
    const [version] = seckillCrd().spec.versions;
    expect(version?.additionalPrinterColumns.map((column) => [column.name, column.jsonPath])).toEqual([
      ["Ready", ".status.readyServices"],
      ["Phase", ".status.phase"],
      ["Sale", ".status.sale.phase"],
      ["Age", ".metadata.creationTimestamp"],
    ]);
  });

  it("has a structural schema: every node typed or int-or-string, no $ref, no const", () => {
    const problems: string[] = [];
    for (const [path, node] of nodes(openApiSchema())) {
      if ("$ref" in node || "const" in node || "patternProperties" in node) problems.push(`${path}: non-structural keyword`);
      if (node["x-kubernetes-int-or-string"] === true) {
        expect(node.anyOf).toEqual([{ type: "integer" }, { type: "string" }]);
        expect(node.type).toBeUndefined();
      } else if (typeof node.type !== "string") {
        problems.push(`${path}: no type`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("uses only patterns that Go's RE2 compiles, as the API server does (no lookarounds)", () => {
    const failures: string[] = [];
    for (const [path, node] of nodes(openApiSchema())) {
      if (typeof node.pattern !== "string") continue;
      try {
        RE2JS.compile(node.pattern);
      } catch (error) {
        failures.push(`${path}: ${(error as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("declares its defaults, so the API server applies the same ones as the hook", () => {
    const spec = (openApiSchema().properties as Record<string, Node>).spec as Node;
    const go = ((spec.properties as Record<string, Node>).services as Node).properties as Record<string, Node>;
    const goProps = (go.goService as Node).properties as Record<string, Node>;
    expect(goProps.enabled?.default).toBe(true);
    expect(goProps.replicas?.default).toBe(1);
    const hpa = ((((spec.properties as Record<string, Node>).scaling as Node).properties as Record<string, Node>).hpa as Node)
      .properties as Record<string, Node>;
    expect([hpa.minReplicas?.default, hpa.maxReplicas?.default, hpa.targetCPUUtilizationPercentage?.default]).toEqual([1, 10, 80]);
  });
});
