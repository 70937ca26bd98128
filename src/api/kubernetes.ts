// Kubernetes shapes the Seckill spec embeds (EnvVar, probes, resources, HPA behavior, conditions),
// declared with the same field names and rules as upstream so users can paste what they know.
import { Type, type SchemaOptions, type TLiteral, type TUnion } from "@sinclair/typebox";

/** Marks a schema node the Kubernetes way; the CRD generator keeps `x-kubernetes-*` keys as they are. */
export interface CelRule {
  rule: string;
  message: string;
  fieldPath?: string;
  reason?: "FieldValueInvalid" | "FieldValueForbidden" | "FieldValueRequired" | "FieldValueDuplicate";
}

export const celRules = (...rules: CelRule[]) => ({ "x-kubernetes-validations": rules });

/** A string enum that TypeBox checks and the CRD generator turns into `type: string, enum: [...]`. */
export const StringEnum = <const T extends readonly string[]>(values: T, options: SchemaOptions = {}) =>
  Type.Union(
    values.map((value) => Type.Literal(value)),
    options,
  ) as unknown as TUnion<TLiteral<T[number]>[]>;

const QUANTITY_PATTERN =
  "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";

/**
 * An IANA service name, as Kubernetes requires for port names: at most 15 characters, lower case letters,
 * digits and '-', at least one letter, no '--'. Patterns are RE2 (Go's, as the API server compiles them):
 * no lookarounds, so the letter and '--' rules are CEL rules beside the pattern.
 */
export const PORT_NAME_PATTERN = "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$";
export const PORT_NAME_RULES = [
  { rule: "self.matches('[a-z]')", message: "a port name needs at least one letter" },
  { rule: "!self.contains('--')", message: "a port name cannot contain '--'" },
];

/** The same rules as PORT_NAME_PATTERN and PORT_NAME_RULES, for the hook's own check. */
export const isPortName = (name: string): boolean =>
  name.length <= 15 && new RegExp(PORT_NAME_PATTERN).test(name) && /[a-z]/.test(name) && !name.includes("--");
export const DNS1123_LABEL_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";
export const DNS1123_SUBDOMAIN_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

/** int-or-string: an integer (within bounds when given), or a string that matches `pattern` when given. */
export const IntOrString = (
  options: { description?: string; pattern?: string; default?: number | string; minimum?: number; maximum?: number } = {},
) => {
  const { pattern, minimum, maximum, ...rest } = options;
  const bounds = { ...(minimum !== undefined ? { minimum } : {}), ...(maximum !== undefined ? { maximum } : {}) };
  // In the CRD, bounds on the integer form are a CEL rule: an int-or-string node carries no type for them.
  const boundRule = [minimum !== undefined ? `self >= ${minimum}` : "", maximum !== undefined ? `self <= ${maximum}` : ""].filter(Boolean).join(" && ");
  return Type.Union([Type.Integer(bounds), Type.String(pattern ? { pattern } : {})], {
    "x-kubernetes-int-or-string": true,
    ...rest,
    ...(boundRule
      ? celRules({ rule: `type(self) == string || (${boundRule})`, message: `must be a name, or a number from ${minimum ?? "-"} to ${maximum ?? "-"}` })
      : {}),
  });
};

export const Quantity = (description: string) => IntOrString({ description, pattern: QUANTITY_PATTERN });

export const PortNumber = (description: string) => Type.Integer({ minimum: 1, maximum: 65535, description });

export const ResourceRequirements = Type.Object(
  {
    requests: Type.Optional(
      Type.Record(Type.String(), Quantity("A resource quantity, e.g. 250m or 512Mi."), {
        description: "Minimum resources the scheduler reserves, e.g. {cpu: 250m, memory: 512Mi}.",
        maxProperties: 16,
      }),
    ),
    limits: Type.Optional(
      Type.Record(Type.String(), Quantity("A resource quantity, e.g. 500m or 1Gi."), {
        description: "Maximum resources the container may use, e.g. {cpu: 500m, memory: 1Gi}.",
        maxProperties: 16,
      }),
    ),
  },
  { description: "Compute resources, as in a Kubernetes container (requests and limits)." },
);

const KeySelector = (what: string) =>
  Type.Object({
    name: Type.String({ minLength: 1, maxLength: 253, description: `Name of the ${what}.` }),
    key: Type.String({ minLength: 1, maxLength: 253, description: `Key within the ${what}.` }),
    optional: Type.Optional(Type.Boolean({ description: `Whether the ${what} or its key may be missing.` })),
  });

