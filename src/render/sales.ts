// Flash-sale windows. Autoscalers react only after load arrives, so the first minute of a sale, the one that
// matters, would be served by too few pods: between `start - warmup` and `end` every listed service runs at
// least the window's minimum. The hook stays stateless: it reads the time from the clock it is given and asks
// Metacontroller to call again at the next boundary (resyncAfterSeconds).
import { SERVICE_KEYS, type SalePhase, type SaleStatus, type SaleWindow, type SeckillSpec, type ServiceKey } from "../api/seckill.js";
import type { SpecProblem } from "./spec.js";

/** "1h30m" -> 5400; undefined when it is not a duration of hours, minutes and seconds. */
export function durationSeconds(text: string): number | undefined {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (!match || text === "") return undefined;
  const [, hours = "0", minutes = "0", seconds = "0"] = match;
  return Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
}

interface Window {
  sale: SaleWindow;
  warmupStart: number;
  start: number;
  end: number;
}

function windows(spec: SeckillSpec): Window[] {
  return (spec.sales ?? []).map((sale) => {
    const start = Date.parse(sale.start);
    return {
      sale,
      warmupStart: start - (durationSeconds(sale.warmup) ?? 0) * 1000,
      start,
      end: Date.parse(sale.end),
    };
  });
}

function phaseAt(window: Window, now: number): SalePhase {
  if (now < window.warmupStart) return "Upcoming";
  if (now < window.start) return "WarmingUp";
  if (now < window.end) return "Live";
  return "Ended";
}

const nextChangeOf = (window: Window, phase: SalePhase): number | undefined =>
  phase === "Upcoming" ? window.warmupStart : phase === "WarmingUp" ? window.start : phase === "Live" ? window.end : undefined;

export interface SaleFloor {
  replicas: number;
  sale: string;
}

export interface SalePlan {
  /** The minimum each listed service runs now, from the windows in effect (the larger one where they overlap). */
  floors: Partial<Record<ServiceKey, SaleFloor>>;
  /** The current sale, else the next, else the last; undefined without sales. */
  status?: Omit<SaleStatus, "message">;
  /** Seconds until the desired state changes next (a warm-up starts or a window ends). */
  resyncAfterSeconds?: number;
}

const time = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export function salePlan(spec: SeckillSpec, now: Date): SalePlan {
  const all = windows(spec);
  if (all.length === 0) return { floors: {} };
  const at = now.getTime();
  const floors: Partial<Record<ServiceKey, SaleFloor>> = {};
  for (const window of all) {
    if (at < window.warmupStart || at >= window.end) continue;
    for (const [key, replicas] of Object.entries(window.sale.minReplicas) as [ServiceKey, number][]) {
      if (replicas > (floors[key]?.replicas ?? -1)) floors[key] = { replicas, sale: window.sale.name };
    }
  }
  // The start changes only the status (WarmingUp to Live), but a status that says so on time is the point.
  const boundaries = all.flatMap((window) => [window.warmupStart, window.start, window.end]).filter((boundary) => boundary > at);
  const next = boundaries.length > 0 ? Math.min(...boundaries) : undefined;

  const byPriority = (window: Window) => {
    const phase = phaseAt(window, at);
    // In effect first (ending soonest), then upcoming (starting soonest), then ended (ended last).
    return phase === "Live" || phase === "WarmingUp" ? [0, window.end] : phase === "Upcoming" ? [1, window.warmupStart] : [2, -window.end];
  };
  const [shown] = [...all].sort((a, b) => {
    const [pa, ta] = byPriority(a);
    const [pb, tb] = byPriority(b);
    return (pa ?? 0) - (pb ?? 0) || (ta ?? 0) - (tb ?? 0);
  });
  const phase = shown ? phaseAt(shown, at) : "Ended";
  const change = shown ? nextChangeOf(shown, phase) : undefined;
  return {
    floors,
    ...(shown ? { status: { name: shown.sale.name, phase, ...(change !== undefined ? { nextChange: time(change) } : {}) } } : {}),
    ...(next !== undefined ? { resyncAfterSeconds: Math.max(1, Math.ceil((next - at) / 1000)) } : {}),
  };
}

/** Rules on sales that the schema's CEL rules express too, for requests that bypassed them. */
export function saleProblems(spec: SeckillSpec): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const names = new Set<string>();
  (spec.sales ?? []).forEach((sale, index) => {
    const base = `spec.sales[${index}]`;
    if (names.has(sale.name)) problems.push({ field: `${base}.name`, message: `sale "${sale.name}" is repeated; names must be unique` });
    names.add(sale.name);
    const start = Date.parse(sale.start);
    const end = Date.parse(sale.end);
    if (Number.isNaN(start)) problems.push({ field: `${base}.start`, message: `"${sale.start}" is not an RFC 3339 time` });
    if (Number.isNaN(end)) problems.push({ field: `${base}.end`, message: `"${sale.end}" is not an RFC 3339 time` });
    if (!Number.isNaN(start) && !Number.isNaN(end) && end <= start) {
      problems.push({ field: `${base}.end`, message: `(${sale.end}) must be after start (${sale.start})` });
    }
    if (durationSeconds(sale.warmup) === undefined) {
      problems.push({ field: `${base}.warmup`, message: `"${sale.warmup}" is not a duration such as 10m or 1h30m` });
    }
    for (const key of Object.keys(sale.minReplicas)) {
      // A disabled service may stay listed: its minimum simply has nothing to apply to.
      if (!(SERVICE_KEYS as readonly string[]).includes(key)) {
        problems.push({ field: `${base}.minReplicas.${key}`, message: `is not a service; use one of ${SERVICE_KEYS.join(", ")}` });
      }
    }
  });
  return problems;
}
