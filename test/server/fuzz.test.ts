// Random mutations of the samples' sync requests, sent through the app: the server never crashes or
// answers 500, and an invalid parent never yields an answer that drops an observed child.
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { JSON_HEADERS, testApp } from "../support/app.js";
import { applied, requestFor, sample, syncSample, type Json } from "../support/fixtures.js";

const bases: Json[] = ["samples/seckill.yaml", "samples/seckill-minimal.yaml", "samples/seckill-no-autoscaling.yaml"].map((file) => {
  const seckill = sample(file);
  return requestFor(seckill, syncSample(seckill).children.map(applied)) as unknown as Json;
});

const INT32_EDGES = [0, -1, 1, 2147483647, -2147483648, 2147483648, 4294967296, Number.MAX_SAFE_INTEGER, 1e308, -0, 0.5];

/** Replica counts a live Deployment might be observed with: real ones, and ones no API server would store. */
const liveReplicaCount = fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constantFrom(...INT32_EDGES), fc.constantFrom(null, "3", true));

const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...INT32_EDGES),
  fc.constantFrom(null, true, false, "", [], {}),
  fc.string({ unit: "grapheme", maxLength: 50 }),
  fc.string({ minLength: 10_000, maxLength: 20_000 }),
  fc.integer({ min: 1, max: 2_000 }).map((depth) => {
    let nested: unknown = "bottom";
    for (let i = 0; i < depth; i += 1) nested = i % 2 ? [nested] : { deeper: nested };
    // fast-check prints a counterexample recursively; this keeps a failure's report from overflowing the stack.
    return Object.defineProperty(nested as object, fc.toStringMethod, { value: () => `<nested ${depth} deep>` });
  }),
);

/** Every path to a value in the request, so a mutation can land anywhere. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (out.length > 3000) return out;
  if (Array.isArray(value)) value.forEach((item, index) => paths(item, [...prefix, index], out));
  else if (value !== null && typeof value === "object") for (const [key, item] of Object.entries(value)) paths(item, [...prefix, key], out);
  return out;
}

type Mutation = { kind: "drop" | "retype" | "duplicate"; at: number; value: unknown };

function mutate(request: Json, mutations: Mutation[]): Json {
  const copy = structuredClone(request);
  for (const { kind, at, value } of mutations) {
    const all = paths(copy).filter((path) => path.length > 0);
    const path = all[at % all.length];
    if (!path) continue;
    const parent = path.slice(0, -1).reduce<any>((node, key) => node?.[key], copy);
    const key = path.at(-1)!;
    if (parent === null || typeof parent !== "object") continue;
    if (kind === "drop") {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else if (kind === "retype") parent[key] = value;
    else if (Array.isArray(parent)) parent.push(structuredClone(parent[Number(key)]));
    else parent[`${String(key)}Copy`] = structuredClone(parent[key]);
  }
  return copy;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom<Mutation["kind"]>("drop", "retype", "duplicate"),
  at: fc.nat(),
  value: weirdValue,
});

const { app } = testApp();
afterAll(() => app.close());

const LAST_APPLIED = "metacontroller.k8s.io/last-applied-configuration";

/**
 * What the hook must answer for an invalid parent: each observed child as last applied, once per type and name,
 * with a Deployment's live replica count when it is one the API server could have stored.
 */
function keptAsLastApplied(request: Json): string[] {
  const kept = new Map<string, Json>();
  for (const [type, objects] of Object.entries(request.children as Record<string, Record<string, Json>>)) {
    for (const child of Object.values(objects)) {
      const lastApplied = JSON.parse(child.metadata.annotations?.[LAST_APPLIED]);
      const live = child.spec?.replicas;
      if (child.kind === "Deployment" && Number.isInteger(live) && live >= 0 && live < 2 ** 31 && "replicas" in (lastApplied.spec ?? {})) {
        lastApplied.spec.replicas = live;
      }
      kept.set(`${type}|${child.metadata.name}`, lastApplied);
    }
  }
  return [...kept.values()].map((object) => JSON.stringify(object)).sort();
}

/** Every live Deployment at the given replica count, the one field the hook takes from a live object. */
function withLiveReplicas(request: Json, replicas: unknown): Json {
  const copy = structuredClone(request);
  for (const objects of Object.values(copy.children as Record<string, Record<string, Json>>)) {
    for (const child of Object.values(objects)) if (child.kind === "Deployment") child.spec.replicas = replicas;
  }
  return copy;
}

/** A parent whose spec breaks a rule, so that most runs exercise the answer that must keep every child. */
function withInvalidSpec(request: Json): Json {
  const copy = structuredClone(request);
  copy.parent.spec.services.goService.replicas = -1;
  return copy;
}

describe("the server on mutated sync requests", () => {
  it("never answers 500 and never drops an observed child for an invalid parent", async () => {
    const start = fc.record({ base: fc.constantFrom(...bases), invalidSpec: fc.boolean(), liveReplicas: fc.option(liveReplicaCount, { freq: 3, nil: undefined }) });
    await fc.assert(
      fc.asyncProperty(start, fc.array(mutation, { minLength: 1, maxLength: 4 }), async ({ base, invalidSpec, liveReplicas }, mutations) => {
        let request = liveReplicas === undefined ? base : withLiveReplicas(base, liveReplicas);
        if (invalidSpec) request = withInvalidSpec(request);
        request = mutate(request, mutations);
        const response = await app.inject({ method: "POST", url: "/sync", headers: JSON_HEADERS, payload: JSON.stringify(request) });
        expect(response.statusCode).not.toBe(500);
        expect([200, 400, 413, 422]).toContain(response.statusCode);
        if (response.statusCode === 200 && response.json().status.phase === "Invalid") {
          const answered = (response.json().children as Json[]).map((child) => JSON.stringify(child)).sort();
          expect(answered).toEqual(keptAsLastApplied(request));
        }
      }),
      { numRuns: 400, endOnFailure: true },
    );
  }, 120_000);

  it("reports a spec nested thousands of levels deep as invalid instead of overflowing the stack", async () => {
    const request = structuredClone(bases[1]!);
    request.parent.spec.services.goService.unknownField = "DEEP";
    const deep = `${'{"deeper":'.repeat(5_000)}{}${"}".repeat(5_000)}`;
    const payload = JSON.stringify(request).replace('"DEEP"', deep);
    const response = await app.inject({ method: "POST", url: "/sync", headers: JSON_HEADERS, payload });
    expect(response.statusCode).toBe(200);
    expect(response.json().status.conditions).toContainEqual(
      expect.objectContaining({ type: "SpecValid", status: "False", message: "spec: is nested deeper than 32 levels" }),
    );
  });
});
