// PodDisruptionBudgets keep node drains and cluster upgrades from taking a service down during a sale.
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import type { ServicePlan } from "./plan.js";

/** Only a service that can run more than one pod gets a budget: with one pod, any budget would block drains. */
export const needsDisruptionBudget = (plan: ServicePlan): boolean => (plan.autoscaler === "None" ? plan.replicas > 1 : plan.bounds.max > 1);

export function renderPodDisruptionBudget(plan: ServicePlan): IPodDisruptionBudget {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: plan.metadata,
    spec: {
      maxUnavailable: 1,
      selector: { matchLabels: plan.selector },
      // A pod that is not ready serves nobody; letting drains evict it avoids a stuck node upgrade.
      unhealthyPodEvictionPolicy: "AlwaysAllow",
    },
  };
}
