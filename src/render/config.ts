// Configuration shared by every service: one ConfigMap from spec.config.data, plus the Secrets in
// spec.config.secretRefs, loaded into every container. The data's checksum goes on each pod template,
// because pods read environment variables only at start: without it a config change would never arrive.
import { createHash } from "node:crypto";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { IEnvFromSource } from "kubernetes-models/v1/EnvFromSource";
import type { SeckillSpec } from "../api/seckill.js";
import { instanceLabels } from "./labels.js";
import { configName } from "./names.js";
import type { RenderContext } from "./plan.js";

export const CONFIG_CHECKSUM_ANNOTATION = "ops.couponkill.io/config-checksum";

const hasConfigData = (spec: SeckillSpec): boolean => spec.config?.data !== undefined;

export function renderConfigMap({ parent, spec }: RenderContext): IConfigMap | undefined {
  if (!hasConfigData(spec)) return undefined;
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: configName(parent.name), namespace: parent.namespace, labels: instanceLabels(parent.name) },
    data: sortedData(spec.config?.data ?? {}),
  };
}

const sortedData = (data: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Sources every container loads: the shared ConfigMap first, then the shared Secrets. */
export function sharedEnvFrom({ parent, spec }: RenderContext): IEnvFromSource[] {
  return [
    ...(hasConfigData(spec) ? [{ configMapRef: { name: configName(parent.name) } }] : []),
    ...(spec.config?.secretRefs ?? []).map(({ name }) => ({ secretRef: { name } })),
  ];
}

export function configChecksum(spec: SeckillSpec): string | undefined {
  if (!hasConfigData(spec)) return undefined;
  return createHash("sha256").update(JSON.stringify(sortedData(spec.config?.data ?? {}))).digest("hex");
}
