// The Grafana dashboard, as a ConfigMap that Grafana's dashboard sidecar loads (label grafana_dashboard: "1").
// Queries use kube-state-metrics, cAdvisor and KEDA's own metrics, which a standard monitoring stack has.
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import { instanceLabels } from "./labels.js";
import { dashboardName } from "./names.js";
import type { RenderContext, ServicePlan } from "./plan.js";

interface Panel {
  title: string;
  type: "timeseries" | "stat";
  targets: { expr: string; legendFormat: string }[];
  unit?: string;
}

function panels({ parent }: RenderContext, plans: ServicePlan[]): Panel[] {
  const ns = parent.namespace;
  const deployments = plans.map((plan) => plan.name).join("|");
  const byDeployment = `namespace="${ns}", deployment=~"${deployments}"`;
  const result: Panel[] = [
    {
      title: "Ready services",
      type: "stat",
      targets: [
        {
          expr: `sum(kube_deployment_status_replicas_available{${byDeployment}} >= bool kube_deployment_spec_replicas{${byDeployment}})`,
          legendFormat: "ready",
        },
      ],
    },
    {
      title: "Replicas per service",
      type: "timeseries",
      targets: [{ expr: `kube_deployment_spec_replicas{${byDeployment}}`, legendFormat: "{{deployment}} desired" }],
    },
    {
      title: "Ready replicas per service",
      type: "timeseries",
      targets: [{ expr: `kube_deployment_status_replicas_ready{${byDeployment}}`, legendFormat: "{{deployment}} ready" }],
    },
    {
      title: "CPU per service",
      type: "timeseries",
      unit: "cores",
      targets: plans.map((plan) => ({
        expr: `sum(rate(container_cpu_usage_seconds_total{namespace="${ns}", pod=~"${plan.name}-[a-z0-9]+-[a-z0-9]+", container!=""}[2m]))`,
        legendFormat: plan.name,
      })),
    },
  ];
  const hpaNames = plans.filter((plan) => plan.autoscaler === "HPA").map((plan) => plan.name);
  if (hpaNames.length > 0) {
    const byHpa = `namespace="${ns}", horizontalpodautoscaler=~"${hpaNames.join("|")}"`;
    result.push({
      title: "Autoscaler targets",
      type: "timeseries",
      targets: [
        { expr: `kube_horizontalpodautoscaler_status_desired_replicas{${byHpa}}`, legendFormat: "{{horizontalpodautoscaler}} desired" },
        { expr: `kube_horizontalpodautoscaler_spec_max_replicas{${byHpa}}`, legendFormat: "{{horizontalpodautoscaler}} max" },
        { expr: `kube_horizontalpodautoscaler_spec_target_metric{${byHpa}}`, legendFormat: "{{horizontalpodautoscaler}} CPU target %" },
      ],
    });
  }
  const kedaTarget = plans.find((plan) => plan.autoscaler === "KEDA");
  if (kedaTarget) {
    result.push({
      title: "Kafka consumer lag",
      type: "timeseries",
      targets: [
        {
          expr: `keda_scaler_metrics_value{exported_namespace="${ns}", scaledObject="${kedaTarget.name}"}`,
          legendFormat: "{{metric}} lag",
        },
      ],
    });
  }
  return result;
}

/**
 * The dashboard's JSON is a pure function of the parent and which services run with which autoscaler, and
 * costs a fifth of a sync to build, so recent ones are kept (bounded, oldest dropped first).
 */
const recentDashboards = new Map<string, string>();
const RECENT_DASHBOARDS = 256;

function dashboardJson(context: RenderContext, plans: ServicePlan[]): string {
  const key = JSON.stringify([context.parent, plans.map((plan) => [plan.name, plan.autoscaler])]);
  const cached = recentDashboards.get(key);
  if (cached !== undefined) return cached;
  const json = JSON.stringify(buildDashboard(context, plans), null, 2);
  if (recentDashboards.size >= RECENT_DASHBOARDS) recentDashboards.delete(recentDashboards.keys().next().value as string);
  recentDashboards.set(key, json);
  return json;
}

function buildDashboard(context: RenderContext, plans: ServicePlan[]) {
  const { parent } = context;
  return {
    title: `CouponKill ${parent.namespace}/${parent.name}`,
    uid: `couponkill-${parent.namespace}-${parent.name}`.slice(0, 40),
    tags: ["couponkill"],
    timezone: "browser",
    refresh: "10s",
    schemaVersion: 39,
    time: { from: "now-1h", to: "now" },
    panels: panels(context, plans).map((panel, index) => ({
      id: index + 1,
      title: panel.title,
      type: panel.type,
      datasource: { type: "prometheus", uid: "${datasource}" },
      gridPos: { h: 8, w: 12, x: (index % 2) * 12, y: Math.floor(index / 2) * 8 },
      fieldConfig: { defaults: panel.unit ? { unit: panel.unit } : {}, overrides: [] },
      targets: panel.targets.map((target, refIndex) => ({ refId: String.fromCharCode(65 + refIndex), ...target })),
    })),
    templating: { list: [{ name: "datasource", type: "datasource", query: "prometheus" }] },
  };
}

export function renderDashboard(context: RenderContext, plans: ServicePlan[]): IConfigMap {
  const { parent } = context;
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: dashboardName(parent.name),
      namespace: parent.namespace,
      labels: { ...instanceLabels(parent.name), grafana_dashboard: "1" },
    },
    data: { [`couponkill-${parent.name}.json`]: dashboardJson(context, plans) },
  };
}
