// From the parent's raw spec to a spec the render code can trust: the schema's defaults applied (as the API
// server would), the schema checked (for requests that bypassed the CRD), then the rules no schema can express.
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { compileDefaults } from "../api/defaults.js";
import { isPortName } from "../api/kubernetes.js";
import { MAX_PARENT_NAME_LENGTH, SERVICE_KEYS, SeckillSpec, type ServiceKey, type ServiceSpec } from "../api/seckill.js";
import { isDns1035Label } from "./names.js";
import { saleProblems } from "./sales.js";

/** A reason the spec cannot be rendered: the field, and the rule it breaks. */
export interface SpecProblem {
  field: string;
  message: string;
}

export const describeProblem = ({ field, message }: SpecProblem): string => `${field}: ${message}`;

/** `/services/goService/ports/0/name` -> `spec.services.goService.ports[0].name` */
export function fieldPath(pointer: string, root = "spec"): string {
  return pointer
    .split("/")
    .slice(1)
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : `${path}.${part.replace(/~1/g, "/").replace(/~0/g, "~")}`), root);
}

/** Compiled once: the hook checks every spec it receives. */
const specChecker = TypeCompiler.Compile(SeckillSpec);
const withSpecDefaults = compileDefaults(SeckillSpec);

/** No real spec comes near this; a deeper one is refused before any recursive code can overflow the stack. */
const MAX_SPEC_DEPTH = 32;

class NestedTooDeep extends Error {}

/**
 * A copy of JSON data for the defaults to be written into, refused past a depth no real spec comes near, before
 * any recursive code can overflow the stack. Several times faster than structuredClone on a spec.
 */
function copyWithin(value: unknown, depthLeft: number): unknown {
  if (value === null || typeof value !== "object") return value;
  if (depthLeft === 0) throw new NestedTooDeep();
  if (Array.isArray(value)) return value.map((item) => copyWithin(item, depthLeft - 1));
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = copyWithin((value as Record<string, unknown>)[key], depthLeft - 1);
    // Assigning "__proto__" would set the copy's prototype instead of keeping the key as data.
    if (key === "__proto__") Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
    else copy[key] = item;
  }
  return copy;
}

export type ParsedSpec = { ok: true; spec: SeckillSpec } | { ok: false; problems: SpecProblem[] };

export function parseSpec(raw: unknown): ParsedSpec {
  if (raw === undefined || raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    return { ok: false, problems: [{ field: "spec", message: "must be an object" }] };
  }
  let copy: unknown;
  try {
    copy = copyWithin(raw, MAX_SPEC_DEPTH);
  } catch (error) {
    if (!(error instanceof NestedTooDeep)) throw error;
    return { ok: false, problems: [{ field: "spec", message: `is nested deeper than ${MAX_SPEC_DEPTH} levels` }] };
  }
  const spec = withSpecDefaults(copy);
  // Defaults filled in and the schema satisfied: every Defaulted field is present, as the type says.
  if (specChecker.Check(spec)) return { ok: true, spec: spec as SeckillSpec };
  const problems: SpecProblem[] = [];
  for (const error of specChecker.Errors(spec)) {
    problems.push({ field: fieldPath(error.path), message: error.message.toLowerCase() });
    if (problems.length >= 20) break;
  }
  return { ok: false, problems };
}

export const isEnabled = (service: ServiceSpec | undefined): service is ServiceSpec => service !== undefined && service.enabled;

export function enabledServices(spec: SeckillSpec): [ServiceKey, ServiceSpec][] {
  return SERVICE_KEYS.flatMap((key) => {
    const service = spec.services?.[key];
    return isEnabled(service) ? [[key, service] as [ServiceKey, ServiceSpec]] : [];
  });
}

function duplicates<T>(items: T[], key: (item: T) => string): [number, string][] {
  const seen = new Set<string>();
  const repeated: [number, string][] = [];
  items.forEach((item, index) => {
    const value = key(item);
    if (seen.has(value)) repeated.push([index, value]);
    seen.add(value);
  });
  return repeated;
}

