// The container's entry point: the hook server, configured by environment variables.
import { ConfigError } from "./server/config.js";
import { startServer } from "./server/start.js";

try {
  await startServer(process.env);
} catch (error) {
  process.stderr.write(`couponkill: ${error instanceof ConfigError ? error.message : String((error as Error).stack ?? error)}\n`);
  process.exit(1);
}
