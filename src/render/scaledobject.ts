// The KEDA ScaledObject of the KEDA target: scales its Deployment on the Kafka consumer group's lag.
import type { IScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
import { FLASH_SALE_BEHAVIOR } from "./hpa.js";
import type { KedaPlan } from "./plan.js";

export function renderScaledObject(plan: KedaPlan): IScaledObject {
  const { keda } = plan;
  const kafka = keda.kafkaScaler;
  return {
    apiVersion: "keda.sh/v1alpha1",
    kind: "ScaledObject",
    metadata: plan.metadata,
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: plan.name },
      pollingInterval: keda.pollingInterval,
      cooldownPeriod: keda.cooldownPeriod,
      minReplicaCount: plan.bounds.min,
      maxReplicaCount: plan.bounds.max,
      // The HPA that KEDA manages gets the same flash-sale behavior as ours: up fast, down slowly.
      advanced: { horizontalPodAutoscalerConfig: { behavior: FLASH_SALE_BEHAVIOR as never } },
      triggers: [
        {
          type: "kafka",
          metadata: {
            bootstrapServers: kafka?.bootstrapServers ?? "",
            consumerGroup: kafka?.consumerGroup ?? "",
            topic: kafka?.topic ?? "",
            lagThreshold: kafka ? String(kafka.lagThreshold) : "",
          },
          ...(keda.authenticationRef ? { authenticationRef: { name: keda.authenticationRef.name, kind: keda.authenticationRef.kind } } : {}),
        },
      ],
    },
  };
}
