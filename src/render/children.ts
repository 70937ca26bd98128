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

/** A child the spec asks for; an autoscaler whose type is not registered has no object, as it was not planned. */
type Rendered = { type: ChildTypeName; object?: object; neededFor: string };

function wantedChildren(context: RenderContext, plans: ServicePlan[]): Rendered[] {
  const { spec } = context;
  const wanted: Rendered[] = [];
  // A renderer answers undefined when the spec asks for no such child (no config data, a service without ports).
  const want = (type: ChildTypeName, object: object | undefined, neededFor: string) => {
    if (object) wanted.push({ type, object, neededFor });
  };
  want("configMap", renderConfigMap(context), "the shared configuration (spec.config.data)");
  for (const plan of plans) {
    const about = `spec.services.${plan.key}`;
    want("deployment", renderDeployment(context, plan), `the workload of ${about}`);
    want("service", renderService(plan), `the Service of ${about}`);
    if (plan.autoscaler === "HPA") want("hpa", renderHpa(plan), `the HorizontalPodAutoscaler of ${about}`);
    else if (plan.requestedAutoscaler === "HPA") wanted.push({ type: "hpa", neededFor: `the HorizontalPodAutoscaler of ${about}` });
    if (plan.autoscaler === "KEDA") want("scaledObject", renderScaledObject(plan), `the KEDA ScaledObject of ${about}`);
    else if (plan.requestedAutoscaler === "KEDA") wanted.push({ type: "scaledObject", neededFor: `the KEDA ScaledObject of ${about}` });
    if (needsDisruptionBudget(plan)) want("pdb", renderPodDisruptionBudget(plan), `the PodDisruptionBudget of ${about}`);
    if (prometheusEnabled(spec)) want("serviceMonitor", renderServiceMonitor(context, plan), `monitoring: the ServiceMonitor of ${about}`);
  }
  if (grafanaEnabled(spec)) want("configMap", renderDashboard(context, plans), "monitoring: the Grafana dashboard");
  return wanted;
}

export function renderChildren(context: RenderContext, plans: ServicePlan[]): { children: KubeObject[]; missing: MissingChildType[] } {
  const children: KubeObject[] = [];
  const missing = new Map<ChildTypeName, MissingChildType>();
  for (const { type, object, neededFor } of wantedChildren(context, plans)) {
    if (!context.registered.has(type)) {
      if (!missing.has(type)) missing.set(type, { type, neededFor });
    } else if (object) children.push(object as KubeObject);
    // Leaving it out would make Metacontroller delete it; an error changes nothing and is retried.
    else throw new Error(`${neededFor} is registered but was not rendered`);
  }
  return { children, missing: [...missing.values()] };
}
