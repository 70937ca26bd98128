// Validates a child against its upstream schema: Kubernetes OpenAPI (kubernetes-models), KEDA's and
// prometheus-operator's CRDs (@kubernetes-models/keda, @kubernetes-models/prometheus-operator).
import { Certificate } from "@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate";
import { Issuer } from "@kubernetes-models/cert-manager/cert-manager.io/v1/Issuer";
import { ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { CustomResourceDefinition } from "kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition";

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  "apps/v1/Deployment": Deployment,
  "v1/Service": Service,
  "autoscaling/v2/HorizontalPodAutoscaler": HorizontalPodAutoscaler,
  "policy/v1/PodDisruptionBudget": PodDisruptionBudget,
  "v1/ConfigMap": ConfigMap,
  "keda.sh/v1alpha1/ScaledObject": ScaledObject,
  "monitoring.coreos.com/v1/ServiceMonitor": ServiceMonitor,
  "v1/Namespace": Namespace,
  "v1/ServiceAccount": ServiceAccount,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "apiextensions.k8s.io/v1/CustomResourceDefinition": CustomResourceDefinition,
  "cert-manager.io/v1/Issuer": Issuer,
  "cert-manager.io/v1/Certificate": Certificate,
};

/** Throws with the upstream validator's message when `object` is not valid for its kind. */
export function validateUpstream(object: { apiVersion: string; kind: string }): void {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!Model) throw new Error(`no upstream schema for ${object.apiVersion} ${object.kind}`);
  new Model(structuredClone(object) as never).validate();
}
