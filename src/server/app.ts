// The HTTP face of the hook: builds the fastify app without listening, so tests can inject requests.
// Cross-cutting concerns are registered here, in one place; the hook routes live in hook-routes.ts.
import { randomUUID } from "node:crypto";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { TSchema } from "@sinclair/typebox";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifySchemaCompiler, type FastifyServerOptions } from "fastify";
import type { ServerOptions as HttpsOptions } from "node:https";
import type { Clock } from "../render/sync.js";
import { hookRoutes } from "./hook-routes.js";
import { createMetrics } from "./metrics.js";

export interface Lifecycle {
  /** Set on SIGTERM: /readyz answers 503 so the Service stops routing here before the server closes. */
  shuttingDown: boolean;
}

export interface AppOptions {
  logger?: FastifyServerOptions["logger"];
  loggerInstance?: FastifyServerOptions["loggerInstance"];
  clock?: Clock;
  bodyLimit?: number;
  requestTimeoutMs?: number;
  lifecycle?: Lifecycle;
  /** Returns the current Bearer token; authentication is off when absent. */
  token?: () => string;
  /** HTTPS options for node's https.createServer (certificate, key, client CA). */
  https?: HttpsOptions;
  /** Require a client certificate on the hook routes (mutual TLS). */
  requireClientCertificate?: boolean;
}

const systemClock: Clock = { now: () => new Date() };

/** Never leak secrets: Metacontroller sends its token in Authorization. */
export const REDACTED_PATHS = ["req.headers.authorization", "req.headers.cookie", 'req.headers["x-api-key"]'];

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function pathOf(error: FastifyError): string | undefined {
  const [first] = error.validation ?? [];
  if (!first) return undefined;
  const base = first.instancePath.split("/").slice(1).join(".");
  const missing = (first.params as { missingProperty?: string } | undefined)?.missingProperty;
  return [error.validationContext, base, missing].filter(Boolean).join(".");
}

/**
 * TypeBox compiles the schemas it defines in milliseconds, where ajv took a fifth of the cold start. The first
 * error names the field; collecting every error of a large malformed body would only cost time.
 */
const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema }) => {
  const check = TypeCompiler.Compile(schema);
  return (value) => {
    if (check.Check(value)) return { value };
    const first = check.Errors(value).First();
    return { error: [{ message: first?.message ?? "is invalid", instancePath: first?.path ?? "", keyword: "", schemaPath: "", params: {} }] };
  };
};

export function buildApp(options: AppOptions = {}): FastifyInstance {
  const lifecycle = options.lifecycle ?? { shuttingDown: false };
  const metrics = createMetrics();
  const requestTimeoutMs = options.requestTimeoutMs ?? 8000;
  const nodeTimeouts = {
    requestTimeout: requestTimeoutMs,
    headersTimeout: requestTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(requestTimeoutMs / 4))),
  };
  const app = Fastify({
    ...(options.loggerInstance ? { loggerInstance: options.loggerInstance } : { logger: options.logger ?? false }),
    bodyLimit: options.bodyLimit ?? 10 * 1024 * 1024,
    requestTimeout: requestTimeoutMs,
    // Read in genReqId, where it is checked: with requestIdHeader set, fastify would take any value as is.
    requestIdHeader: false,
    // Probes and scrapes would flood the logs; hook requests get one line each from hook-routes.ts.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: (request) => {
      const given = request.headers["x-request-id"];
      return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Node arms request timeouts only from the options it is created with, and checks them every
    // connectionsCheckingInterval (30 s by default): far too late when Metacontroller gives up after 10 s.
    ...(options.https ? { https: { ...options.https, ...nodeTimeouts } } : { http: nodeTimeouts }),
    // secure-json-parse scans every body for "__proto__" and "constructor" keys before parsing, which on a
    // 70 KB sync request costs as much as the parse. The hook never merges request objects into others by
    // assignment (spreads, reads, and a copy of the spec that keeps "__proto__" as data), so such keys stay inert.
    onProtoPoisoning: "ignore",
    onConstructorPoisoning: "ignore",
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);

  // The hook speaks JSON only: anything else is 415, not a string body that fails validation.
  app.removeContentTypeParser("text/plain");

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const statusCode = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (statusCode >= 500) {
      const parent = (request.body as { parent?: { metadata?: { namespace?: string; name?: string } } } | undefined)?.parent?.metadata;
      request.log.error({ err: error, parent: parent ? `${parent.namespace}/${parent.name}` : undefined }, "request failed");
      return reply.code(500).send({ error: "Internal Server Error", message: `the hook failed; see its logs for request ${request.id}` });
    }
    const path = pathOf(error);
    return reply.code(statusCode).send({
      error: error.code ?? "Error",
      message: error.message,
      ...(path ? { path } : {}),
    });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: "Not Found", message: `no route ${request.method} ${request.url}; the hook serves POST /sync and POST /finalize` }),
  );

  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) =>
    lifecycle.shuttingDown ? reply.code(503).send({ status: "shutting down" }) : { status: "ready" },
  );
  app.get("/metrics", async (_request, reply) => {
    reply.header("content-type", metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  app.register(hookRoutes, {
    clock: options.clock ?? systemClock,
    metrics,
    ...(options.token ? { token: options.token } : {}),
    requireClientCertificate: options.requireClientCertificate ?? false,
  });

  return app;
}
