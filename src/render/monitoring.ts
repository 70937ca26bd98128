// Prometheus integration: scrape annotations on pods (for annotation-based discovery) and, where
// prometheus-operator is installed, a ServiceMonitor per service.
import type { IServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import type { SeckillSpec, ServiceSpec } from "../api/seckill.js";
import type { RenderContext, ServicePlan } from "./plan.js";

type Monitoring = NonNullable<SeckillSpec["monitoring"]>;

/** The monitoring settings when Prometheus scraping is on. */
const prometheus = (spec: SeckillSpec): Monitoring | undefined =>
  spec.monitoring?.enabled && spec.monitoring.prometheusEnabled ? spec.monitoring : undefined;

export const prometheusEnabled = (spec: SeckillSpec): boolean => prometheus(spec) !== undefined;

export const grafanaEnabled = (spec: SeckillSpec): boolean => spec.monitoring?.enabled === true && spec.monitoring.grafanaEnabled;

/** The port metrics are served on: the service's first port. A service without ports is not scraped. */
const metricsPort = (service: ServiceSpec) => service.ports?.[0];

export function scrapeAnnotations(spec: SeckillSpec, service: ServiceSpec): Record<string, string> {
  const port = metricsPort(service);
  const monitoring = prometheus(spec);
  if (!monitoring || !port) return {};
  return {
    "prometheus.io/scrape": "true",
    "prometheus.io/port": String(typeof port.targetPort === "number" ? port.targetPort : port.port),
    "prometheus.io/path": monitoring.path,
  };
}

export function renderServiceMonitor({ parent, spec }: RenderContext, plan: ServicePlan): IServiceMonitor | undefined {
  const port = metricsPort(plan.service);
  const monitoring = prometheus(spec);
  if (!monitoring || !port) return undefined;
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "ServiceMonitor",
    metadata: plan.metadata,
    spec: {
      selector: { matchLabels: plan.selector },
      namespaceSelector: { matchNames: [parent.namespace] },
      endpoints: [{ port: port.name, path: monitoring.path, interval: monitoring.interval }],
    },
  } as IServiceMonitor;
}
