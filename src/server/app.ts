// The HTTP face of the hook: builds the fastify app without listening, so tests can inject requests.
import Fastify, { type FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";

export interface AppOptions {
  logger?: boolean | { level: string };
}

export function buildApp(options: AppOptions = {}): FastifyInstance {
  const app = Fastify({ logger: options.logger ?? false }).withTypeProvider<TypeBoxTypeProvider>();

  app.get("/healthz", async () => ({ status: "ok" }));

  app.post("/sync", async (_request, reply) => reply.code(501).send({ error: "the sync hook is not implemented yet" }));

  return app;
}
