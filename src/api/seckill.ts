// The Seckill API (ops.couponkill.io/v1), defined once. The CRD, request validation and the render code
// all derive from these schemas; defaults live here so the API server and the hook apply the same ones.
import { Type, type Static } from "@sinclair/typebox";
import { Defaulted, type WithDefaults } from "./defaults.js";
import {
  Condition,
  DNS1123_SUBDOMAIN_PATTERN,
  EnvFromSource,
  EnvVar,
  HpaBehavior,
  IntOrString,
  PORT_NAME_PATTERN,
  PORT_NAME_RULES,
  PortNumber,
  Probe,
  ResourceRequirements,
  StringEnum,
  celRules,
} from "./kubernetes.js";

export const GROUP = "ops.couponkill.io";
export const VERSION = "v1";
export const API_VERSION = `${GROUP}/${VERSION}`;
export const KIND = "Seckill";
export const PLURAL = "seckills";

/** The services of the CouponKill system, in the order they are rendered and reported. */
export const SERVICE_KEYS = ["goService", "couponService", "orderService", "userService", "gatewayService"] as const;
export type ServiceKey = (typeof SERVICE_KEYS)[number];

/** Short names used in child names: `<parent>-<short>`. */
export const SERVICE_SHORT_NAMES: Record<ServiceKey, string> = {
  goService: "go",
  couponService: "coupon",
  orderService: "order",
  userService: "user",
  gatewayService: "gateway",
};

/**
 * Children are named `<parent>-<suffix>`; the longest suffix ("-dashboard") bounds the parent's name so
 * every child name stays a DNS-1123 label (63 characters).
 */
export const MAX_PARENT_NAME_LENGTH = 63 - "-dashboard".length;

const ServiceKeyEnum = StringEnum(SERVICE_KEYS, { description: "A service of the system." });

export const ServicePort = Type.Object(
  {
    name: Type.String({
      pattern: PORT_NAME_PATTERN,
      maxLength: 15,
      description: "Port name (IANA service name: lower case, at most 15 characters). Unique within the service.",
      "x-kubernetes-validations": PORT_NAME_RULES,
    }),
    port: PortNumber("Port the Service exposes."),
    targetPort: Type.Optional(
      IntOrString({
        description: "Container port the traffic goes to: a number, or the name of one of this service's ports. Defaults to port.",
        pattern: PORT_NAME_PATTERN,
        minimum: 1,
        maximum: 65535,
      }),
    ),
    protocol: Defaulted(StringEnum(["TCP", "UDP", "SCTP"] as const, { default: "TCP" })),
  },
  { description: "A port of the service: exposed by its Service and opened on its containers." },
);

export const ServiceSpec = Type.Object(
  {
    enabled: Defaulted(
      Type.Boolean({ default: true, description: "Whether the service runs. Disabling it removes all its children." }),
    ),
    image: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: "Container image. Required when enabled." })),
    imagePullPolicy: Type.Optional(StringEnum(["Always", "IfNotPresent", "Never"] as const)),
    replicas: Defaulted(
      Type.Integer({
        minimum: 0,
        maximum: 10000,
        default: 1,
        description: "Pods to run when no autoscaler owns the service.",
      }),
    ),
    resources: Type.Optional(ResourceRequirements),
    ports: Type.Optional(
      Type.Array(ServicePort, {
        maxItems: 16,
        "x-kubernetes-list-type": "map",
        "x-kubernetes-list-map-keys": ["name"],
        description: "Ports of the service.",
      }),
    ),
    env: Type.Optional(
      Type.Array(EnvVar, {
        maxItems: 128,
        "x-kubernetes-list-type": "map",
        "x-kubernetes-list-map-keys": ["name"],
        description: "Environment variables: literal values or references to ConfigMaps, Secrets and pod fields.",
      }),
    ),
    envFrom: Type.Optional(
      Type.Array(EnvFromSource, {
        maxItems: 16,
        "x-kubernetes-list-type": "atomic",
        description: "ConfigMaps and Secrets loaded whole as environment variables.",
      }),
    ),
    serviceType: Defaulted(
      StringEnum(["ClusterIP", "NodePort", "LoadBalancer"] as const, {
        default: "ClusterIP",
        description: "Type of the Kubernetes Service.",
      }),
    ),
    readinessProbe: Type.Optional(Probe),
    livenessProbe: Type.Optional(Probe),
  },
  {
    description: "One service of the system: its Deployment and Service.",
    ...celRules({
      rule: "!self.enabled || has(self.image)",
      message: "an enabled service needs an image",
      fieldPath: ".image",
      reason: "FieldValueRequired",
    }),
  },
);

