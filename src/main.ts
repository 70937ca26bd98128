// Starts the hook server from environment variables.
import { buildApp } from "./server/app.js";

const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? "0.0.0.0";
const app = buildApp({ logger: { level: process.env.LOG_LEVEL ?? "info" } });
await app.listen({ port, host });
