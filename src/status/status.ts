// The Seckill's status, computed from the observed children: per-service counts, the phase, and conditions
// a person can act on. It must match the CRD's status schema exactly, or Metacontroller's write fails.
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { SyncParent } from "../api/metacontroller.js";
import { SERVICE_KEYS, type Autoscaler, type Phase, type SeckillSpec, type SeckillStatus, type ServiceKey } from "../api/seckill.js";
import { CHILD_TYPES, describeType, type MissingChildType, type ObservedChildren } from "../api/child-types.js";
import { grafanaEnabled, prometheusEnabled } from "../render/monitoring.js";
import { childName } from "../render/names.js";
import type { AutoscaledPlan, ServicePlan } from "../render/plan.js";
import type { SalePlan } from "../render/sales.js";
import { describeProblem, isEnabled, type SpecProblem } from "../render/spec.js";
import { carriedConditions, withTransitions, type ConditionInput } from "./conditions.js";
import { serviceStatus, type ServiceHealth } from "./service-status.js";

export interface StatusInput {
  parent: SyncParent;
  observed: ObservedChildren;
  now: Date;
  /** Present when the spec is valid. */
  spec?: SeckillSpec;
  plans: ServicePlan[];
  problems: SpecProblem[];
  missing: MissingChildType[];
  sale?: SalePlan;
}

const CORE_CONDITIONS = ["Ready", "Progressing", "Degraded", "SpecValid"];

const observedDeployment = (input: StatusInput, name: string) => input.observed.get<IDeployment>(CHILD_TYPES.deployment, name);

/** Per-service health. With a valid spec, services as the spec declares them; otherwise as observed. */
function serviceHealths(input: StatusInput): [ServiceKey, ServiceHealth][] {
  const parentName = input.parent.metadata.name;
  if (input.spec) {
    const plans = new Map(input.plans.map((plan) => [plan.key, plan]));
    return SERVICE_KEYS.flatMap((key): [ServiceKey, ServiceHealth][] => {
      const declared = input.spec?.services?.[key];
      if (!declared) return [];
      const plan = plans.get(key);
      const name = childName(parentName, key);
      return [[key, serviceStatus(name, isEnabled(declared), plan?.autoscaler ?? "None", observedDeployment(input, name), plan?.service.image)]];
    });
  }
  return SERVICE_KEYS.flatMap((key): [ServiceKey, ServiceHealth][] => {
    const name = childName(parentName, key);
    const deployment = observedDeployment(input, name);
    if (!deployment) return [];
    const autoscaler: Autoscaler = input.observed.get(CHILD_TYPES.scaledObject, name)
      ? "KEDA"
      : input.observed.get(CHILD_TYPES.hpa, name)
        ? "HPA"
        : "None";
    return [[key, serviceStatus(name, true, autoscaler, deployment, undefined)]];
  });
}

function phaseOf(input: StatusInput, enabled: ServiceHealth[]): Phase {
  if (input.problems.length > 0) return "Invalid";
  if (enabled.some((health) => health.failure)) return "Degraded";
  if (enabled.length > 0 && enabled.every((health) => health.waiting?.endsWith("does not exist yet"))) return "Pending";
  return enabled.every((health) => health.ready) ? "Ready" : "Progressing";
}

const list = (items: string[]): string => items.join("; ");

