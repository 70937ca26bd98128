// The sync hook: from Metacontroller's request to the desired children and the parent's status, as a pure
// function of the request and the time.
import type { KubeObject, SyncRequest, SyncResponse } from "../api/metacontroller.js";
import { seckillStatus } from "../status/status.js";
import { ObservedChildren, registeredTypes } from "../api/child-types.js";
import { isJsonObject } from "../api/json.js";
import { renderChildren } from "./children.js";
import { liveReplicas, planServices, type RenderContext } from "./plan.js";
import { salePlan } from "./sales.js";
import { checkSpec, describeProblem, parseSpec, type SpecProblem } from "./spec.js";

export interface Clock {
  now(): Date;
}

export const LAST_APPLIED_ANNOTATION = "metacontroller.k8s.io/last-applied-configuration";

/** The hook cannot answer without risking a running child; Metacontroller retries an error and changes nothing. */
export class UnsafeToAnswerError extends Error {
  override name = "UnsafeToAnswerError";
}

/**
 * Each observed child exactly as it was last applied, so that answering with them changes and deletes nothing.
 * A child without that record (created by server-side apply, or by hand) cannot be reproduced safely.
 */
export function lastAppliedChildren(observed: ObservedChildren, problems: SpecProblem[]): KubeObject[] {
  return observed.all().map((child) => {
    const lastApplied = child.metadata.annotations?.[LAST_APPLIED_ANNOTATION];
    if (lastApplied === undefined) {
      throw new UnsafeToAnswerError(
        `the spec is invalid (${problems.map(describeProblem).join("; ")}) and ${child.kind} ${child.metadata.name} has no ${LAST_APPLIED_ANNOTATION} annotation to keep it as it is`,
      );
    }
    let kept: unknown;
    try {
      kept = JSON.parse(lastApplied);
    } catch {
      throw new UnsafeToAnswerError(`${child.kind} ${child.metadata.name} has an unreadable ${LAST_APPLIED_ANNOTATION} annotation`);
    }
    // An annotation edited by hand, or left from an older version of the child type, can describe another object:
    // answering with it would create that one, and Metacontroller would delete the running child.
    if (!describesChild(kept, child)) {
      throw new UnsafeToAnswerError(`${child.kind} ${child.metadata.name} has a ${LAST_APPLIED_ANNOTATION} annotation that describes another object`);
    }
    // An autoscaler may have moved a Deployment's replicas since the last apply; applying the old count
    // again would fight it. Keep the live count, so the answer changes nothing at all.
    const live = child.kind === "Deployment" ? liveReplicas(child as { spec?: { replicas?: unknown } }) : undefined;
    if (live !== undefined && isJsonObject(kept.spec) && "replicas" in kept.spec) kept.spec.replicas = live;
    return kept;
  });
}

function describesChild(value: unknown, child: KubeObject): value is KubeObject & Record<string, unknown> {
  if (!isJsonObject(value) || !isJsonObject(value.metadata)) return false;
  const { name, namespace = child.metadata.namespace } = value.metadata;
  return value.apiVersion === child.apiVersion && value.kind === child.kind && name === child.metadata.name && namespace === child.metadata.namespace;
}

export function sync(request: SyncRequest, clock: Clock): SyncResponse {
  const { parent, controller } = request;
  const observed = new ObservedChildren(request.children);
  const now = clock.now();
  const parsed = parseSpec(parent.spec);
  const problems = parsed.ok ? checkSpec(parent.metadata.name, parsed.spec) : parsed.problems;

  if (!parsed.ok || problems.length > 0) {
    const status = seckillStatus({ parent, observed, now, plans: [], problems, missing: [] });
    if (request.finalizing) return { status, children: [], finalized: observed.size === 0 };
    return { status, children: lastAppliedChildren(observed, problems) };
  }

  const sale = salePlan(parsed.spec, now);
  const context: RenderContext = {
    parent: { name: parent.metadata.name, namespace: parent.metadata.namespace ?? "default" },
    spec: parsed.spec,
    registered: registeredTypes(controller),
    observed,
    sale,
  };
  const plans = planServices(context);
  const { children, missing } = renderChildren(context, plans);
  const status = seckillStatus({ parent, observed, now, spec: parsed.spec, plans, problems, missing, sale });
  if (request.finalizing) return { status, children: [], finalized: observed.size === 0 };
  // Called back exactly when a sale's warm-up starts or a sale ends, the moments the desired state changes.
  return { status, children, ...(sale.resyncAfterSeconds !== undefined ? { resyncAfterSeconds: sale.resyncAfterSeconds } : {}) };
}
