// Starts the hook server from environment variables.
import { buildApp } from "./app.js";

export async function startServer(env: NodeJS.ProcessEnv): Promise<void> {
  const port = Number(env.PORT ?? 8080);
  const host = env.HOST ?? "0.0.0.0";
  const app = buildApp({ logger: { level: env.LOG_LEVEL ?? "info" } });
  await app.listen({ port, host });
}
