// A small, faithful model of the loop around the hook, for tests of a Seckill's whole life without a cluster:
// Metacontroller (sync request, dynamic apply, deletes, status write, resync), the API server (defaults,
// immutable selector, generation) and the cluster's controllers (Deployment rollout, HPA and KEDA scaling).
// Rules come from Metacontroller's pkg/controller/common/manage_children.go and pkg/dynamic/apply/apply.go.
import type { FastifyInstance } from "fastify";
import type { SyncResponse } from "../../src/api/metacontroller.js";
import { CHILD_TYPES, childTypeKey, registeredTypes } from "../../src/api/child-types.js";
import { buildApp } from "../../src/server/app.js";
import { LAST_APPLIED, merge } from "./dynamic-apply.js";

type Json = Record<string, any>;

export interface ApplyRecord {
  created: string[];
  updated: string[];
  deleted: string[];
  /** Deployment replica counts as each write left them, in order. */
  replicaWrites: { name: string; replicas: number | undefined }[];
}

const key = (object: Json) => `${object.kind}/${object.metadata.name}`;
const OBJECT_META_SYSTEM_FIELDS = ["generation", "resourceVersion", "uid", "creationTimestamp", "selfLink", "managedFields"];

export class ApiServerError extends Error {}

export class Cluster {
  parent: Json;
  readonly children = new Map<string, Json>();
  private resourceVersion = 1;
  /** Deployments told to fail their rollout (ProgressDeadlineExceeded). */
  readonly failing = new Set<string>();
  now: Date;
  log: ApplyRecord[] = [];

  /** The real hook server, reading the time from this cluster's clock. */
  private readonly app: FastifyInstance;

  constructor(
    private readonly controller: Json,
    seckill: Json,
    start: Date,
  ) {
    this.now = start;
    this.app = buildApp({ clock: { now: () => this.now } });
    this.parent = { ...structuredClone(seckill), metadata: { ...seckill.metadata, uid: "parent-uid", generation: 1 } };
  }

  /** Updates the parent's spec as `kubectl apply` would: the generation moves with the spec. */
  editSpec(edit: (spec: Json) => void): void {
    const spec = structuredClone(this.parent.spec);
    edit(spec);
    if (JSON.stringify(spec) !== JSON.stringify(this.parent.spec)) {
      this.parent.spec = spec;
      this.parent.metadata.generation += 1;
    }
  }

  get(kind: string, name: string): Json | undefined {
    return this.children.get(`${kind}/${name}`);
  }

  /** The update strategy the CompositeController gives this child's type (Metacontroller's default: OnDelete). */
  private strategyFor(object: Json): string {
    const type = Object.values(CHILD_TYPES).find((candidate) => candidate.kind === object.kind && candidate.apiVersion === object.apiVersion);
    const rule = (this.controller.spec.childResources as Json[]).find(
      (candidate) => candidate.apiVersion === type?.apiVersion && candidate.resource === type?.resource,
    );
    return rule?.updateStrategy?.method ?? "OnDelete";
  }

  async close(): Promise<void> {
    await this.app.close();
  }

  private request(finalizing: boolean): Json {
    const children: Record<string, Record<string, Json>> = {};
    for (const type of registeredTypes(this.controller as never)) children[childTypeKey(CHILD_TYPES[type])] = {};
    for (const child of this.children.values()) {
      const typeKey = childTypeKey(child as { kind: string; apiVersion: string });
      children[typeKey] = { ...(children[typeKey] ?? {}), [`${child.metadata.namespace}/${child.metadata.name}`]: structuredClone(child) };
    }
    return { controller: this.controller, parent: structuredClone(this.parent), children, finalizing };
  }

  /** One sync: call the hook, then apply its answer as Metacontroller would. */
  async sync(finalizing = false): Promise<{ response: SyncResponse; record: ApplyRecord }> {
    const reply = await this.app.inject({ method: "POST", url: "/sync", headers: { "content-type": "application/json" }, payload: JSON.stringify(this.request(finalizing)) });
    if (reply.statusCode !== 200) throw new Error(`hook answered ${reply.statusCode}: ${reply.body}`);
    const response = reply.json() as SyncResponse;
    const record = this.apply(response.children as Json[]);
    this.parent.status = response.status;
    this.log.push(record);
    return { response, record };
  }

