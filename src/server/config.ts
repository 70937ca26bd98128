// Server settings from environment variables, with defaults for local use. A bad value stops the start with
// the variable's name and the rule, instead of a server that half works.

export interface ServerConfig {
  port: number;
  host: string;
  logLevel: string;
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  /** Time allowed to receive a whole request; below Metacontroller's webhook timeout (10 s by default). */
  requestTimeoutMs: number;
  /** After SIGTERM: how long to stay up, unready, so endpoints stop routing here before connections close. */
  shutdownDelayMs: number;
  /** After SIGTERM: the longest the process waits for in-flight requests before it exits anyway. */
  shutdownTimeoutMs: number;
  /** A file holding the Bearer token callers must send; no authentication when unset. */
  authTokenFile?: string;
  /** PEM certificate and key: HTTPS when both are set, reloaded when the files change. */
  tlsCertFile?: string;
  tlsKeyFile?: string;
  /** PEM CA bundle: the hook routes then require a client certificate it signed (mutual TLS). */
  tlsClientCaFile?: string;
  /** How often certificate and token files are checked for changes. */
  fileWatchIntervalMs: number;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name}=${raw}: must be a whole number from ${min} to ${max}`);
  }
  return value;
}

const optional = (env: NodeJS.ProcessEnv, name: string): string | undefined => (env[name] ? env[name] : undefined);

export function loadConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const logLevel = env.LOG_LEVEL || "info";
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL=${logLevel}: must be one of ${LOG_LEVELS.join(", ")}`);
  const tlsCertFile = optional(env, "TLS_CERT_FILE");
  const tlsKeyFile = optional(env, "TLS_KEY_FILE");
  const tlsClientCaFile = optional(env, "TLS_CLIENT_CA_FILE");
  if (Boolean(tlsCertFile) !== Boolean(tlsKeyFile)) throw new ConfigError("TLS_CERT_FILE and TLS_KEY_FILE must be set together");
  if (tlsClientCaFile && !tlsCertFile) throw new ConfigError("TLS_CLIENT_CA_FILE needs TLS_CERT_FILE and TLS_KEY_FILE: mutual TLS runs over HTTPS");
  return {
    port: integer(env, "PORT", 8080, 0, 65535),
    host: env.HOST || "0.0.0.0",
    logLevel,
    bodyLimit: integer(env, "BODY_LIMIT_BYTES", 10 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    requestTimeoutMs: integer(env, "REQUEST_TIMEOUT_MS", 8000, 100, 600_000),
    shutdownDelayMs: integer(env, "SHUTDOWN_DELAY_MS", 0, 0, 600_000),
    shutdownTimeoutMs: integer(env, "SHUTDOWN_TIMEOUT_MS", 10_000, 100, 600_000),
    ...(optional(env, "AUTH_TOKEN_FILE") ? { authTokenFile: optional(env, "AUTH_TOKEN_FILE") } : {}),
    ...(tlsCertFile ? { tlsCertFile, tlsKeyFile } : {}),
    ...(tlsClientCaFile ? { tlsClientCaFile } : {}),
    fileWatchIntervalMs: integer(env, "FILE_WATCH_INTERVAL_MS", 10_000, 10, 3_600_000),
  };
}