export const Services = Type.Object(
  {
    goService: Type.Optional(ServiceSpec),
    couponService: Type.Optional(ServiceSpec),
    orderService: Type.Optional(ServiceSpec),
    userService: Type.Optional(ServiceSpec),
    gatewayService: Type.Optional(ServiceSpec),
  },
  { description: "The services; one left out does not run." },
);

export const HpaSpec = Type.Object(
  {
    enabled: Defaulted(Type.Boolean({ default: true, description: "Whether HorizontalPodAutoscalers are created." })),
    minReplicas: Defaulted(Type.Integer({ minimum: 1, maximum: 10000, default: 1, description: "Lower bound for each service." })),
    maxReplicas: Defaulted(Type.Integer({ minimum: 1, maximum: 10000, default: 10, description: "Upper bound for each service." })),
    targetCPUUtilizationPercentage: Defaulted(
      Type.Integer({ minimum: 1, maximum: 100, default: 80, description: "Average CPU utilization to aim for, in percent of requests." }),
    ),
    behavior: Type.Optional(HpaBehavior),
    services: Type.Optional(
      Type.Array(ServiceKeyEnum, {
        maxItems: 5,
        "x-kubernetes-list-type": "set",
        description: "Services the HPA applies to. Default: every enabled service except the KEDA target.",
      }),
    ),
  },
  {
    description: "CPU-based autoscaling with autoscaling/v2 HorizontalPodAutoscalers.",
    ...celRules({
      rule: "self.minReplicas <= self.maxReplicas",
      message: "minReplicas must be less than or equal to maxReplicas",
      fieldPath: ".minReplicas",
    }),
  },
);

export const KafkaScalerSpec = Type.Object(
  {
    bootstrapServers: Type.Optional(Type.String({ minLength: 1, description: "Kafka brokers, e.g. broker:9092." })),
    consumerGroup: Type.Optional(Type.String({ minLength: 1, description: "Consumer group whose lag drives scaling." })),
    topic: Type.Optional(Type.String({ minLength: 1, description: "Topic the consumer group reads." })),
    lagThreshold: Defaulted(
      IntOrString({ pattern: "^[0-9]+$", default: "10", description: "Target lag per replica (KEDA's lagThreshold)." }),
    ),
  },
  { description: "KEDA's Kafka trigger." },
);

export const KedaSpec = Type.Object(
  {
    enabled: Defaulted(Type.Boolean({ default: true, description: "Whether a KEDA ScaledObject is created." })),
    target: Defaulted(StringEnum(SERVICE_KEYS, { default: "goService", description: "The service KEDA scales." })),
    minReplicaCount: Defaulted(Type.Integer({ minimum: 0, maximum: 10000, default: 1, description: "Lower bound; 0 lets KEDA scale to zero." })),
    maxReplicaCount: Defaulted(Type.Integer({ minimum: 1, maximum: 10000, default: 10, description: "Upper bound." })),
    pollingInterval: Defaulted(Type.Integer({ minimum: 1, maximum: 3600, default: 30, description: "Seconds between lag checks." })),
    cooldownPeriod: Defaulted(
      Type.Integer({ minimum: 0, maximum: 86400, default: 300, description: "Seconds after the last activity before scaling to zero." }),
    ),
    kafkaScaler: Type.Optional(KafkaScalerSpec),
    authenticationRef: Type.Optional(
      Type.Object(
        {
          name: Type.String({ minLength: 1, pattern: DNS1123_SUBDOMAIN_PATTERN, description: "Name of the TriggerAuthentication." }),
          kind: Defaulted(
            StringEnum(["TriggerAuthentication", "ClusterTriggerAuthentication"] as const, { default: "TriggerAuthentication" }),
          ),
        },
        { description: "Credentials for the Kafka trigger (SASL/TLS), as a KEDA TriggerAuthentication." },
      ),
    ),
  },
  {
    description: "Kafka consumer-lag autoscaling with a KEDA ScaledObject for one service.",
    ...celRules(
      {
        rule: "!self.enabled || (has(self.kafkaScaler) && has(self.kafkaScaler.bootstrapServers) && has(self.kafkaScaler.consumerGroup) && has(self.kafkaScaler.topic))",
        message: "KEDA needs kafkaScaler.bootstrapServers, kafkaScaler.consumerGroup and kafkaScaler.topic",
        fieldPath: ".kafkaScaler",
        reason: "FieldValueRequired",
      },
      {
        rule: "self.minReplicaCount <= self.maxReplicaCount",
        message: "minReplicaCount must be less than or equal to maxReplicaCount",
        fieldPath: ".minReplicaCount",
      },
    ),
  },
);

