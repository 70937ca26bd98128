// The kinds of children the hook can return, keyed the way Metacontroller names them in a sync request
// (`<Kind>.<apiVersion>`) and registered in a CompositeController (`apiVersion` + `resource`).
import type { CompositeController, KubeObject, SyncRequest } from "./metacontroller.js";

export interface ChildType {
  kind: string;
  apiVersion: string;
  resource: string;
}

export const CHILD_TYPES = {
  deployment: { kind: "Deployment", apiVersion: "apps/v1", resource: "deployments" },
  service: { kind: "Service", apiVersion: "v1", resource: "services" },
  hpa: { kind: "HorizontalPodAutoscaler", apiVersion: "autoscaling/v2", resource: "horizontalpodautoscalers" },
  scaledObject: { kind: "ScaledObject", apiVersion: "keda.sh/v1alpha1", resource: "scaledobjects" },
  configMap: { kind: "ConfigMap", apiVersion: "v1", resource: "configmaps" },
  pdb: { kind: "PodDisruptionBudget", apiVersion: "policy/v1", resource: "poddisruptionbudgets" },
  serviceMonitor: { kind: "ServiceMonitor", apiVersion: "monitoring.coreos.com/v1", resource: "servicemonitors" },
} as const satisfies Record<string, ChildType>;

export type ChildTypeName = keyof typeof CHILD_TYPES;

/** A child type the spec needs but the CompositeController does not list, and what it was for. */
export interface MissingChildType {
  type: ChildTypeName;
  neededFor: string;
}

export const childTypeKey = (type: Pick<ChildType, "kind" | "apiVersion">): string => `${type.kind}.${type.apiVersion}`;

export const describeType = (type: ChildType): string => `${type.apiVersion} ${type.resource}`;

/** The child types the CompositeController lists; Metacontroller manages no other. */
export function registeredTypes(controller: CompositeController): Set<ChildTypeName> {
  const rules = controller.spec.childResources ?? [];
  const registered = new Set<ChildTypeName>();
  for (const [name, type] of Object.entries(CHILD_TYPES) as [ChildTypeName, ChildType][]) {
    if (rules.some((rule) => rule.apiVersion === type.apiVersion && rule.resource === type.resource)) registered.add(name);
  }
  return registered;
}

/** Observed children by type and name, whatever the hook version's keys (`name` or `namespace/name`). */
export class ObservedChildren {
  private readonly byType: Map<string, Map<string, KubeObject>>;

  constructor(children: SyncRequest["children"]) {
    this.byType = new Map(
      Object.entries(children).map(([typeKey, objects]) => [
        typeKey,
        new Map(Object.values(objects).map((object) => [object.metadata.name, object])),
      ]),
    );
  }

  get<T = KubeObject>(type: ChildType, name: string): T | undefined {
    return this.byType.get(childTypeKey(type))?.get(name) as T | undefined;
  }

  all(): KubeObject[] {
    return [...this.byType.values()].flatMap((objects) => [...objects.values()]);
  }

  get size(): number {
    let count = 0;
    for (const objects of this.byType.values()) count += objects.size;
    return count;
  }
}