export const EnvVarSource = Type.Object(
  {
    configMapKeyRef: Type.Optional(KeySelector("ConfigMap")),
    secretKeyRef: Type.Optional(KeySelector("Secret")),
    fieldRef: Type.Optional(
      Type.Object({
        fieldPath: Type.String({ minLength: 1, description: "Pod field to read, e.g. metadata.name or status.podIP." }),
        apiVersion: Type.Optional(Type.String({ description: "Schema version of fieldPath, v1 by default." })),
      }),
    ),
    resourceFieldRef: Type.Optional(
      Type.Object({
        resource: Type.String({ minLength: 1, description: "Resource to read, e.g. limits.cpu." }),
        containerName: Type.Optional(Type.String()),
        divisor: Type.Optional(Quantity("Output format of the exposed resource, 1 by default.")),
      }),
    ),
  },
  {
    description: "Where the variable's value comes from.",
    ...celRules({
      rule: "[has(self.configMapKeyRef), has(self.secretKeyRef), has(self.fieldRef), has(self.resourceFieldRef)].filter(x, x).size() == 1",
      message: "valueFrom needs exactly one of configMapKeyRef, secretKeyRef, fieldRef, resourceFieldRef",
    }),
  },
);

export const EnvVar = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 256, description: "Name of the environment variable." }),
    value: Type.Optional(Type.String({ description: "Literal value." })),
    valueFrom: Type.Optional(EnvVarSource),
  },
  {
    description: "An environment variable, as in a Kubernetes container.",
    ...celRules({ rule: "!(has(self.value) && has(self.valueFrom))", message: "value and valueFrom are mutually exclusive" }),
  },
);

const NameRef = (what: string) =>
  Type.Object({
    name: Type.String({ minLength: 1, maxLength: 253, pattern: DNS1123_SUBDOMAIN_PATTERN, description: `Name of the ${what}.` }),
    optional: Type.Optional(Type.Boolean({ description: `Whether the ${what} may be missing.` })),
  });

export const EnvFromSource = Type.Object(
  {
    prefix: Type.Optional(Type.String({ description: "Prefix added to every variable name." })),
    configMapRef: Type.Optional(NameRef("ConfigMap")),
    secretRef: Type.Optional(NameRef("Secret")),
  },
  {
    description: "Loads every key of a ConfigMap or Secret as environment variables.",
    ...celRules({
      rule: "has(self.configMapRef) != has(self.secretRef)",
      message: "envFrom needs exactly one of configMapRef, secretRef",
    }),
  },
);

const Seconds = (description: string, minimum = 0) => Type.Optional(Type.Integer({ minimum, description }));

export const Probe = Type.Object(
  {
    httpGet: Type.Optional(
      Type.Object({
        path: Type.Optional(Type.String({ description: "HTTP path, e.g. /actuator/health." })),
        port: IntOrString({ description: "Container port number or name.", pattern: PORT_NAME_PATTERN, minimum: 1, maximum: 65535 }),
        scheme: Type.Optional(StringEnum(["HTTP", "HTTPS"] as const)),
      }),
    ),
    tcpSocket: Type.Optional(
      Type.Object({ port: IntOrString({ description: "Container port number or name.", pattern: PORT_NAME_PATTERN, minimum: 1, maximum: 65535 }) }),
    ),
    grpc: Type.Optional(
      Type.Object({
        port: PortNumber("Container port of the gRPC health service."),
        service: Type.Optional(Type.String()),
      }),
    ),
    exec: Type.Optional(
      Type.Object({ command: Type.Array(Type.String(), { minItems: 1, maxItems: 32, description: "Command to run." }) }),
    ),
    initialDelaySeconds: Seconds("Seconds after start before the first probe."),
    periodSeconds: Seconds("Seconds between probes.", 1),
    timeoutSeconds: Seconds("Seconds before a probe times out.", 1),
    successThreshold: Seconds("Consecutive successes to count as passing.", 1),
    failureThreshold: Seconds("Consecutive failures to count as failing.", 1),
  },
  {
    description: "A container probe, as in Kubernetes: one handler (httpGet, tcpSocket, grpc or exec) and its timing.",
    ...celRules({
      rule: "[has(self.httpGet), has(self.tcpSocket), has(self.grpc), has(self.exec)].filter(x, x).size() == 1",
      message: "a probe needs exactly one of httpGet, tcpSocket, grpc, exec",
    }),
  },
);

const ScalingPolicy = Type.Object({
  type: StringEnum(["Pods", "Percent"] as const),
  value: Type.Integer({ minimum: 1 }),
  periodSeconds: Type.Integer({ minimum: 1, maximum: 1800 }),
});

const ScalingRules = Type.Object({
  stabilizationWindowSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 3600 })),
  selectPolicy: Type.Optional(StringEnum(["Max", "Min", "Disabled"] as const)),
  policies: Type.Optional(Type.Array(ScalingPolicy, { maxItems: 8, "x-kubernetes-list-type": "atomic" })),
});

export const HpaBehavior = Type.Object(
  { scaleUp: Type.Optional(ScalingRules), scaleDown: Type.Optional(ScalingRules) },
  { description: "autoscaling/v2 HorizontalPodAutoscaler behavior (scaleUp, scaleDown)." },
);

export const Condition = Type.Object({
  type: Type.String({ minLength: 1, maxLength: 316 }),
  status: StringEnum(["True", "False", "Unknown"] as const),
  reason: Type.String({ minLength: 1, maxLength: 1024, pattern: "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$" }),
  message: Type.String({ maxLength: 32768 }),
  lastTransitionTime: Type.String({ format: "date-time" }),
  observedGeneration: Type.Optional(Type.Integer({ minimum: 0 })),
});
