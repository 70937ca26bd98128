// POST /sync and POST /finalize: validate the request by schema, call the pure core, reply. Authentication
// and ETags apply to these routes only; health and metrics stay reachable by probes and scrapers.
import { hash } from "node:crypto";
import etag from "@fastify/etag";
import { Type, type FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { SyncRequest, SyncResponse } from "../api/metacontroller.js";
import { UnsafeToAnswerError, sync, type Clock } from "../render/sync.js";
import { bearerAuth, clientCertificateRequired } from "./auth.js";
import { outcomeOf, type HookMetrics } from "./metrics.js";

export const ErrorBody = Type.Object({ error: Type.String(), message: Type.String(), path: Type.Optional(Type.String()) });

export interface HookRouteOptions {
  clock: Clock;
  metrics: HookMetrics;
  token?: () => string;
  requireClientCertificate: boolean;
}

/** What the one log line of a sync says, besides its status code and duration. */
interface SyncLog {
  parent: string;
  generation: number | undefined;
  finalizing: boolean;
  children: number;
  phase: string | undefined;
}

declare module "fastify" {
  interface FastifyRequest {
    syncLog?: SyncLog;
  }
}

export const hookRoutes: FastifyPluginAsyncTypebox<HookRouteOptions> = async (app, options) => {
  const { clock, metrics } = options;
  // Metacontroller caches an answer by its ETag and sends If-None-Match; crypto.hash is the one-shot digest.
  await app.register(etag, { hashFn: (payload: string | Buffer) => hash("sha1", payload, "base64") });
  app.addHook("onRequest", clientCertificateRequired(options.requireClientCertificate));
  app.addHook("onRequest", bearerAuth(options.token));
  app.addHook("onResponse", async (request, reply) => {
    const hook = request.url.startsWith("/finalize") ? "finalize" : "sync";
    const durationMs = Math.round(reply.elapsedTime * 100) / 100;
    metrics.requests.inc({ hook, outcome: outcomeOf(reply.statusCode, request.syncLog?.phase) });
    metrics.duration.observe({ hook }, reply.elapsedTime / 1000);
    // One line per hook request: what was synced and how it went (the server logs no other request lines).
    if (request.syncLog) request.log.info({ ...request.syncLog, statusCode: reply.statusCode, durationMs }, hook);
    else request.log.warn({ statusCode: reply.statusCode, durationMs }, `${hook} rejected`);
  });

  const schema = { body: SyncRequest, response: { 200: SyncResponse, 422: ErrorBody } };
  // The answer's shape is fixed by its type (SyncResponse); V8's JSON.stringify writes the 30 KB of children
  // faster than a schema-driven serializer, which falls back to it for every free-form child anyway.
  const serializerCompiler = () => (data: unknown) => JSON.stringify(data);
  for (const url of ["/sync", "/finalize"]) {
    app.post(url, { schema, serializerCompiler }, async (request, reply) => {
      const { parent } = request.body;
      let response;
      try {
        response = sync(request.body, clock);
      } catch (error) {
        if (!(error instanceof UnsafeToAnswerError)) throw error;
        request.log.warn({ parent: `${parent.metadata.namespace}/${parent.metadata.name}`, reason: error.message }, "sync refused");
        return reply.code(422).send({ error: "Unprocessable Content", message: error.message });
      }
      for (const child of response.children) metrics.children.inc({ kind: child.kind });
      request.syncLog = {
        parent: `${parent.metadata.namespace}/${parent.metadata.name}`,
        generation: parent.metadata.generation,
        finalizing: request.body.finalizing === true,
        children: response.children.length,
        phase: response.status.phase,
      };
      return response;
    });
  }
};