export const ScalingSpec = Type.Object(
  { hpa: Type.Optional(HpaSpec), keda: Type.Optional(KedaSpec) },
  {
    description: "Autoscaling. An autoscaler owns the replica count of the services it scales.",
    ...celRules({
      rule: "!has(self.hpa) || !has(self.keda) || !self.hpa.enabled || !self.keda.enabled || !has(self.hpa.services) || !(self.keda.target in self.hpa.services)",
      message: "the KEDA target cannot also be scaled by the HPA",
      fieldPath: ".hpa.services",
    }),
  },
);

export const MonitoringSpec = Type.Object(
  {
    enabled: Defaulted(Type.Boolean({ default: true, description: "Whether monitoring is set up at all." })),
    prometheusEnabled: Defaulted(
      Type.Boolean({ default: true, description: "Scrape annotations on pods, and ServiceMonitors where prometheus-operator is installed." }),
    ),
    grafanaEnabled: Defaulted(
      Type.Boolean({ default: false, description: "A Grafana dashboard ConfigMap (label grafana_dashboard: \"1\")." }),
    ),
    path: Defaulted(Type.String({ pattern: "^/", default: "/metrics", description: "HTTP path of the services' metrics." })),
    interval: Defaulted(
      Type.String({
        // prometheus-operator's own Duration pattern, so a ServiceMonitor never fails to apply over it.
        pattern: "^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$",
        default: "30s",
        description: "Scrape interval of the ServiceMonitors, e.g. 30s or 1m30s.",
      }),
    ),
  },
  { description: "Prometheus and Grafana integration." },
);

export const ConfigSpec = Type.Object(
  {
    data: Type.Optional(
      Type.Record(Type.String(), Type.String(), {
        maxProperties: 256,
        description: "Settings shared by every service, rendered into one ConfigMap loaded as environment variables. A change rolls every pod.",
      }),
    ),
    secretRefs: Type.Optional(
      Type.Array(
        Type.Object({
          name: Type.String({ minLength: 1, maxLength: 253, pattern: DNS1123_SUBDOMAIN_PATTERN, description: "Name of the Secret." }),
        }),
        {
          maxItems: 16,
          "x-kubernetes-list-type": "map",
          "x-kubernetes-list-map-keys": ["name"],
          description: "Secrets every service loads as environment variables.",
        },
      ),
    ),
  },
  { description: "Configuration shared by all services." },
);

/** RFC 3339, with a time zone: 2026-11-11T00:00:00+08:00. */
export const RFC3339_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$";
export const DURATION_PATTERN = "^([0-9]+h)?([0-9]+m)?([0-9]+s)?$";
export const MAX_SALES = 16;

export const SaleWindow = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 63, pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", description: "Name of the sale, e.g. double-11." }),
    start: Type.String({ pattern: RFC3339_PATTERN, description: "When the sale starts (RFC 3339, e.g. 2026-11-11T00:00:00+08:00)." }),
    end: Type.String({ pattern: RFC3339_PATTERN, description: "When the sale ends (RFC 3339); after start." }),
    warmup: Defaulted(
      Type.String({
        pattern: DURATION_PATTERN,
        minLength: 2,
        default: "10m",
        description: "How long before start the minimums apply, so pods are warm when buyers arrive (e.g. 30m, 1h).",
      }),
    ),
    minReplicas: Type.Record(Type.String(), Type.Integer({ minimum: 0, maximum: 10000 }), {
      minProperties: 1,
      maxProperties: 5,
      description: "Minimum replicas per service during the sale, e.g. {gatewayService: 20, goService: 30}.",
      ...celRules({
        rule: `self.all(k, k in [${SERVICE_KEYS.map((key) => `'${key}'`).join(", ")}])`,
        message: `keys must be services: ${SERVICE_KEYS.join(", ")}`,
      }),
    }),
  },
  {
    description: "A flash-sale window: between start - warmup and end, the listed services run at least minReplicas.",
    ...celRules({ rule: "timestamp(self.end) > timestamp(self.start)", message: "end must be after start", fieldPath: ".end" }),
  },
);