function serviceProblems(key: ServiceKey, service: ServiceSpec): SpecProblem[] {
  const base = `spec.services.${key}`;
  const problems: SpecProblem[] = [];
  if (!service.image) problems.push({ field: `${base}.image`, message: "an enabled service needs an image" });
  const ports = service.ports ?? [];
  for (const [index, name] of duplicates(ports, (port) => port.name)) {
    problems.push({ field: `${base}.ports[${index}].name`, message: `port name "${name}" is repeated; port names must be unique` });
  }
  for (const [index, value] of duplicates(ports, (port) => `${port.port}/${port.protocol}`)) {
    problems.push({ field: `${base}.ports[${index}].port`, message: `port ${value} is repeated; ports must be unique per protocol` });
  }
  ports.forEach((port, index) => {
    if (!isPortName(port.name)) {
      problems.push({ field: `${base}.ports[${index}].name`, message: `"${port.name}" must be an IANA service name: at most 15 lower case letters, digits and '-', with a letter, no '--'` });
    }
  });
  const portNames = new Set(ports.map((port) => port.name));
  ports.forEach((port, index) => {
    if (typeof port.targetPort === "string" && !portNames.has(port.targetPort)) {
      problems.push({
        field: `${base}.ports[${index}].targetPort`,
        message: `"${port.targetPort}" must be a port number or the name of one of this service's ports`,
      });
    }
  });
  for (const [index, name] of duplicates(service.env ?? [], (env) => env.name)) {
    problems.push({ field: `${base}.env[${index}].name`, message: `environment variable "${name}" is repeated` });
  }
  for (const probeName of ["readinessProbe", "livenessProbe"] as const) {
    const probe = service[probeName];
    const port = probe?.httpGet?.port ?? probe?.tcpSocket?.port;
    if (typeof port === "string" && !portNames.has(port)) {
      const handler = probe?.httpGet ? "httpGet" : "tcpSocket";
      problems.push({ field: `${base}.${probeName}.${handler}.port`, message: `"${port}" must name one of this service's ports` });
    }
  }
  return problems;
}

/** Rules across fields that the schema cannot check, or that a request bypassing the CRD may break. */
export function checkSpec(parentName: string, spec: SeckillSpec): SpecProblem[] {
  const problems: SpecProblem[] = [];
  if (parentName.length > MAX_PARENT_NAME_LENGTH || !isDns1035Label(parentName)) {
    problems.push({
      field: "metadata.name",
      message: `"${parentName}" must be a DNS-1035 label (lower case letters, digits and '-', starting with a letter) of at most ${MAX_PARENT_NAME_LENGTH} characters, so that every child name is valid`,
    });
  }
  for (const [key, service] of enabledServices(spec)) problems.push(...serviceProblems(key, service));
  problems.push(...saleProblems(spec));

  const hpa = spec.scaling?.hpa;
  if (hpa?.enabled && hpa.minReplicas > hpa.maxReplicas) {
    problems.push({ field: "spec.scaling.hpa.minReplicas", message: `(${hpa.minReplicas}) must be <= maxReplicas (${hpa.maxReplicas})` });
  }
  const keda = spec.scaling?.keda;
  if (keda?.enabled) {
    const { target } = keda;
    if (!isEnabled(spec.services?.[target])) {
      problems.push({ field: "spec.scaling.keda.target", message: `KEDA targets ${target}, which is not enabled` });
    }
    for (const field of ["bootstrapServers", "consumerGroup", "topic"] as const) {
      if (!keda.kafkaScaler?.[field]) problems.push({ field: `spec.scaling.keda.kafkaScaler.${field}`, message: "is required when KEDA is enabled" });
    }
    if (keda.minReplicaCount > keda.maxReplicaCount) {
      problems.push({
        field: "spec.scaling.keda.minReplicaCount",
        message: `(${keda.minReplicaCount}) must be <= maxReplicaCount (${keda.maxReplicaCount})`,
      });
    }
    if (hpa?.enabled && hpa.services?.includes(target)) {
      problems.push({ field: "spec.scaling.hpa.services", message: `${target} is KEDA's target and cannot also be scaled by the HPA` });
    }
  }
  return problems;
}
