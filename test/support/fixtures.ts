// Sync requests built from the samples, and observed children as Metacontroller and the cluster would show them.
import type { KubeObject, SyncRequest, SyncResponse } from "../../src/api/metacontroller.js";
import { fullCompositeController } from "../../src/api/sync-request.js";
import { syncRequestFor } from "../../src/api/sync-request.js";
import { LAST_APPLIED_ANNOTATION, sync, type Clock } from "../../src/render/sync.js";
import { clone, readYaml } from "./samples.js";

export const T0 = new Date("2026-11-11T00:00:00Z");
export const fixedClock = (date: Date = T0): Clock => ({ now: () => date });

export type Json = Record<string, any>;

export const sample = (file = "samples/seckill.yaml"): Json => clone(readYaml<Json>(file));

export function requestFor(seckill: Json, observed: KubeObject[] = [], controller = fullCompositeController()): SyncRequest {
  return syncRequestFor(seckill, observed, controller);
}

export const syncSample = (seckill: Json = sample(), observed: KubeObject[] = []): SyncResponse => sync(requestFor(seckill, observed), fixedClock());

/** A controller that registers only the given resources (e.g. without KEDA or prometheus-operator). */
export function controllerWithout(...resources: string[]) {
  const controller = fullCompositeController();
  controller.spec.childResources = controller.spec.childResources?.filter((rule) => !resources.includes(rule.resource));
  return controller;
}

/** A child as it exists after Metacontroller applied it: last-applied recorded, generation 1. */
export function applied(child: KubeObject): KubeObject {
  const object = clone(child) as Json;
  object.metadata.annotations = { ...(object.metadata.annotations ?? {}), [LAST_APPLIED_ANNOTATION]: JSON.stringify(child) };
  object.metadata.generation = 1;
  object.metadata.uid = `uid-${object.kind}-${object.metadata.name}`;
  return object as KubeObject;
}

/** A Deployment that has rolled out completely. */
export function rolledOut(child: KubeObject): KubeObject {
  const object = applied(child) as Json;
  if (object.kind === "Deployment") {
    const replicas = object.spec.replicas ?? 1;
    object.status = {
      observedGeneration: object.metadata.generation,
      replicas,
      readyReplicas: replicas,
      updatedReplicas: replicas,
      availableReplicas: replicas,
      conditions: [
        { type: "Available", status: "True", reason: "MinimumReplicasAvailable" },
        { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable" },
      ],
    };
  }
  return object as KubeObject;
}

export const byKind = (children: KubeObject[], kind: string): Json[] => children.filter((child) => child.kind === kind) as Json[];

export const named = (children: KubeObject[], kind: string, name: string): Json | undefined =>
  children.find((child) => child.kind === kind && child.metadata.name === name) as Json | undefined;

export const ORIGINAL = "couponkill-sample";