  /** manageChildren: update or create every desired child, delete every observed one not desired. */
  private apply(desired: Json[]): ApplyRecord {
    const record: ApplyRecord = { created: [], updated: [], deleted: [], replicaWrites: [] };
    const wanted = new Set(desired.map(key));
    for (const object of desired) {
      const child = structuredClone(object);
      // With generateSelector, Metacontroller labels every child with its parent's uid before applying.
      child.metadata.labels = { ...(child.metadata.labels ?? {}), "controller-uid": this.parent.metadata.uid };
      const live = this.children.get(key(child));
      if (!live) {
        child.metadata.annotations = { ...(child.metadata.annotations ?? {}), [LAST_APPLIED]: JSON.stringify(child) };
        this.write(child, undefined, record);
        record.created.push(key(child));
        continue;
      }
      const lastApplied = live.metadata.annotations?.[LAST_APPLIED] ? JSON.parse(live.metadata.annotations[LAST_APPLIED]) : undefined;
      const update = structuredClone(child);
      delete update.metadata.annotations?.[LAST_APPLIED];
      const merged = merge(live, lastApplied, update) as Json;
      for (const field of OBJECT_META_SYSTEM_FIELDS) {
        if (live.metadata[field] === undefined) delete merged.metadata[field];
        else merged.metadata[field] = live.metadata[field];
      }
      if (live.status === undefined) delete merged.status;
      else merged.status = live.status;
      merged.metadata.annotations = { ...(merged.metadata.annotations ?? {}), [LAST_APPLIED]: JSON.stringify(update) };
      if (JSON.stringify(merged) === JSON.stringify(live)) continue;
      const strategy = this.strategyFor(live);
      if (strategy === "OnDelete") continue;
      if (strategy === "InPlace" || strategy === "RollingInPlace") {
        this.write(merged, live, record);
        record.updated.push(key(child));
      } else {
        this.children.delete(key(live));
        record.deleted.push(key(live));
      }
    }
    for (const [name, live] of [...this.children]) {
      if (!wanted.has(name)) {
        this.children.delete(name);
        record.deleted.push(key(live));
      }
    }
    return record;
  }

  /** The API server: validation of immutable fields, defaults, generation and resourceVersion. */
  private write(object: Json, live: Json | undefined, record: ApplyRecord): void {
    if (object.kind === "Deployment") {
      if (live && JSON.stringify(live.spec.selector) !== JSON.stringify(object.spec.selector)) {
        throw new ApiServerError(`Deployment.apps "${object.metadata.name}" is invalid: spec.selector: field is immutable`);
      }
      // The API server defaults a Deployment without replicas to 1.
      if (object.spec.replicas === undefined) object.spec.replicas = 1;
      record.replicaWrites.push({ name: object.metadata.name, replicas: object.spec.replicas });
    }
    const specChanged = !live || JSON.stringify(live.spec) !== JSON.stringify(object.spec);
    object.metadata.generation = (live?.metadata.generation ?? 0) + (specChanged ? 1 : 0);
    object.metadata.uid ??= `uid-${key(object)}`;
    object.metadata.resourceVersion = String((this.resourceVersion += 1));
    this.children.set(key(object), object);
  }

  /** The cluster's controllers, one tick: Deployments roll out (or fail to), status follows spec. */
  tick(seconds = 10): void {
    this.now = new Date(this.now.getTime() + seconds * 1000);
    for (const deployment of this.children.values()) {
      if (deployment.kind !== "Deployment") continue;
      const replicas = deployment.spec.replicas ?? 1;
      const failing = this.failing.has(deployment.metadata.name);
      deployment.status = {
        observedGeneration: deployment.metadata.generation,
        replicas,
        updatedReplicas: failing ? 0 : replicas,
        readyReplicas: failing ? 0 : replicas,
        availableReplicas: failing ? 0 : replicas,
        conditions: [
          failing
            ? { type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded", message: `ReplicaSet "${deployment.metadata.name}-7d9f" has timed out progressing.` }
            : { type: "Progressing", status: "True", reason: "NewReplicaSetAvailable", message: "ReplicaSet has successfully progressed." },
        ],
      };
    }
  }

  /**
   * An HPA or KEDA changing a Deployment's replicas through the scale subresource, inside its bounds.
   * The scale subresource touches spec.replicas only: the last-applied annotation stays as it was.
   */
  autoscale(name: string, wanted: number): number {
    const deployment = this.get("Deployment", name);
    const scaler = this.get("HorizontalPodAutoscaler", name) ?? this.get("ScaledObject", name);
    if (!deployment || !scaler) throw new Error(`no autoscaler owns ${name}`);
    const min = scaler.spec.minReplicas ?? scaler.spec.minReplicaCount ?? 1;
    const max = scaler.spec.maxReplicas ?? scaler.spec.maxReplicaCount;
    const replicas = Math.min(Math.max(wanted, min), max);
    if (replicas !== deployment.spec.replicas) {
      deployment.spec.replicas = replicas;
      deployment.metadata.generation += 1;
      deployment.metadata.resourceVersion = String((this.resourceVersion += 1));
    }
    return replicas;
  }

  /** Syncs and ticks until a sync changes nothing, or gives up after `limit` rounds. Returns the rounds taken. */
  async converge(limit = 10): Promise<number> {
    for (let round = 1; round <= limit; round += 1) {
      const { record } = await this.sync();
      this.tick();
      if (record.created.length + record.updated.length + record.deleted.length === 0 && round > 1) return round;
    }
    throw new Error(`no fixed point after ${limit} rounds: ${JSON.stringify(this.log.at(-1))}`);
  }
}
