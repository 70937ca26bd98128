// Builds the app for tests with a fixed clock, capturing its JSON log lines.
import { Writable } from "node:stream";
import pino from "pino";
import { REDACTED_PATHS, buildApp, type AppOptions } from "../../src/server/app.js";
import { fixedClock } from "./fixtures.js";

export function testApp(options: AppOptions = {}) {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line));
      }
      done();
    },
  });
  const logger = pino({ level: "info", redact: { paths: REDACTED_PATHS, censor: "[redacted]" } }, stream);
  const app = buildApp({ clock: fixedClock(), loggerInstance: logger, ...options });
  return { app, logs: lines, rawLogs: raw };
}

export const JSON_HEADERS = { "content-type": "application/json" };
