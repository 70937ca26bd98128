// Metacontroller's default "dynamic apply", ported from pkg/dynamic/apply/apply.go (v4.17.2): a three-way merge
// of the live object, its last-applied configuration and the desired object, done locally, after which the
// whole object is written back. Kept line for line close to the Go so that it can be compared with it.
type Json = Record<string, unknown>;

export const LAST_APPLIED = "metacontroller.k8s.io/last-applied-configuration";

const isMap = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/** knownMergeKeys, in order of precedence. */
const KNOWN_MERGE_KEYS = ["containerPort", "port", "mountPath", "name", "uid", "ip", "path"];

/** Merge(observed, lastApplied, desired): an updated copy of observed. */
export function merge(observed: Json, lastApplied: Json | undefined, desired: Json): Json {
  const destination = structuredClone(observed);
  return mergeValue(destination, lastApplied, desired) as Json;
}

function mergeValue(destination: unknown, lastApplied: unknown, desired: unknown): unknown {
  if (isMap(destination)) {
    if (lastApplied !== undefined && lastApplied !== null && !isMap(lastApplied)) throw new Error("lastApplied: expecting map");
    if (desired !== undefined && desired !== null && !isMap(desired)) throw new Error("desired: expecting map");
    return mergeObject(destination, (lastApplied ?? undefined) as Json | undefined, (desired ?? {}) as Json);
  }
  if (Array.isArray(destination)) {
    return mergeArray(destination, Array.isArray(lastApplied) ? lastApplied : [], Array.isArray(desired) ? desired : []);
  }
  // A scalar or null: take the desired value.
  return desired;
}

function mergeObject(destination: Json, lastApplied: Json | undefined, desired: Json): Json {
  // Remove fields that were present in lastApplied, but no longer in desired.
  for (const key of Object.keys(lastApplied ?? {})) {
    if (!(key in desired)) delete destination[key];
  }
  // Add/update all fields present in desired.
  for (const [key, value] of Object.entries(desired)) {
    destination[key] = mergeValue(destination[key], lastApplied?.[key], value);
  }
  return destination;
}

function mergeArray(destination: unknown[], lastApplied: unknown[], desired: unknown[]): unknown[] {
  const mergeKey = detectListMapKey(destination, lastApplied, desired);
  if (mergeKey) return mergeListMap(mergeKey, destination, lastApplied, desired);
  // A normal array: just replace it.
  return desired;
}

const stringKey = (value: unknown) => (typeof value === "string" ? value : String(value));

function makeListMap(mergeKey: string, list: unknown[]): Json {
  return Object.fromEntries(list.map((item) => [stringKey((item as Json)[mergeKey]), item]));
}

function mergeListMap(mergeKey: string, destination: unknown[], lastApplied: unknown[], desired: unknown[]): unknown[] {
  const destMap = makeListMap(mergeKey, destination);
  mergeObject(destMap, makeListMap(mergeKey, lastApplied), makeListMap(mergeKey, desired));
  // Back to a list, keeping the partial order: items already in destination first, then new ones.
  const result: unknown[] = [];
  const added = new Set<string>();
  for (const item of destination) {
    const key = stringKey((item as Json)[mergeKey]);
    if (key in destMap) {
      result.push(destMap[key]);
      added.add(key);
    }
  }
  for (const item of desired) {
    const key = stringKey((item as Json)[mergeKey]);
    if (!added.has(key)) {
      result.push(destMap[key]);
      added.add(key);
    }
  }
  return result;
}

/** Guesses whether a field is a k8s-style list map: every item an object sharing one of the known keys. */
function detectListMapKey(...lists: unknown[][]): string {
  let common: Set<string> | undefined;
  for (const list of lists) {
    for (const item of list) {
      if (!isMap(item)) return "";
      if (!common) {
        common = new Set(Object.keys(item));
        continue;
      }
      for (const key of [...common]) if (!(key in item)) common.delete(key);
    }
  }
  if (!common) return "";
  return KNOWN_MERGE_KEYS.find((key) => common.has(key)) ?? "";
}