function coreConditions(input: StatusInput, phase: Phase, enabled: ServiceHealth[], readyServices: string): ConditionInput[] {
  const failures = enabled.flatMap((health) => (health.failure ? [health.failure] : []));
  const waiting = enabled.flatMap((health) => (health.waiting ? [health.waiting] : []));
  const invalid = input.problems.length > 0;
  const specMessage = list(input.problems.map(describeProblem));
  return [
    phase === "Ready"
      ? { type: "Ready", status: "True", reason: "AllServicesAvailable", message: `${readyServices} services available` }
      : invalid
        ? { type: "Ready", status: "False", reason: "SpecInvalid", message: `the spec cannot be rendered; children are left as they are: ${specMessage}` }
        : { type: "Ready", status: "False", reason: "ServicesNotReady", message: `${readyServices} services available: ${list([...failures, ...waiting])}` },
    phase === "Progressing" || phase === "Pending"
      ? { type: "Progressing", status: "True", reason: phase === "Pending" ? "Creating" : "RollingOut", message: list(waiting) }
      : { type: "Progressing", status: "False", reason: invalid ? "SpecInvalid" : phase === "Degraded" ? "ProgressDeadlineExceeded" : "Complete", message: invalid ? "waiting for a valid spec" : phase === "Degraded" ? list(failures) : "every service is rolled out" },
    failures.length > 0
      ? { type: "Degraded", status: "True", reason: "DeploymentFailed", message: list(failures) }
      : { type: "Degraded", status: "False", reason: "AsExpected", message: "no Deployment reports a failure" },
    invalid
      ? { type: "SpecValid", status: "False", reason: "Invalid", message: specMessage }
      : { type: "SpecValid", status: "True", reason: "Valid", message: "the spec is valid" },
  ];
}

const missingMessage = (missing: MissingChildType[]): string =>
  list(missing.map(({ type, neededFor }) => `${describeType(CHILD_TYPES[type])} are not in controller.spec.childResources, so ${neededFor} cannot be created`));

function autoscalingCondition(spec: SeckillSpec, plans: ServicePlan[], missing: MissingChildType[]): ConditionInput | undefined {
  const requested = plans.filter((plan) => plan.requestedAutoscaler !== "None");
  if (requested.length === 0) return undefined;
  const unregistered = missing.filter(({ type }) => type === "hpa" || type === "scaledObject");
  if (unregistered.length > 0) {
    const reason = unregistered.some(({ type }) => type === "scaledObject") ? "ScaledObjectsNotRegistered" : "HorizontalPodAutoscalersNotRegistered";
    return {
      type: "AutoscalingReady",
      status: "False",
      reason,
      message: `${missingMessage(unregistered)}; those services keep the replica count they run with (the spec's when created)`,
    };
  }
  const withoutCpu = plans.filter((plan) => plan.autoscaler === "HPA" && plan.service.resources?.requests?.cpu === undefined);
  if (withoutCpu.length > 0) {
    return {
      type: "AutoscalingReady",
      status: "False",
      reason: "CPURequestMissing",
      message: `CPU utilization needs a CPU request: set ${withoutCpu.map((plan) => `spec.services.${plan.key}.resources.requests.cpu`).join(", ")}`,
    };
  }
  const by = (autoscaler: Autoscaler) => requested.filter((plan) => plan.autoscaler === autoscaler).map((plan) => plan.name);
  const parts = [
    by("HPA").length ? `HorizontalPodAutoscalers for ${by("HPA").join(", ")}` : "",
    by("KEDA").length ? `a ScaledObject for ${by("KEDA").join(", ")} (Kafka topic ${spec.scaling?.keda?.kafkaScaler?.topic})` : "",
  ].filter(Boolean);
  return { type: "AutoscalingReady", status: "True", reason: "AutoscalersConfigured", message: parts.join("; ") };
}

function monitoringCondition(spec: SeckillSpec, missing: MissingChildType[]): ConditionInput | undefined {
  if (!prometheusEnabled(spec) && !grafanaEnabled(spec)) return undefined;
  const unregistered = missing.filter(({ neededFor }) => neededFor.startsWith("monitoring"));
  if (unregistered.length > 0) {
    const reason = unregistered.some(({ type }) => type === "serviceMonitor") ? "ServiceMonitorsNotRegistered" : "DashboardNotRegistered";
    return { type: "MonitoringReady", status: "False", reason, message: missingMessage(unregistered) };
  }
  const parts = [prometheusEnabled(spec) ? "Prometheus scraping" : "", grafanaEnabled(spec) ? "a Grafana dashboard" : ""].filter(Boolean);
  return { type: "MonitoringReady", status: "True", reason: "MonitoringConfigured", message: `${parts.join(" and ")} configured` };
}

