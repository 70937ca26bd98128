// Applies a schema's `default`s to a value, as the API server does for a CRD: a missing property with a
// default gets it, recursively, inside objects and arrays that are present. Compiled once per schema into a
// plan, because every sync applies it and TypeBox's Value.Default re-walks the schema on each call.
import { Type, type Static, type TArray, type TObject, type TOptional, type TProperties, type TRecord, type TSchema } from "@sinclair/typebox";
import { isJsonObject } from "./json.js";

declare const DefaultedSchema: unique symbol;

/** An optional property with a default: users may leave it out, and every defaulted value has it. */
export type TDefaulted<T extends TSchema> = TOptional<T> & { readonly [DefaultedSchema]: T };

/** Marks an optional property whose schema has a default, so the defaulted type (WithDefaults) requires it. */
export function Defaulted<T extends TSchema>(schema: T): TDefaulted<T> {
  if (schema.default === undefined) throw new Error(`Defaulted() needs a schema with a default: ${JSON.stringify(schema)}`);
  return Type.Optional(schema) as TDefaulted<T>;
}

/** The schema of a value after compileDefaults ran: each Defaulted property is required, at any depth. */
export type TWithDefaults<T extends TSchema> =
  T extends { readonly [DefaultedSchema]: infer S extends TSchema }
    ? TWithDefaults<S>
    : T extends TOptional<infer S>
      ? TOptional<TWithDefaults<S>>
      : T extends TObject<infer P extends TProperties>
        ? TObject<{ [K in keyof P]: TWithDefaults<P[K]> }>
        : T extends TArray<infer I extends TSchema>
          ? TArray<TWithDefaults<I>>
          : T extends TRecord<infer K extends TSchema, infer V extends TSchema>
            ? TRecord<K, TWithDefaults<V>>
            : T;

export type WithDefaults<T extends TSchema> = Static<TWithDefaults<T>>;

interface Plan {
  defaults: [key: string, value: unknown][];
  properties: [key: string, plan: Plan][];
  additional?: Plan;
  items?: Plan;
}

type Node = Record<string, unknown>;

function compile(schema: Node): Plan | undefined {
  const plan: Plan = { defaults: [], properties: [] };
  const properties = (schema.properties ?? {}) as Record<string, Node>;
  for (const [key, child] of Object.entries(properties)) {
    if (child.default !== undefined) plan.defaults.push([key, child.default]);
    const childPlan = compile(child);
    if (childPlan) plan.properties.push([key, childPlan]);
  }
  const patternProperties = schema.patternProperties as Record<string, Node> | undefined;
  const additional = patternProperties ? Object.values(patternProperties)[0] : undefined;
  if (additional) plan.additional = compile(additional);
  if (schema.items && typeof schema.items === "object") plan.items = compile(schema.items as Node);
  const empty = plan.defaults.length === 0 && plan.properties.length === 0 && !plan.additional && !plan.items;
  return empty ? undefined : plan;
}

function apply(plan: Plan, value: unknown): void {
  if (Array.isArray(value)) {
    if (plan.items) for (const item of value) apply(plan.items, item);
    return;
  }
  if (!isJsonObject(value)) return;
  for (const [key, fallback] of plan.defaults) {
    if (value[key] === undefined) value[key] = typeof fallback === "object" && fallback !== null ? structuredClone(fallback) : fallback;
  }
  for (const [key, child] of plan.properties) {
    if (value[key] !== undefined) apply(child, value[key]);
  }
  if (plan.additional) for (const item of Object.values(value)) apply(plan.additional, item);
}

/**
 * Returns a function that fills in the schema's defaults on a value, in place, and returns it. The value is not
 * checked: only once it passes the schema's check is it a WithDefaults<T>.
 */
export function compileDefaults(schema: TSchema): (value: unknown) => unknown {
  const plan = compile(schema as unknown as Node);
  return (value) => {
    if (plan) apply(plan, value);
    return value;
  };
}
