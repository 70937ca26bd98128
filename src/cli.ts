#!/usr/bin/env node
// couponkill: serve the hook, or render and inspect what it would answer, without a cluster.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parseAllDocuments } from "yaml";
import { crdYaml } from "./api/crd.js";
import type { KubeObject, SyncRequest, SyncResponse } from "./api/metacontroller.js";
import { syncRequestFor } from "./api/sync-request.js";
import { responseToYaml } from "./render/manifest.js";
import { sync } from "./render/sync.js";

const USAGE: Record<string, string> = {
  main: `usage: couponkill <command> [options]

commands:
  serve      start the sync hook server (configured by environment variables, see README)
  render     print the children the hook would return for a Seckill, and its status
  request    print the sync request Metacontroller would send for a Seckill
  crd        print the Seckill CustomResourceDefinition

Run 'couponkill <command> --help' for a command's options.
`,
  serve: `usage: couponkill serve

Starts the hook on $HOST:$PORT (default 0.0.0.0:8080). See the README for every environment variable.
`,
  render: `usage: couponkill render -f FILE [--observed FILE] [-o yaml|json] [--at TIME]

  -f, --filename FILE   a Seckill, or a whole sync request (JSON or YAML); - reads standard input
      --observed FILE   observed children (a YAML stream or a kubectl List), as Metacontroller would send them
  -o, --output FORMAT   yaml (default): the children as a multi-document stream, ready for
                        'kubectl diff -f -', with the status as a comment; json: the whole hook response
      --at TIME         render as at this RFC 3339 time instead of now

Exits 1 when the Seckill is invalid, naming the field and the rule.
`,
  request: `usage: couponkill request -f FILE [--observed FILE]

Prints the sync request for the Seckill in FILE, ready for
  curl -H 'content-type: application/json' --data @- localhost:8080/sync
`,
  crd: `usage: couponkill crd

Prints the Seckill CustomResourceDefinition (the same bytes as crd/).
`,
};

class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

function readInput(file: string): string {
  try {
    return readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === "ENOENT" ? `cannot read ${file}: no such file` : `cannot read ${file}: ${(error as Error).message}`);
  }
}

/** Every object in a YAML (or JSON) file, with `kind: List` unwrapped. */
function readObjects(file: string): Record<string, unknown>[] {
  const objects: Record<string, unknown>[] = [];
  for (const document of parseAllDocuments(readInput(file))) {
    const [error] = document.errors;
    if (error) {
      const line = error.linePos?.[0];
      throw new CliError(`${file}${line ? `:${line.line}:${line.col}` : ""}: invalid YAML: ${error.message.split("\n")[0]}`);
    }
    const value = document.toJS() as unknown;
    if (value === null || value === undefined) continue;
    if (typeof value !== "object" || Array.isArray(value)) throw new CliError(`${file}: expected a Kubernetes object, got ${Array.isArray(value) ? "a list" : typeof value}`);
    const object = value as Record<string, unknown>;
    if (object.kind === "List" && Array.isArray(object.items)) objects.push(...(object.items as Record<string, unknown>[]));
    else objects.push(object);
  }
  return objects;
}

function requestFrom(values: { filename?: string; observed?: string }): SyncRequest {
  if (!values.filename) throw new CliError("missing -f FILE: the Seckill (or sync request) to use", 2);
  const [input] = readObjects(values.filename);
  if (!input) throw new CliError(`${values.filename}: no object found`);
  const observed = values.observed ? (readObjects(values.observed) as KubeObject[]) : [];
  if ("parent" in input && "children" in input) {
    const request = input as unknown as SyncRequest;
    if (observed.length > 0) return { ...request, children: syncRequestFor(request.parent, observed, request.controller).children };
    return request;
  }
  if (input.kind !== "Seckill") throw new CliError(`${values.filename}: expected a Seckill or a sync request, got kind ${String(input.kind)}`);
  return syncRequestFor(input, observed);
}

function clockAt(at: string | undefined): { now(): Date } {
  if (at === undefined) return { now: () => new Date() };
  const time = new Date(at);
  if (Number.isNaN(time.getTime())) throw new CliError(`--at ${at}: not an RFC 3339 time, e.g. 2026-11-11T00:00:00+08:00`, 2);
  return { now: () => time };
}

function invalidSpecMessage(response: SyncResponse): string | undefined {
  const specValid = response.status.conditions?.find((condition) => condition.type === "SpecValid");
  return specValid?.status === "False" ? specValid.message : undefined;
}

function render(args: string[]): string {
  const { values } = parseArgs({
    args,
    options: {
      filename: { type: "string", short: "f" },
      observed: { type: "string" },
      output: { type: "string", short: "o", default: "yaml" },
      at: { type: "string" },
    },
  });
  if (values.output !== "yaml" && values.output !== "json") throw new CliError(`-o ${values.output}: use yaml or json`, 2);
  const response = sync(requestFrom(values), clockAt(values.at));
  const invalid = invalidSpecMessage(response);
  if (invalid) throw new CliError(`invalid Seckill: ${invalid}`);
  return values.output === "json" ? `${JSON.stringify(response, null, 2)}\n` : responseToYaml(response);
}

function request(args: string[]): string {
  const { values } = parseArgs({ args, options: { filename: { type: "string", short: "f" }, observed: { type: "string" } } });
  return `${JSON.stringify(requestFrom(values), null, 2)}\n`;
}

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(USAGE.main ?? "");
    if (command === undefined) process.exitCode = 2;
    return;
  }
  if (!(command in USAGE) || command === "main") throw new CliError(`unknown command "${command}"\n\n${USAGE.main}`, 2);
  if (args.includes("--help") || args.includes("-h")) {
    process.stdout.write(USAGE[command] ?? "");
    return;
  }
  switch (command) {
    case "serve": {
      const { startServer } = await import("./server/start.js");
      await startServer(process.env);
      return;
    }
    case "render":
      process.stdout.write(render(args));
      return;
    case "request":
      process.stdout.write(request(args));
      return;
    case "crd":
      process.stdout.write(crdYaml());
      return;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof CliError) {
    process.stderr.write(`couponkill: ${error.message}\n`);
    process.exitCode = error.exitCode;
    return;
  }
  if (error instanceof TypeError && (error as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS")) {
    process.stderr.write(`couponkill: ${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(`couponkill: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