function saleStatus(input: StatusInput): SeckillStatus["sale"] | undefined {
  const sale = input.sale?.status;
  if (!sale) return undefined;
  const raised = input.plans.filter((plan): plan is AutoscaledPlan => plan.autoscaler !== "None" && plan.raisedMaxFrom !== undefined);
  const message = raised
    .map((plan) => `raised the ${plan.autoscaler === "KEDA" ? "maxReplicaCount" : "maxReplicas"} of ${plan.key} from ${plan.raisedMaxFrom} to ${plan.bounds.max} to fit sale ${plan.saleFloor?.sale}'s minimum`)
    .join("; ");
  return { ...sale, ...(message ? { message } : {}) };
}

/** While a sale is warming up or live: are the listed services at their minimum ready replicas yet? */
function saleCapacityCondition(input: StatusInput): ConditionInput | undefined {
  const sale = input.sale?.status;
  if (!sale || (sale.phase !== "WarmingUp" && sale.phase !== "Live")) return undefined;
  const short = input.plans.flatMap((plan) => {
    if (!plan.saleFloor) return [];
    const ready = observedDeployment(input, plan.name)?.status?.readyReplicas ?? 0;
    return ready < plan.saleFloor.replicas ? [`${plan.key} ${ready}/${plan.saleFloor.replicas} ready`] : [];
  });
  return short.length > 0
    ? { type: "SaleCapacityReady", status: "False", reason: "BelowSaleMinimum", message: `sale ${sale.name} is ${sale.phase}: ${list(short)}` }
    : { type: "SaleCapacityReady", status: "True", reason: "AtSaleMinimum", message: `sale ${sale.name} is ${sale.phase}: every listed service is at its minimum` };
}

function registrationCondition(missing: MissingChildType[]): ConditionInput {
  return missing.length > 0
    ? { type: "ChildResourcesRegistered", status: "False", reason: "ChildResourceNotRegistered", message: missingMessage(missing) }
    : { type: "ChildResourcesRegistered", status: "True", reason: "AllRegistered", message: "every child type the spec needs is registered" };
}

export function seckillStatus(input: StatusInput): SeckillStatus {
  const healths = serviceHealths(input);
  const enabled = healths.filter(([, health]) => health.summary.enabled).map(([, health]) => health);
  const readyServices = `${enabled.filter((health) => health.ready).length}/${enabled.length}`;
  const phase = phaseOf(input, enabled);
  const generation = input.parent.metadata.generation;
  // With an invalid spec the sale cannot be read; the last status's sale still describes what runs.
  const sale = input.spec ? saleStatus(input) : (input.parent.status as SeckillStatus | undefined)?.sale;

  const inputs = coreConditions(input, phase, enabled, readyServices);
  if (input.spec) {
    const autoscaling = autoscalingCondition(input.spec, input.plans, input.missing);
    const monitoring = monitoringCondition(input.spec, input.missing);
    const saleCapacity = saleCapacityCondition(input);
    inputs.push(
      ...(autoscaling ? [autoscaling] : []),
      ...(monitoring ? [monitoring] : []),
      ...(saleCapacity ? [saleCapacity] : []),
      registrationCondition(input.missing),
    );
  }
  const conditions = withTransitions(inputs, input.parent.status, input.now, generation);
  // With an invalid spec, conditions about the last valid spec still describe what runs: keep them.
  if (!input.spec) conditions.push(...carriedConditions(input.parent.status, new Set(CORE_CONDITIONS)));

  return {
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    phase,
    readyServices,
    ...(sale ? { sale } : {}),
    services: Object.fromEntries(healths.map(([key, health]) => [key, health.summary])),
    conditions,
  };
}
