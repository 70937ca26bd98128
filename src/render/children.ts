// All desired children, in a stable order, limited to the types the CompositeController registers.
import type { KubeObject } from "../api/metacontroller.js";
import type { ChildTypeName, MissingChildType } from "../api/child-types.js";
import { renderConfigMap } from "./config.js";
import { renderDashboard } from "./dashboard.js";
import { renderDeployment } from "./deployment.js";
import { needsDisruptionBudget, renderPodDisruptionBudget } from "./disruption.js";
import { renderHpa } from "./hpa.js";
import { grafanaEnabled, prometheusEnabled, renderServiceMonitor } from "./monitoring.js";
import type { RenderContext, ServicePlan } from "./plan.js";
import { renderScaledObject } from "./scaledobject.js";
import { renderService } from "./service.js";

type Rendered = { type: ChildTypeName; object: object | undefined; neededFor: string };

function wantedChildren(context: RenderContext, plans: ServicePlan[]): Rendered[] {
  const { spec } = context;
  const wanted: Rendered[] = [{ type: "configMap", object: renderConfigMap(context), neededFor: "the shared configuration (spec.config.data)" }];
  for (const plan of plans) {
    const about = `spec.services.${plan.key}`;
    wanted.push({ type: "deployment", object: renderDeployment(context, plan), neededFor: `the workload of ${about}` });
    wanted.push({ type: "service", object: renderService(context, plan), neededFor: `the Service of ${about}` });
    if (plan.requestedAutoscaler === "HPA") {
      wanted.push({ type: "hpa", object: renderHpa(context, plan), neededFor: `the HorizontalPodAutoscaler of ${about}` });
    }
    if (plan.requestedAutoscaler === "KEDA") {
      wanted.push({ type: "scaledObject", object: renderScaledObject(context, plan), neededFor: `the KEDA ScaledObject of ${about}` });
    }
    if (needsDisruptionBudget(plan)) {
      wanted.push({ type: "pdb", object: renderPodDisruptionBudget(context, plan), neededFor: `the PodDisruptionBudget of ${about}` });
    }
    if (prometheusEnabled(spec)) {
      wanted.push({ type: "serviceMonitor", object: renderServiceMonitor(context, plan), neededFor: `monitoring: the ServiceMonitor of ${about}` });
    }
  }
  if (grafanaEnabled(spec)) {
    wanted.push({ type: "configMap", object: renderDashboard(context, plans), neededFor: "monitoring: the Grafana dashboard" });
  }
  return wanted.filter((entry) => entry.object !== undefined);
}

export function renderChildren(context: RenderContext, plans: ServicePlan[]): { children: KubeObject[]; missing: MissingChildType[] } {
  const children: KubeObject[] = [];
  const missing = new Map<ChildTypeName, MissingChildType>();
  for (const { type, object, neededFor } of wantedChildren(context, plans)) {
    if (context.registered.has(type)) children.push(object as KubeObject);
    else if (!missing.has(type)) missing.set(type, { type, neededFor });
  }
  return { children, missing: [...missing.values()] };
}
