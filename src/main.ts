// The container's entry point: the hook server.
import { startServer } from "./server/start.js";

await startServer(process.env);
