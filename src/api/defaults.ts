// Applies a schema's `default`s to a value, as the API server does for a CRD: a missing property with a
// default gets it, recursively, inside objects and arrays that are present. Compiled once per schema into a
// plan, because every sync applies it and TypeBox's Value.Default re-walks the schema on each call.
import type { TSchema } from "@sinclair/typebox";

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

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function apply(plan: Plan, value: unknown): void {
  if (Array.isArray(value)) {
    if (plan.items) for (const item of value) apply(plan.items, item);
    return;
  }
  if (!isObject(value)) return;
  for (const [key, fallback] of plan.defaults) {
    if (value[key] === undefined) value[key] = typeof fallback === "object" && fallback !== null ? structuredClone(fallback) : fallback;
  }
  for (const [key, child] of plan.properties) {
    if (value[key] !== undefined) apply(child, value[key]);
  }
  if (plan.additional) for (const item of Object.values(value)) apply(plan.additional, item);
}

/** Returns a function that fills in the schema's defaults on a value, in place, and returns it. */
export function compileDefaults<T>(schema: TSchema): (value: unknown) => T {
  const plan = compile(schema as unknown as Node);
  return (value) => {
    if (plan) apply(plan, value);
    return value as T;
  };
}