export const SeckillSpec = Type.Object(
  {
    services: Type.Optional(Services),
    scaling: Type.Optional(ScalingSpec),
    monitoring: Type.Optional(MonitoringSpec),
    config: Type.Optional(ConfigSpec),
    sales: Type.Optional(
      Type.Array(SaleWindow, {
        maxItems: MAX_SALES,
        "x-kubernetes-list-type": "map",
        "x-kubernetes-list-map-keys": ["name"],
        description: "Flash-sale windows: autoscaler minimums are raised before each sale starts and restored after it ends.",
      }),
    ),
  },
  { description: "The desired CouponKill system." },
);

export const PHASES = ["Pending", "Progressing", "Ready", "Degraded", "Invalid"] as const;
export const AUTOSCALERS = ["None", "HPA", "KEDA"] as const;

export const SALE_PHASES = ["Upcoming", "WarmingUp", "Live", "Ended"] as const;

export const SaleStatus = Type.Object({
  name: Type.String({ description: "The current sale, else the next one, else the last one." }),
  phase: StringEnum(SALE_PHASES, { description: "Upcoming, WarmingUp, Live or Ended." }),
  nextChange: Type.Optional(Type.String({ format: "date-time", description: "When the phase changes next." })),
  message: Type.Optional(Type.String({ description: "What the sale changes, e.g. a maximum raised to fit its minimum." })),
});

export const ServiceStatus = Type.Object({
  enabled: Type.Boolean({ description: "Whether the spec enables the service." }),
  autoscaler: StringEnum(AUTOSCALERS, { description: "What owns the replica count." }),
  replicas: Type.Integer({ minimum: 0, description: "Pods the Deployment has." }),
  readyReplicas: Type.Integer({ minimum: 0 }),
  updatedReplicas: Type.Integer({ minimum: 0 }),
  availableReplicas: Type.Integer({ minimum: 0 }),
});

export const SeckillStatus = Type.Object(
  {
    observedGeneration: Type.Optional(Type.Integer({ minimum: 0, description: "The spec generation this status describes." })),
    phase: Type.Optional(StringEnum(PHASES, { description: "Pending, Progressing, Ready, Degraded or Invalid." })),
    readyServices: Type.Optional(Type.String({ description: "Fully available services out of the enabled ones, e.g. 4/5." })),
    sale: Type.Optional(SaleStatus),
    services: Type.Optional(
      Type.Object({
        goService: Type.Optional(ServiceStatus),
        couponService: Type.Optional(ServiceStatus),
        orderService: Type.Optional(ServiceStatus),
        userService: Type.Optional(ServiceStatus),
        gatewayService: Type.Optional(ServiceStatus),
      }),
    ),
    conditions: Type.Optional(
      Type.Array(Condition, {
        maxItems: 16,
        "x-kubernetes-list-type": "map",
        "x-kubernetes-list-map-keys": ["type"],
      }),
    ),
  },
  { description: "The observed state of the system, written by the operator." },
);

export const ObjectMeta = Type.Object({
  name: Type.String({ minLength: 1 }),
  namespace: Type.Optional(Type.String()),
  uid: Type.Optional(Type.String()),
  generation: Type.Optional(Type.Integer()),
  resourceVersion: Type.Optional(Type.String()),
  labels: Type.Optional(Type.Record(Type.String(), Type.String())),
  annotations: Type.Optional(Type.Record(Type.String(), Type.String())),
  deletionTimestamp: Type.Optional(Type.String()),
});

export const Seckill = Type.Object({
  apiVersion: Type.Literal(API_VERSION),
  kind: Type.Literal(KIND),
  metadata: ObjectMeta,
  spec: SeckillSpec,
  status: Type.Optional(Type.Unknown()),
});

// The spec as the hook reads it: after the schema's defaults were applied, every Defaulted field is present.
export type ServiceSpec = WithDefaults<typeof ServiceSpec>;
export type ServicePort = WithDefaults<typeof ServicePort>;
export type SeckillSpec = WithDefaults<typeof SeckillSpec>;
export type HpaSpec = WithDefaults<typeof HpaSpec>;
export type KedaSpec = WithDefaults<typeof KedaSpec>;
/** The spec as a user may write it, defaulted fields left out. */
export type SeckillSpecInput = Static<typeof SeckillSpec>;
export type SeckillStatus = Static<typeof SeckillStatus>;
export type ServiceStatus = Static<typeof ServiceStatus>;
export type Seckill = Static<typeof Seckill>;
export type Phase = (typeof PHASES)[number];
export type Autoscaler = (typeof AUTOSCALERS)[number];
export type Condition = Static<typeof Condition>;
export type SaleWindow = WithDefaults<typeof SaleWindow>;
export type SaleStatus = Static<typeof SaleStatus>;
export type SalePhase = (typeof SALE_PHASES)[number];
