// The HTTP face of the hook: builds the fastify app without listening, so tests can inject requests.
// Handlers only validate (by schema), call the pure core and reply.
import Fastify, { type FastifyInstance } from "fastify";
import { Type } from "@sinclair/typebox";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { SyncRequest, SyncResponse } from "../api/metacontroller.js";
import { sync, UnsafeToAnswerError, type Clock } from "../render/sync.js";

export interface AppOptions {
  logger?: boolean | { level: string };
  clock?: Clock;
}

const ErrorBody = Type.Object({ error: Type.String() });

const systemClock: Clock = { now: () => new Date() };

export function buildApp(options: AppOptions = {}): FastifyInstance {
  const clock = options.clock ?? systemClock;
  const app = Fastify({
    logger: options.logger ?? false,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, strict: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.get("/healthz", async () => ({ status: "ok" }));

  app.post("/sync", { schema: { body: SyncRequest, response: { 200: SyncResponse, 422: ErrorBody } } }, async (request, reply) => {
    try {
      return sync(request.body, clock);
    } catch (error) {
      if (error instanceof UnsafeToAnswerError) return reply.code(422).send({ error: error.message });
      throw error;
    }
  });

  return app;
}
