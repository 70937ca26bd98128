// Builds the sync request Metacontroller would send for a Seckill, for the CLI and for debugging with curl.
import { compileDefaults } from "./defaults.js";
import { CHILD_TYPES, childTypeKey, registeredTypes } from "./child-types.js";
import type { CompositeController, KubeObject, SyncRequest } from "./metacontroller.js";
import { API_VERSION, GROUP, PLURAL, SeckillSpec } from "./seckill.js";

const withSpecDefaults = compileDefaults(SeckillSpec);

export const CONTROLLER_NAME = `${PLURAL}.${GROUP}`;

/** The CompositeController as installed with every optional component (KEDA, monitoring). */
export function fullCompositeController(): CompositeController {
  return {
    apiVersion: "metacontroller.k8s.io/v1alpha1",
    kind: "CompositeController",
    metadata: { name: CONTROLLER_NAME },
    spec: {
      generateSelector: true,
      parentResource: { apiVersion: API_VERSION, resource: PLURAL },
      childResources: Object.values(CHILD_TYPES).map(({ apiVersion, resource }) => ({ apiVersion, resource })),
    },
  };
}

interface SeckillDocument {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: string; namespace?: string; [key: string]: unknown };
  spec?: unknown;
  [key: string]: unknown;
}

/**
 * The request for `seckill` as stored by the API server (defaults applied, a uid and generation), with the
 * given observed children keyed the hook-v1 way, and an entry for every registered child type.
 */
export function syncRequestFor(
  seckill: SeckillDocument,
  observed: KubeObject[] = [],
  controller: CompositeController = fullCompositeController(),
): SyncRequest {
  const namespace = seckill.metadata?.namespace ?? "default";
  const name = seckill.metadata?.name ?? "";
  const spec = typeof seckill.spec === "object" && seckill.spec !== null ? withSpecDefaults(structuredClone(seckill.spec)) : seckill.spec;
  const children: SyncRequest["children"] = {};
  for (const type of registeredTypes(controller)) children[childTypeKey(CHILD_TYPES[type])] = {};
  for (const child of observed) {
    const key = childTypeKey(child);
    children[key] = { ...(children[key] ?? {}), [child.metadata.name]: child };
  }
  return {
    controller,
    parent: {
      ...seckill,
      apiVersion: API_VERSION,
      kind: "Seckill",
      metadata: { uid: `00000000-0000-4000-8000-${name.length.toString(16).padStart(12, "0")}`, generation: 1, ...seckill.metadata, name, namespace },
      spec,
    } as SyncRequest["parent"],
    children,
    finalizing: false,
  };
}
