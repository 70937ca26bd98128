// Random lives: sequences of spec edits, autoscaler moves and ticks on the original sample, checked after
// every step against what a user relies on.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { T0, sample } from "../support/fixtures.js";
import { Cluster } from "./cluster.js";
import { shippedController } from "./shipped-controller.js";

const SERVICE_KEYS = ["goService", "couponService", "orderService", "userService", "gatewayService"];
const SHORT: Record<string, string> = { goService: "go", couponService: "coupon", orderService: "order", userService: "user", gatewayService: "gateway" };

type Step =
  | { kind: "toggleService"; service: string }
  | { kind: "setReplicas"; service: string; replicas: number }
  | { kind: "toggleHpa" }
  | { kind: "toggleKeda" }
  | { kind: "breakSpec" }
  | { kind: "fixSpec" }
  | { kind: "setConfig"; value: string }
  | { kind: "autoscale"; service: string; replicas: number }
  | { kind: "tick" };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant("toggleService" as const), service: fc.constantFrom(...SERVICE_KEYS) }),
  fc.record({ kind: fc.constant("setReplicas" as const), service: fc.constantFrom(...SERVICE_KEYS), replicas: fc.integer({ min: 0, max: 12 }) }),
  fc.constant({ kind: "toggleHpa" as const }),
  fc.constant({ kind: "toggleKeda" as const }),
  fc.constant({ kind: "breakSpec" as const }),
  fc.constant({ kind: "fixSpec" as const }),
  fc.record({ kind: fc.constant("setConfig" as const), value: fc.constantFrom("a", "b", "c") }),
  fc.record({ kind: fc.constant("autoscale" as const), service: fc.constantFrom(...SERVICE_KEYS), replicas: fc.integer({ min: 0, max: 15 }) }),
  fc.constant({ kind: "tick" as const }),
);

function edit(cluster: Cluster, action: Step): void {
  switch (action.kind) {
    case "toggleService":
      return cluster.editSpec((spec) => (spec.services[action.service].enabled = spec.services[action.service].enabled === false));
    case "setReplicas":
      return cluster.editSpec((spec) => (spec.services[action.service].replicas = action.replicas));
    case "toggleHpa":
      return cluster.editSpec((spec) => (spec.scaling.hpa.enabled = !spec.scaling.hpa.enabled));
    case "toggleKeda":
      return cluster.editSpec((spec) => (spec.scaling.keda.enabled = !spec.scaling.keda.enabled));
    case "breakSpec":
      return cluster.editSpec((spec) => (spec.scaling.hpa.minReplicas = 99));
    case "fixSpec":
      return cluster.editSpec((spec) => (spec.scaling.hpa.minReplicas = 1));
    case "setConfig":
      return cluster.editSpec((spec) => (spec.config = { data: { MODE: action.value } }));
    case "autoscale": {
      const name = `couponkill-sample-${SHORT[action.service]}`;
      if (cluster.get("HorizontalPodAutoscaler", name) || cluster.get("ScaledObject", name)) cluster.autoscale(name, action.replicas);
      return;
    }
    case "tick":
      return cluster.tick();
  }
}

const autoscaled = (cluster: Cluster) =>
  new Map(
    [...cluster.children.values()]
      .filter((child) => child.kind === "HorizontalPodAutoscaler" || child.kind === "ScaledObject")
      .map((scaler) => [scaler.spec.scaleTargetRef.name as string, cluster.get("Deployment", scaler.spec.scaleTargetRef.name)?.spec.replicas as number]),
  );

describe("any sequence of edits, autoscaler moves and ticks", () => {
  it("never loses a child on an invalid spec, never fights an autoscaler, never trips an immutable field, and settles", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const cluster = new Cluster(shippedController, sample(), T0);
        try {
          await cluster.converge();
          for (const action of steps) {
            edit(cluster, action);
            const before = new Map([...cluster.children].map(([name, child]) => [name, structuredClone(child)]));
            const owned = autoscaled(cluster);
            // An ApiServerError (an immutable field changed) fails the property here.
            const { response, record } = await cluster.sync();
            if (response.status.phase === "Invalid") {
              // Nothing created or deleted, no spec changed; at most last-applied catches up with an autoscaler.
              expect([record.created, record.deleted]).toEqual([[], []]);
              expect([...cluster.children.keys()]).toEqual([...before.keys()]);
              for (const [name, child] of cluster.children) expect(child.spec, name).toEqual(before.get(name)?.spec);
            }
            for (const write of record.replicaWrites) {
              const stillOwned = autoscaled(cluster).has(write.name);
              if (owned.has(write.name) && stillOwned) expect(write.replicas, write.name).toBe(owned.get(write.name));
            }
            cluster.tick();
          }
          // Once the edits stop, the loop settles: a sync that changes nothing, and Ready whenever the spec is valid.
          await cluster.converge(8);
          const specValid = (cluster.parent.status.conditions as { type: string; status: string }[]).find((c) => c.type === "SpecValid");
          expect(cluster.parent.status.phase).toBe(specValid?.status === "True" ? "Ready" : "Invalid");
        } finally {
          await cluster.close();
        }
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});

