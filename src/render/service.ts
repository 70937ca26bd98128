// The Service of one service: its ports, selecting exactly the pods of its Deployment.
import type { IService } from "kubernetes-models/v1/Service";
import type { ServicePlan } from "./plan.js";

/** A service without ports (a pure Kafka consumer, say) gets no Service: Kubernetes requires at least one. */
export function renderService(plan: ServicePlan): IService | undefined {
  const ports = plan.service.ports ?? [];
  if (ports.length === 0) return undefined;
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: plan.metadata,
    spec: {
      type: plan.service.serviceType,
      selector: plan.selector,
      ports: ports.map((port) => ({
        name: port.name,
        port: port.port,
        targetPort: port.targetPort ?? port.port,
        protocol: port.protocol,
      })),
    },
  };
}
