// The Deployment of one service: its container from the service spec, secure by default (Pod Security
// Standard "restricted"), and a rollout that never lowers capacity.
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IProbe } from "kubernetes-models/v1/Probe";
import { SERVICE_SHORT_NAMES, type ServiceSpec } from "../api/seckill.js";
import { CONFIG_CHECKSUM_ANNOTATION, configChecksum, sharedEnvFrom } from "./config.js";
import { scrapeAnnotations } from "./monitoring.js";
import type { RenderContext, ServicePlan } from "./plan.js";

export const containerPort = (port: NonNullable<ServiceSpec["ports"]>[number]): number =>
  typeof port.targetPort === "number" ? port.targetPort : port.port;

function renderContainer(context: RenderContext, plan: ServicePlan): IContainer {
  const { service } = plan;
  const envFrom = [...(service.envFrom ?? []), ...sharedEnvFrom(context)];
  return {
    name: SERVICE_SHORT_NAMES[plan.key],
    image: service.image ?? "",
    ...(service.imagePullPolicy ? { imagePullPolicy: service.imagePullPolicy } : {}),
    ...(service.ports?.length
      ? {
          ports: service.ports.map((port) => ({ name: port.name, containerPort: containerPort(port), protocol: port.protocol })),
        }
      : {}),
    ...(service.env?.length ? { env: service.env } : {}),
    ...(envFrom.length ? { envFrom } : {}),
    ...(service.resources ? { resources: service.resources } : {}),
    ...(service.readinessProbe ? { readinessProbe: service.readinessProbe as IProbe } : {}),
    ...(service.livenessProbe ? { livenessProbe: service.livenessProbe as IProbe } : {}),
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
      runAsNonRoot: true,
      seccompProfile: { type: "RuntimeDefault" },
    },
  };
}

export function renderDeployment(context: RenderContext, plan: ServicePlan): IDeployment {
  const { spec } = context;
  const checksum = configChecksum(spec);
  const annotations = {
    ...(checksum ? { [CONFIG_CHECKSUM_ANNOTATION]: checksum } : {}),
    ...scrapeAnnotations(spec, plan.service),
  };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: plan.metadata,
    spec: {
      replicas: plan.replicas,
      revisionHistoryLimit: 5,
      selector: { matchLabels: plan.selector },
      // A flash sale cannot afford a rollout that removes serving pods before their replacements are ready.
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } },
      template: {
        metadata: {
          labels: plan.metadata.labels,
          ...(Object.keys(annotations).length ? { annotations } : {}),
        },
        spec: {
          automountServiceAccountToken: false,
          securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
          containers: [renderContainer(context, plan)],
        },
      },
    },
  };
}
