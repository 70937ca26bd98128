// The HorizontalPodAutoscaler of one service (autoscaling/v2), scaling its Deployment on CPU utilization.
import type { IHorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import type { IHorizontalPodAutoscalerBehavior } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscalerBehavior";
import type { HpaPlan } from "./plan.js";

/**
 * Flash sales arrive as a cliff, not a ramp: scale up at once (no stabilization, double or add 4 pods every
 * 15 s, whichever is more), and scale down slowly (10 minutes of stable low load, then at most 10% a minute),
 * so a lull between waves of buyers does not throw away warm pods that the next wave needs.
 */
export const FLASH_SALE_BEHAVIOR: IHorizontalPodAutoscalerBehavior = {
  scaleUp: {
    stabilizationWindowSeconds: 0,
    selectPolicy: "Max",
    policies: [
      { type: "Percent", value: 100, periodSeconds: 15 },
      { type: "Pods", value: 4, periodSeconds: 15 },
    ],
  },
  scaleDown: {
    stabilizationWindowSeconds: 600,
    selectPolicy: "Min",
    policies: [{ type: "Percent", value: 10, periodSeconds: 60 }],
  },
};

export function renderHpa(plan: HpaPlan): IHorizontalPodAutoscaler {
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: plan.metadata,
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: plan.name },
      minReplicas: plan.bounds.min,
      maxReplicas: plan.bounds.max,
      metrics: [
        {
          type: "Resource",
          resource: { name: "cpu", target: { type: "Utilization", averageUtilization: plan.hpa.targetCPUUtilizationPercentage } },
        },
      ],
      behavior: (plan.hpa.behavior ?? FLASH_SALE_BEHAVIOR) as IHorizontalPodAutoscalerBehavior,
    },
  };
}
