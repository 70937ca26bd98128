// What each enabled service gets: its name, who owns its replica count, and how many replicas it runs.
import type { Autoscaler, HpaSpec, KedaSpec, SeckillSpec, ServiceKey, ServiceSpec } from "../api/seckill.js";
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import { CHILD_TYPES, type ChildTypeName, type ObservedChildren } from "../api/child-types.js";
import { selectorLabels, serviceLabels } from "./labels.js";
import type { SaleFloor, SalePlan } from "./sales.js";
import { childName } from "./names.js";
import { enabledServices } from "./spec.js";

export interface RenderContext {
  parent: { name: string; namespace: string };
  spec: SeckillSpec;
  registered: Set<ChildTypeName>;
  observed: ObservedChildren;
  /** The flash-sale minimums in effect now. */
  sale: SalePlan;
}

export interface Bounds {
  min: number;
  max: number;
}

interface PlanBase {
  key: ServiceKey;
  name: string;
  service: ServiceSpec;
  /** The autoscaler the spec asks for. */
  requestedAutoscaler: Autoscaler;
  /** spec.replicas of the Deployment, always set: see deploymentReplicas. */
  replicas: number;
  /** The sale minimum in effect for this service, if any. */
  saleFloor?: SaleFloor;
  /** Metadata every child of this service carries (shared, never mutated). */
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  /** The Deployment's selector, which its Service, budget and monitor select by too. */
  selector: Record<string, string>;
}

interface Autoscaled {
  /** Lower and upper bounds of the replica count while the autoscaler owns it (a sale's minimum included). */
  bounds: Bounds;
  /** The autoscaler's maximum, when a sale's minimum had to raise it. */
  raisedMaxFrom?: number;
}

/** The autoscaler that is rendered (the requested one when its type is registered), with its own spec. */
type AutoscalerPlan = { autoscaler: "None" } | ({ autoscaler: "HPA"; hpa: HpaSpec } & Autoscaled) | ({ autoscaler: "KEDA"; keda: KedaSpec } & Autoscaled);

export type ServicePlan = PlanBase & AutoscalerPlan;
export type HpaPlan = Extract<ServicePlan, { autoscaler: "HPA" }>;
export type KedaPlan = Extract<ServicePlan, { autoscaler: "KEDA" }>;
export type AutoscaledPlan = HpaPlan | KedaPlan;

function requestedAutoscaler(spec: SeckillSpec, key: ServiceKey): Autoscaler {
  const { hpa, keda } = spec.scaling ?? {};
  if (keda?.enabled && keda.target === key) return "KEDA";
  if (hpa?.enabled && (hpa.services === undefined || hpa.services.includes(key))) return "HPA";
  return "None";
}

/** The rendered autoscaler with its bounds, a sale's minimum included. */
function autoscalerPlan(spec: SeckillSpec, autoscaler: Autoscaler, floor: SaleFloor | undefined): AutoscalerPlan {
  const { hpa, keda } = spec.scaling ?? {};
  if (autoscaler === "HPA" && hpa) return { autoscaler, hpa, ...withSaleFloor({ min: hpa.minReplicas, max: hpa.maxReplicas }, floor) };
  if (autoscaler === "KEDA" && keda) return { autoscaler, keda, ...withSaleFloor({ min: keda.minReplicaCount, max: keda.maxReplicaCount }, floor) };
  return { autoscaler: "None" };
}

/** A sale raises the autoscaler's minimum, and its maximum too where the minimum would not fit under it. */
function withSaleFloor(bounds: Bounds, floor: SaleFloor | undefined): Autoscaled {
  if (!floor || floor.replicas <= bounds.min) return { bounds };
  if (floor.replicas <= bounds.max) return { bounds: { min: floor.replicas, max: bounds.max } };
  return { bounds: { min: floor.replicas, max: floor.replicas }, raisedMaxFrom: bounds.max };
}

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);

const MAX_INT32 = 2 ** 31 - 1;

/**
 * The replica count an observed Deployment runs, if it is one the API server could have stored (an int32 of at
 * least 0). Anything else did not come from a cluster, and echoing it would make the whole apply fail.
 */
export function liveReplicas(deployment: { spec?: { replicas?: unknown } } | undefined): number | undefined {
  const replicas = deployment?.spec?.replicas;
  return typeof replicas === "number" && Number.isInteger(replicas) && replicas >= 0 && replicas <= MAX_INT32 ? replicas : undefined;
}

/**
 * The replica count to put in the Deployment.
 *
 * Without an autoscaler it is the spec's. With one, the autoscaler owns the count, and the hook echoes the
 * live value it observed instead of leaving the field out: Metacontroller's dynamic apply deletes a field that
 * the last-applied configuration has and the desired object lacks, and the API server then defaults
 * `replicas` to 1, which would scale a busy service down to one pod at the moment an autoscaler takes over.
 * Echoing never fights the autoscaler: the apply changes nothing, and if the autoscaler moved the count since
 * the observation, the update carries a stale resourceVersion and is retried with fresh data.
 * A Deployment created under an autoscaler starts at the spec's count, kept inside the autoscaler's bounds.
 */
function deploymentReplicas(
  service: ServiceSpec,
  bounds: Bounds | undefined,
  observed: IDeployment | undefined,
  floor: SaleFloor | undefined,
  unregisteredAutoscaler: boolean,
): number {
  const fromSpec = Math.max(service.replicas, floor?.replicas ?? 0);
  const live = liveReplicas(observed);
  // An autoscaler the spec asks for but Metacontroller does not manage (its component was removed, say) may still
  // exist and scale the Deployment: setting the spec's count would fight it on every resync, so the live count is
  // kept then too. At a sale's warm-up the pods are added at once, not after the autoscaler's next evaluation.
  if ((bounds || unregisteredAutoscaler) && live !== undefined) return Math.max(live, floor?.replicas ?? 0);
  if (!bounds) return fromSpec;
  return clamp(fromSpec, Math.max(bounds.min, 1), bounds.max);
}

export function planServices(context: RenderContext): ServicePlan[] {
  const { spec, registered, observed, parent } = context;
  return enabledServices(spec).map(([key, service]) => {
    const name = childName(parent.name, key);
    const requested = requestedAutoscaler(spec, key);
    const typeNeeded: ChildTypeName | undefined = requested === "HPA" ? "hpa" : requested === "KEDA" ? "scaledObject" : undefined;
    const autoscaler = typeNeeded && registered.has(typeNeeded) ? requested : "None";
    const saleFloor = context.sale.floors[key];
    const autoscaling = autoscalerPlan(spec, autoscaler, saleFloor);
    const replicas = deploymentReplicas(
      service,
      autoscaling.autoscaler === "None" ? undefined : autoscaling.bounds,
      observed.get<IDeployment>(CHILD_TYPES.deployment, name),
      saleFloor,
      requested !== "None" && autoscaler === "None",
    );
    return {
      key,
      name,
      service,
      requestedAutoscaler: requested,
      ...autoscaling,
      replicas,
      ...(saleFloor ? { saleFloor } : {}),
      metadata: { name, namespace: parent.namespace, labels: serviceLabels(parent.name, key) },
      selector: selectorLabels(parent.name, key),
    };
  });
}
