// Prometheus integration: scrape annotations on pods (for annotation-based discovery) and, where
// prometheus-operator is installed, a ServiceMonitor per service.
import type { IServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import type { SeckillSpec, ServiceSpec } from "../api/seckill.js";
import type { RenderContext, ServicePlan } from "./plan.js";

export const prometheusEnabled = (spec: SeckillSpec): boolean =>
  spec.monitoring !== undefined && spec.monitoring.enabled !== false && spec.monitoring.prometheusEnabled !== false;

export const grafanaEnabled = (spec: SeckillSpec): boolean =>
  spec.monitoring !== undefined && spec.monitoring.enabled !== false && spec.monitoring.grafanaEnabled === true;

/** The port metrics are served on: the service's first port. A service without ports is not scraped. */
const metricsPort = (service: ServiceSpec) => service.ports?.[0];

export function scrapeAnnotations(spec: SeckillSpec, service: ServiceSpec): Record<string, string> {
  const port = metricsPort(service);
  if (!prometheusEnabled(spec) || !port) return {};
  return {
    "prometheus.io/scrape": "true",
    "prometheus.io/port": String(typeof port.targetPort === "number" ? port.targetPort : port.port),
    "prometheus.io/path": spec.monitoring?.path ?? "/metrics",
  };
}

export function renderServiceMonitor({ parent, spec }: RenderContext, plan: ServicePlan): IServiceMonitor | undefined {
  const port = metricsPort(plan.service);
  if (!port) return undefined;
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "ServiceMonitor",
    metadata: plan.metadata,
    spec: {
      selector: { matchLabels: plan.selector },
      namespaceSelector: { matchNames: [parent.namespace] },
      endpoints: [{ port: port.name, path: spec.monitoring?.path ?? "/metrics", interval: spec.monitoring?.interval ?? "30s" }],
    },
  } as IServiceMonitor;
}
