// PodDisruptionBudgets keep node drains and cluster upgrades from taking a service down during a sale.
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { selectorLabels, serviceLabels } from "./labels.js";
import type { RenderContext, ServicePlan } from "./plan.js";

/** Only a service that can run more than one pod gets a budget: with one pod, any budget would block drains. */
export const needsDisruptionBudget = (plan: ServicePlan): boolean => (plan.bounds ? plan.bounds.max > 1 : plan.replicas > 1);

export function renderPodDisruptionBudget({ parent }: RenderContext, plan: ServicePlan): IPodDisruptionBudget {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { name: plan.name, namespace: parent.namespace, labels: serviceLabels(parent.name, plan.key) },
    spec: {
      maxUnavailable: 1,
      selector: { matchLabels: selectorLabels(parent.name, plan.key) },
      // A pod that is not ready serves nobody; letting drains evict it avoids a stuck node upgrade.
      unhealthyPodEvictionPolicy: "AlwaysAllow",
    },
  };
}
