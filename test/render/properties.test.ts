// Properties of sync() over generated valid Seckills.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../src/api/metacontroller.js";
import { UnsafeToAnswerError, sync } from "../../src/render/sync.js";
import { breakage, validSeckill } from "../support/arbitraries.js";
import { applied, byKind, fixedClock, requestFor, type Json } from "../support/fixtures.js";

const RUNS = { numRuns: 150 };
const render = (seckill: Json, observed: KubeObject[] = []) => sync(requestFor(seckill, observed), fixedClock());
const isValid = (seckill: Json) => render(seckill).status.phase !== "Invalid";
const valid = validSeckill.filter(isValid);

const autoscaled = (children: KubeObject[]): Set<string> =>
  new Set([...byKind(children, "HorizontalPodAutoscaler"), ...byKind(children, "ScaledObject")].map((a) => a.spec.scaleTargetRef.name));

describe("sync over any valid Seckill", () => {
  it("generates mostly valid Seckills (the properties below are not vacuous)", () => {
    const samples = fc.sample(validSeckill, 200);
    expect(samples.filter(isValid).length).toBeGreaterThan(100);
  });

  it("answers the same request with the same bytes", () => {
    fc.assert(fc.property(valid, (seckill) => JSON.stringify(render(seckill)) === JSON.stringify(render(seckill))), RUNS);
  });

  it("never sets a replica count of its own on an autoscaled Deployment: it echoes the live one", () => {
    fc.assert(
      fc.property(valid, fc.integer({ min: 0, max: 40 }), (seckill, live) => {
        const observed = render(seckill).children.map((child) => {
          const object = applied(child) as Json;
          if (object.kind === "Deployment") object.spec.replicas = live;
          return object as KubeObject;
        });
        const { children } = render(seckill, observed);
        const owned = autoscaled(children);
        for (const deployment of byKind(children, "Deployment")) {
          if (owned.has(deployment.metadata.name)) expect(deployment.spec.replicas).toBe(live);
        }
      }),
      RUNS,
    );
  });

  it("never points an HPA and a ScaledObject at the same Deployment", () => {
    fc.assert(
      fc.property(valid, (seckill) => {
        const { children } = render(seckill);
        const hpaTargets = byKind(children, "HorizontalPodAutoscaler").map((a) => a.spec.scaleTargetRef.name);
        const kedaTargets = new Set(byKind(children, "ScaledObject").map((a) => a.spec.scaleTargetRef.name));
        expect(hpaTargets.filter((name) => kedaTargets.has(name))).toEqual([]);
      }),
      RUNS,
    );
  });

  it("names children with unique DNS-1123 labels per kind", () => {
    fc.assert(
      fc.property(valid, (seckill) => {
        const { children } = render(seckill);
        const keys = children.map((child) => `${child.kind}/${child.metadata.name}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const child of children) expect(child.metadata.name).toMatch(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/);
      }),
      RUNS,
    );
  });

  it("has every Service select exactly the pods of its own Deployment", () => {
    fc.assert(
      fc.property(valid, (seckill) => {
        const { children } = render(seckill);
        const deployments = byKind(children, "Deployment");
        for (const service of byKind(children, "Service")) {
          const selects = (labels: Record<string, string>) => Object.entries(service.spec.selector).every(([k, v]) => labels[k] === v);
          const selected = deployments.filter((d) => selects(d.spec.template.metadata.labels)).map((d) => d.metadata.name);
          expect(selected).toEqual([service.metadata.name]);
          const own = deployments.find((d) => d.metadata.name === service.metadata.name);
          expect(own?.spec.selector.matchLabels).toEqual(service.spec.selector);
        }
      }),
      RUNS,
    );
  });

  it("never drops an observed child when an edit makes the spec invalid", () => {
    fc.assert(
      fc.property(valid, breakage, (seckill, [, breakIt]) => {
        const observed = render(seckill).children.map(applied);
        const broken = structuredClone(seckill);
        breakIt(broken.spec);
        const response = render(broken, observed);
        expect(response.status.phase).toBe("Invalid");
        expect(response.children.map((c) => `${c.kind}/${c.metadata.name}`).sort()).toEqual(observed.map((c) => `${c.kind}/${c.metadata.name}`).sort());
      }),
      RUNS,
    );
  });

  it("refuses rather than drops when an invalid spec meets a child it cannot keep as it is", () => {
    fc.assert(
      fc.property(valid, breakage, (seckill, [, breakIt]) => {
        const observed = render(seckill).children;
        fc.pre(observed.length > 0);
        const broken = structuredClone(seckill);
        breakIt(broken.spec);
        expect(() => render(broken, observed)).toThrow(UnsafeToAnswerError);
      }),
      { numRuns: 50 },
    );
  });
});
