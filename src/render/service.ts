// The Service of one service: its ports, selecting exactly the pods of its Deployment.
import type { IService } from "kubernetes-models/v1/Service";
import { selectorLabels, serviceLabels } from "./labels.js";
import type { RenderContext, ServicePlan } from "./plan.js";

/** A service without ports (a pure Kafka consumer, say) gets no Service: Kubernetes requires at least one. */
export function renderService({ parent }: RenderContext, plan: ServicePlan): IService | undefined {
  const ports = plan.service.ports ?? [];
  if (ports.length === 0) return undefined;
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: plan.name, namespace: parent.namespace, labels: serviceLabels(parent.name, plan.key) },
    spec: {
      type: plan.service.serviceType ?? "ClusterIP",
      selector: selectorLabels(parent.name, plan.key),
      ports: ports.map((port) => ({
        name: port.name,
        port: port.port,
        targetPort: port.targetPort ?? port.port,
        protocol: port.protocol ?? "TCP",
      })),
    },
  };
}
