// Runs the real entry points (src/main.ts, src/cli.ts) as child processes, through tsx.
import { spawn, type ChildProcess } from "node:child_process";
import { repoPath } from "./samples.js";

const TSX = ["--import", "tsx"];

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], input?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...TSX, repoPath("src/cli.ts"), ...args], { cwd: repoPath(""), stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr?.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? "");
  });
}

export interface RunningServer {
  url: string;
  child: ChildProcess;
  logs: () => Record<string, unknown>[];
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

const HEAP_PROBE = ["--expose-gc", "--require", repoPath("test/support/heap-probe.cjs")];

/** The server's heap after a full collection, in MiB; the server must be started with `heapProbe`. */
export function heapUsedAfterGc(server: RunningServer): Promise<number> {
  return new Promise((resolve) => {
    server.child.once("message", (message: { heapUsedAfterGc: number }) => resolve(message.heapUsedAfterGc / 1024 / 1024));
    server.child.send("heap-used-after-gc");
  });
}

/** Starts `src/main.ts` on a free port of 127.0.0.1 and resolves once it logs that it listens (LOG_LEVEL info or lower). */
export function startServerProcess(
  env: Record<string, string> = {},
  {
    entry = repoPath("src/main.ts"),
    nodeArgs = TSX,
    cwd = repoPath(""),
    heapProbe = false,
  }: { entry?: string; nodeArgs?: string[]; cwd?: string; heapProbe?: boolean } = {},
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, ...(heapProbe ? HEAP_PROBE : []), entry], {
      cwd,
      env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "info", ...env },
      stdio: heapProbe ? ["ignore", "pipe", "pipe", "ipc"] : ["ignore", "pipe", "pipe"],
    });
    const lines: Record<string, unknown>[] = [];
    let stderr = "";
    let buffer = "";
    const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 15_000);
    child.stderr?.on("data", (chunk) => (stderr += chunk));
    child.stdout?.on("data", (chunk) => {
      buffer += chunk;
      const parts = buffer.split("\n");
      buffer = parts.pop() ?? "";
      for (const part of parts) {
        if (!part.trim()) continue;
        const line = JSON.parse(part) as Record<string, unknown>;
        lines.push(line);
        const match = /listening at (\S+)/.exec(String(line.msg));
        if (match?.[1]) {
          clearTimeout(timer);
          resolve({
            url: match[1],
            child,
            logs: () => lines,
            exited,
            stop: async () => {
              if (child.exitCode === null) child.kill("SIGKILL");
              await exited;
            },
          });
        }
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${stderr}`));
    });
  });
}
