// Kubernetes-style conditions. A condition's lastTransitionTime moves only when its status changes, so
// `kubectl describe` tells how long the system has been in its state; time comes from the caller's clock.
import type { Condition } from "../api/seckill.js";

export type ConditionStatus = Condition["status"];

export interface ConditionInput {
  type: string;
  status: ConditionStatus;
  reason: string;
  message: string;
}

/** RFC 3339 in whole seconds, as Kubernetes writes metav1.Time. */
export const kubernetesTime = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, "Z");

function previousConditions(previousStatus: unknown): Condition[] {
  if (typeof previousStatus !== "object" || previousStatus === null) return [];
  const conditions = (previousStatus as { conditions?: unknown }).conditions;
  return Array.isArray(conditions) ? (conditions as Condition[]) : [];
}

export function withTransitions(
  inputs: ConditionInput[],
  previousStatus: unknown,
  now: Date,
  generation: number | undefined,
): Condition[] {
  const previous = new Map(previousConditions(previousStatus).map((condition) => [condition.type, condition]));
  return inputs.map((input) => {
    const before = previous.get(input.type);
    const unchanged = before?.status === input.status && typeof before.lastTransitionTime === "string";
    return {
      type: input.type,
      status: input.status,
      reason: input.reason,
      message: input.message,
      lastTransitionTime: unchanged ? before.lastTransitionTime : kubernetesTime(now),
      ...(generation !== undefined ? { observedGeneration: generation } : {}),
    };
  });
}

/** Conditions of the previous status whose types are not in `types`, kept as they were. */
export function carriedConditions(previousStatus: unknown, types: Set<string>): Condition[] {
  return previousConditions(previousStatus).filter((condition) => !types.has(condition.type));
}
