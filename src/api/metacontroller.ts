// The Metacontroller CompositeController hook contract (sync and finalize), as the hook receives and answers it.
// The parent's spec is deliberately not validated here: a bad spec is reported in status by sync(), with the
// observed children kept, instead of being refused as a bad request.
import { Type, type Static } from "@sinclair/typebox";
import { API_VERSION, KIND, ObjectMeta, SeckillStatus } from "./seckill.js";

/** A Kubernetes object as Metacontroller sends and receives it: only the envelope is fixed. */
export const KubeObject = Type.Object(
  {
    apiVersion: Type.String({ minLength: 1 }),
    kind: Type.String({ minLength: 1 }),
    metadata: Type.Object(
      {
        name: Type.String({ minLength: 1 }),
        namespace: Type.Optional(Type.String()),
        labels: Type.Optional(Type.Record(Type.String(), Type.String())),
        annotations: Type.Optional(Type.Record(Type.String(), Type.String())),
        generation: Type.Optional(Type.Integer()),
      },
      { additionalProperties: true },
    ),
  },
  { additionalProperties: true },
);

export const ChildResourceRule = Type.Object(
  {
    apiVersion: Type.String(),
    resource: Type.String(),
    updateStrategy: Type.Optional(Type.Object({ method: Type.Optional(Type.String()) }, { additionalProperties: true })),
  },
  { additionalProperties: true },
);

export const CompositeController = Type.Object(
  {
    apiVersion: Type.Optional(Type.String()),
    kind: Type.Optional(Type.String()),
    metadata: Type.Optional(Type.Object({ name: Type.Optional(Type.String()) }, { additionalProperties: true })),
    spec: Type.Object(
      {
        generateSelector: Type.Optional(Type.Boolean()),
        parentResource: Type.Optional(Type.Object({ apiVersion: Type.String(), resource: Type.String() }, { additionalProperties: true })),
        childResources: Type.Optional(Type.Array(ChildResourceRule)),
      },
      { additionalProperties: true },
    ),
  },
  { additionalProperties: true },
);

/** Observed objects of one type, keyed `name` (hook v1) or `namespace/name` (hook v2). */
export const ObjectMap = Type.Record(Type.String(), KubeObject);

export const SyncParent = Type.Object(
  {
    apiVersion: Type.Literal(API_VERSION),
    kind: Type.Literal(KIND),
    metadata: ObjectMeta,
    spec: Type.Optional(Type.Unknown({ description: "Validated by sync(), which reports a bad spec in status." })),
    status: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: true },
);

export const SyncRequest = Type.Object(
  {
    controller: CompositeController,
    parent: SyncParent,
    children: Type.Record(Type.String(), ObjectMap, { description: "Observed children by `<Kind>.<apiVersion>`." }),
    related: Type.Optional(Type.Record(Type.String(), ObjectMap)),
    finalizing: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: true },
);

export const SyncResponse = Type.Object(
  {
    status: SeckillStatus,
    children: Type.Array(KubeObject),
    resyncAfterSeconds: Type.Optional(Type.Number({ minimum: 0 })),
    finalized: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export type KubeObject = Static<typeof KubeObject>;
export type ObjectMap = Static<typeof ObjectMap>;
export type SyncParent = Static<typeof SyncParent>;
export type SyncRequest = Static<typeof SyncRequest>;
export type SyncResponse = Static<typeof SyncResponse>;
export type CompositeController = Static<typeof CompositeController>;
