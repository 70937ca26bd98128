// The Seckill CustomResourceDefinition, generated from the TypeBox schemas so that the API server validates and
// defaults exactly what the hook expects. Kubernetes wants a structural schema: every node typed, no $ref,
// enums instead of const unions, additionalProperties instead of patternProperties.
import type { TSchema } from "@sinclair/typebox";
import { stringify } from "yaml";
import { isJsonObject } from "./json.js";
import { GROUP, KIND, MAX_PARENT_NAME_LENGTH, PLURAL, SeckillSpec, SeckillStatus, VERSION } from "./seckill.js";

type JsonSchema = Record<string, unknown>;

const CARRIED_KEYWORDS = [
  "description",
  "default",
  "minimum",
  "maximum",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "minItems",
  "maxItems",
  "minProperties",
  "maxProperties",
  "enum",
];


function carried(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const key of CARRIED_KEYWORDS) if (key in schema) out[key] = schema[key];
  for (const key of Object.keys(schema)) if (key.startsWith("x-kubernetes-")) out[key] = schema[key];
  return out;
}

/** Turns one TypeBox schema node (as plain JSON) into a structural OpenAPI v3 node. */
export function toStructural(schema: JsonSchema): JsonSchema {
  const anyOf = schema.anyOf;
  if (Array.isArray(anyOf)) {
    if (schema["x-kubernetes-int-or-string"] === true) {
      const stringBranch = anyOf.find((branch) => isJsonObject(branch) && branch.type === "string") as JsonSchema | undefined;
      const { "x-kubernetes-int-or-string": _marker, ...rest } = carried(schema);
      // The string form's pattern sits beside anyOf; bounds of the integer form are CEL rules (see IntOrString).
      return {
        ...rest,
        ...(stringBranch?.pattern ? { pattern: stringBranch.pattern } : {}),
        anyOf: [{ type: "integer" }, { type: "string" }],
        "x-kubernetes-int-or-string": true,
      };
    }
    if (anyOf.every((branch) => isJsonObject(branch) && typeof branch.const === "string")) {
      return { type: "string", ...carried(schema), enum: anyOf.map((branch) => (branch as JsonSchema).const) };
    }
    throw new Error(`unsupported union in schema: ${JSON.stringify(schema).slice(0, 200)}`);
  }
  switch (schema.type) {
    case "object": {
      const out: JsonSchema = { type: "object", ...carried(schema) };
      const properties = schema.properties;
      if (isJsonObject(properties)) {
        out.properties = Object.fromEntries(
          Object.entries(properties).map(([name, child]) => [name, toStructural(child as JsonSchema)]),
        );
      }
      const patternProperties = schema.patternProperties;
      if (isJsonObject(patternProperties)) {
        const [valueSchema] = Object.values(patternProperties);
        out.additionalProperties = toStructural(valueSchema as JsonSchema);
      }
      if (Array.isArray(schema.required) && schema.required.length > 0) out.required = schema.required;
      return out;
    }
    case "array":
      return { type: "array", ...carried(schema), items: toStructural(schema.items as JsonSchema) };
    case "string":
    case "integer":
    case "number":
    case "boolean":
      return { type: schema.type, ...carried(schema) };
    default:
      throw new Error(`unsupported schema node: ${JSON.stringify(schema).slice(0, 200)}`);
  }
}

const plain = (schema: TSchema): JsonSchema => JSON.parse(JSON.stringify(schema)) as JsonSchema;

export const CRD_NAME = `${PLURAL}.${GROUP}`;

export function seckillCrd() {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: {
      name: CRD_NAME,
      labels: { "app.kubernetes.io/name": "couponkill-operator", "app.kubernetes.io/part-of": "couponkill" },
    },
    spec: {
      group: GROUP,
      names: {
        kind: KIND,
        listKind: `${KIND}List`,
        plural: PLURAL,
        singular: KIND.toLowerCase(),
        shortNames: ["sk"],
        categories: ["couponkill"],
      },
      scope: "Namespaced",
      versions: [
        {
          name: VERSION,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: [
            { name: "Ready", type: "string", jsonPath: ".status.readyServices", description: "Available services out of the enabled ones." },
            { name: "Phase", type: "string", jsonPath: ".status.phase" },
            { name: "Sale", type: "string", jsonPath: ".status.sale.phase", description: "Phase of the current or next flash sale." },
            { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" },
          ],
          schema: {
            openAPIV3Schema: {
              type: "object",
              description: "Seckill deploys and runs the CouponKill flash-sale system.",
              properties: {
                apiVersion: { type: "string" },
                kind: { type: "string" },
                metadata: { type: "object" },
                spec: toStructural(plain(SeckillSpec)),
                status: toStructural(plain(SeckillStatus)),
              },
              required: ["spec"],
              "x-kubernetes-validations": [
                {
                  rule: `size(self.metadata.name) <= ${MAX_PARENT_NAME_LENGTH}`,
                  message: `metadata.name must be at most ${MAX_PARENT_NAME_LENGTH} characters, so that every child name fits in 63`,
                },
                {
                  rule: "self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$')",
                  message: "metadata.name must start with a letter and hold only lower case letters, digits and '-' (its children include Services)",
                },
              ],
            },
          },
        },
      ],
    },
  };
}

export const crdYaml = (): string =>
  `# Generated from src/api by \`npm run generate:crd\`; edit the TypeBox schemas, not this file.\n${stringify(seckillCrd(), { lineWidth: 0 })}`;
