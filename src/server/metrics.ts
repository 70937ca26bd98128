// Prometheus metrics of the hook, in a registry per app so that several apps (in tests) do not collide.
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export type SyncOutcome = "ok" | "invalid_spec" | "not_modified" | "refused" | "rejected" | "error";

export interface HookMetrics {
  registry: Registry;
  requests: Counter<"hook" | "outcome">;
  duration: Histogram<"hook">;
  children: Counter<"kind">;
}

export function createMetrics(): HookMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    requests: new Counter({
      name: "couponkill_sync_requests_total",
      help: "Sync and finalize requests, by hook and outcome (ok, invalid_spec, not_modified, refused, rejected, error).",
      labelNames: ["hook", "outcome"],
      registers: [registry],
    }),
    duration: new Histogram({
      name: "couponkill_sync_duration_seconds",
      help: "Time to answer a sync or finalize request.",
      labelNames: ["hook"],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers: [registry],
    }),
    children: new Counter({
      name: "couponkill_sync_children_total",
      help: "Children returned in sync answers, by kind.",
      labelNames: ["kind"],
      registers: [registry],
    }),
  };
}

export function outcomeOf(statusCode: number, phase: string | undefined): SyncOutcome {
  if (statusCode === 200) return phase === "Invalid" ? "invalid_spec" : "ok";
  if (statusCode === 304) return "not_modified";
  if (statusCode === 422) return "refused";
  return statusCode < 500 ? "rejected" : "error";
}
