// What the API server does with a Seckill at `kubectl apply` time, from the committed CRD: apply the schema's
// defaults, check the OpenAPI schema, then evaluate every CEL rule (x-kubernetes-validations) with a standard
// CEL evaluator. Errors carry the field path the way kubectl shows them.
import { run } from "@bufbuild/cel";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { readYamlDocuments } from "./samples.js";

type Json = Record<string, unknown>;
export interface AdmissionError {
  path: string;
  message: string;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export function loadCrd(): Json {
  const [crd] = readYamlDocuments("crd/seckills.ops.couponkill.io.yaml");
  if (!crd) throw new Error("crd/ has no CRD");
  return crd;
}

export function openApiSchema(crd: Json = loadCrd()): Json {
  const spec = crd.spec as { versions: { schema: { openAPIV3Schema: Json } }[] };
  const version = spec.versions[0];
  if (!version) throw new Error("CRD has no version");
  return version.schema.openAPIV3Schema;
}

export function kubernetesAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
  addFormats(ajv);
  // Kubernetes' "duration" is Go's time.Duration (10s, 1m30s), not ISO 8601 as in ajv-formats.
  ajv.addFormat("duration", /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/);
  for (const keyword of [
    "x-kubernetes-int-or-string",
    "x-kubernetes-validations",
    "x-kubernetes-list-type",
    "x-kubernetes-list-map-keys",
    "x-kubernetes-preserve-unknown-fields",
    "x-kubernetes-embedded-resource",
  ]) {
    ajv.addKeyword(keyword);
  }
  return ajv;
}

const toCel = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(toCel);
  if (value !== null && typeof value === "object") {
    return new Map(Object.entries(value).map(([key, item]) => [key, toCel(item)]));
  }
  if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
  return value;
};

const joinPath = (base: string, field: string): string => (base ? `${base}.${field}` : field);

/** Evaluates the CEL rules of `schema` and its descendants on `value`, where the value has that node. */
export function celErrors(schema: Json, value: unknown, path = ""): AdmissionError[] {
  const errors: AdmissionError[] = [];
  const rules = (schema["x-kubernetes-validations"] ?? []) as { rule: string; message: string; fieldPath?: string }[];
  for (const { rule, message, fieldPath } of rules) {
    const result = run(rule, { self: toCel(value) } as never);
    if (result !== true) {
      const where = fieldPath ? joinPath(path, fieldPath.replace(/^\./, "")) : path;
      errors.push({ path: where, message: result === false ? message : `rule ${rule} failed: ${String(result)}` });
    }
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const properties = (schema.properties ?? {}) as Record<string, Json>;
    const additional = schema.additionalProperties as Json | undefined;
    for (const [key, item] of Object.entries(value)) {
      const child = properties[key] ?? additional;
      if (child) errors.push(...celErrors(child, item, joinPath(path, key)));
    }
  }
  if (Array.isArray(value) && schema.items) {
    value.forEach((item, index) => errors.push(...celErrors(schema.items as Json, item, `${path}[${index}]`)));
  }
  return errors;
}

const ajvPath = (error: ErrorObject): string => {
  const base = error.instancePath
    .split("/")
    .slice(1)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join("")
    .replace(/^\./, "");
  const missing = error.keyword === "required" ? (error.params as { missingProperty: string }).missingProperty : undefined;
  return missing ? joinPath(base, missing) : base;
};

/** List-map keys must be unique, as the API server enforces for `x-kubernetes-list-type: map`. */
function listMapErrors(schema: Json, value: unknown, path = ""): AdmissionError[] {
  const errors: AdmissionError[] = [];
  if (Array.isArray(value)) {
    const keys = schema["x-kubernetes-list-map-keys"] as string[] | undefined;
    if (schema["x-kubernetes-list-type"] === "map" && keys) {
      const seen = new Set<string>();
      value.forEach((item, index) => {
        const key = JSON.stringify(keys.map((k) => (item as Json)[k]));
        if (seen.has(key)) errors.push({ path: `${path}[${index}]`, message: `Duplicate value: ${key}` });
        seen.add(key);
      });
    }
    value.forEach((item, index) => errors.push(...listMapErrors(schema.items as Json, item, `${path}[${index}]`)));
  } else if (value !== null && typeof value === "object") {
    const properties = (schema.properties ?? {}) as Record<string, Json>;
    for (const [key, item] of Object.entries(value)) {
      const child = properties[key] ?? (schema.additionalProperties as Json | undefined);
      if (child) errors.push(...listMapErrors(child, item, joinPath(path, key)));
    }
  }
  return errors;
}

export interface Admission {
  /** The object as stored: defaults applied. */
  object: Json;
  errors: AdmissionError[];
}

let compiled: { validate: ValidateFunction; schema: Json } | undefined;

export function admit(seckill: Json): Admission {
  if (!compiled) {
    const schema = openApiSchema();
    compiled = { validate: kubernetesAjv().compile(schema), schema };
  }
  const object = structuredClone(seckill);
  const errors: AdmissionError[] = [];
  if (!compiled.validate(object)) {
    for (const error of compiled.validate.errors ?? []) errors.push({ path: ajvPath(error), message: error.message ?? error.keyword });
    return { object, errors };
  }
  errors.push(...listMapErrors(compiled.schema, object), ...celErrors(compiled.schema, object));
  return { object, errors };
}

/** Fields the API server would prune because the schema does not declare them. */
export function unknownFields(schema: Json, value: unknown, path = ""): string[] {
  if (schema["x-kubernetes-preserve-unknown-fields"] === true) return [];
  if (Array.isArray(value)) return value.flatMap((item, index) => unknownFields(schema.items as Json, item, `${path}[${index}]`));
  if (value === null || typeof value !== "object") return [];
  const properties = (schema.properties ?? {}) as Record<string, Json>;
  const additional = schema.additionalProperties as Json | undefined;
  return Object.entries(value).flatMap(([key, item]) => {
    // The API server validates and keeps a custom resource's metadata itself, whatever the schema says.
    if (path === "" && key === "metadata") return [];
    const child = properties[key] ?? additional;
    return child ? unknownFields(child, item, joinPath(path, key)) : [joinPath(path, key)];
  });
}
