// One service's health, read from its observed Deployment only: status reports what is, not what we asked for.
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { Autoscaler, ServiceStatus } from "../api/seckill.js";

export interface ServiceHealth {
  summary: ServiceStatus;
  /** Every replica is updated, available and at the desired image. */
  ready: boolean;
  /** Why the Deployment cannot progress, when it cannot. */
  failure?: string;
  /** Why it is not ready yet, when it is not. */
  waiting?: string;
}

const FAILED_PROGRESS = "ProgressDeadlineExceeded";

function failureOf(name: string, deployment: IDeployment): string | undefined {
  for (const condition of deployment.status?.conditions ?? []) {
    if (condition.type === "ReplicaFailure" && condition.status === "True") {
      return `Deployment ${name}: ReplicaFailure (${condition.reason ?? "unknown"}): ${condition.message ?? ""}`.trim();
    }
    if (condition.type === "Progressing" && condition.status === "False") {
      return `Deployment ${name}: ${condition.reason ?? FAILED_PROGRESS}: ${condition.message ?? ""}`.trim();
    }
  }
  return undefined;
}

export function serviceStatus(
  name: string,
  enabled: boolean,
  autoscaler: Autoscaler,
  deployment: IDeployment | undefined,
  desiredImage: string | undefined,
): ServiceHealth {
  const status = deployment?.status ?? {};
  const summary: ServiceStatus = {
    enabled,
    autoscaler,
    replicas: status.replicas ?? 0,
    readyReplicas: status.readyReplicas ?? 0,
    updatedReplicas: status.updatedReplicas ?? 0,
    availableReplicas: status.availableReplicas ?? 0,
  };
  if (!deployment) return { summary, ready: false, waiting: `Deployment ${name} does not exist yet` };

  const wanted = deployment.spec?.replicas ?? 1;
  const failure = failureOf(name, deployment);
  const image = deployment.spec?.template?.spec?.containers?.[0]?.image;
  const generation = deployment.metadata?.generation ?? 0;
  const waiting =
    (status.observedGeneration ?? 0) < generation
      ? `Deployment ${name}: the rollout has not been observed yet`
      : desiredImage !== undefined && image !== desiredImage
        ? `Deployment ${name}: runs ${image ?? "no image"}, ${desiredImage} is wanted`
        : summary.updatedReplicas < wanted
          ? `Deployment ${name}: ${summary.updatedReplicas}/${wanted} replicas updated`
          : summary.availableReplicas < wanted
            ? `Deployment ${name}: ${summary.availableReplicas}/${wanted} replicas available`
            : summary.replicas > wanted
              ? `Deployment ${name}: ${summary.replicas - wanted} old replicas terminating`
              : undefined;
  return { summary, ready: waiting === undefined && failure === undefined, ...(failure ? { failure } : {}), ...(waiting ? { waiting } : {}) };
}
