// POST /sync and POST /finalize: validate the request by schema, call the pure core, reply. Authentication
// and ETags apply to these routes only; health and metrics stay reachable by probes and scrapers.
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

declare module "fastify" {
  interface FastifyRequest {
    syncPhase?: string;
  }
}

export const hookRoutes: FastifyPluginAsyncTypebox<HookRouteOptions> = async (app, options) => {
  const { clock, metrics } = options;
  await app.register(etag, { algorithm: "sha1" });
  app.addHook("onRequest", clientCertificateRequired(options.requireClientCertificate));
  app.addHook("onRequest", bearerAuth(options.token));
  app.addHook("onResponse", async (request, reply) => {
    const hook = request.url.startsWith("/finalize") ? "finalize" : "sync";
    metrics.requests.inc({ hook, outcome: outcomeOf(reply.statusCode, request.syncPhase) });
    metrics.duration.observe({ hook }, reply.elapsedTime / 1000);
  });

  const schema = { body: SyncRequest, response: { 200: SyncResponse, 422: ErrorBody } };
  for (const url of ["/sync", "/finalize"]) {
    app.post(url, { schema }, async (request, reply) => {
      const { parent } = request.body;
      const started = performance.now();
      let response;
      try {
        response = sync(request.body, clock);
      } catch (error) {
        if (!(error instanceof UnsafeToAnswerError)) throw error;
        request.log.warn({ parent: `${parent.metadata.namespace}/${parent.metadata.name}`, reason: error.message }, "sync refused");
        return reply.code(422).send({ error: "Unprocessable Content", message: error.message });
      }
      request.syncPhase = response.status.phase;
      for (const child of response.children) metrics.children.inc({ kind: child.kind });
      request.log.info(
        {
          parent: `${parent.metadata.namespace}/${parent.metadata.name}`,
          generation: parent.metadata.generation,
          finalizing: request.body.finalizing === true,
          children: response.children.length,
          phase: response.status.phase,
          durationMs: Math.round((performance.now() - started) * 100) / 100,
        },
        "sync",
      );
      return response;
    });
  }
};
