// Labels follow the Kubernetes recommended set. The selector is the stable subset (name, instance,
// component): a Deployment's selector is immutable, so it must never depend on anything that can change.
import { SERVICE_SHORT_NAMES, type ServiceKey } from "../api/seckill.js";

export const APP_NAME = "couponkill";
export const MANAGED_BY = "couponkill-operator";

export function selectorLabels(parent: string, service: ServiceKey): Record<string, string> {
  return {
    "app.kubernetes.io/name": APP_NAME,
    "app.kubernetes.io/instance": parent,
    "app.kubernetes.io/component": SERVICE_SHORT_NAMES[service],
  };
}

export function serviceLabels(parent: string, service: ServiceKey): Record<string, string> {
  return { ...selectorLabels(parent, service), ...systemLabels() };
}

/** Labels of children that belong to the whole system rather than one service. */
export function instanceLabels(parent: string): Record<string, string> {
  return { "app.kubernetes.io/name": APP_NAME, "app.kubernetes.io/instance": parent, ...systemLabels() };
}

const systemLabels = () => ({ "app.kubernetes.io/part-of": APP_NAME, "app.kubernetes.io/managed-by": MANAGED_BY });
