import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { requestFor, sample } from "../support/fixtures.js";
import { startServerProcess, type RunningServer } from "../support/process.js";

const body = JSON.stringify(requestFor(sample()));

/** Sends the headers and half the body of a POST /sync, and collects whatever the server answers. */
function halfSentSync(url: string): { socket: Socket; finish(): void; response: Promise<string> } {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const half = Math.floor(body.length / 2);
  socket.write(`POST /sync HTTP/1.1\r\nhost: ${hostname}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n`);
  socket.write(body.slice(0, half));
  let received = "";
  socket.on("data", (chunk) => (received += chunk));
  const response = new Promise<string>((resolve) => socket.on("close", () => resolve(received)));
  return { socket, finish: () => socket.write(body.slice(half)), response };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe("graceful shutdown", () => {
  it("turns unready on SIGTERM, finishes the request in flight, then exits cleanly", async () => {
    server = await startServerProcess({ SHUTDOWN_DELAY_MS: "500", SHUTDOWN_TIMEOUT_MS: "5000" });
    const inFlight = halfSentSync(server.url);
    await sleep(200);
    server.child.kill("SIGTERM");
    await sleep(100);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
    inFlight.finish();
    const answer = await inFlight.response;
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4)).children).toHaveLength(26);
    expect(await server.exited).toBe(0);
  });

  it("exits within the shutdown timeout even when a client never finishes its request", async () => {
    server = await startServerProcess({ SHUTDOWN_DELAY_MS: "0", SHUTDOWN_TIMEOUT_MS: "500", REQUEST_TIMEOUT_MS: "60000" });
    halfSentSync(server.url);
    await sleep(100);
    const signalled = Date.now();
    server.child.kill("SIGTERM");
    await server.exited;
    expect(Date.now() - signalled).toBeLessThan(3000);
  });

  it("loses no request when SIGTERM arrives under load, with callers that stop once /readyz says so", async () => {
    server = await startServerProcess({ SHUTDOWN_DELAY_MS: "1000", SHUTDOWN_TIMEOUT_MS: "5000" });
    const url = server.url;
    let routed = true;
    const watcher = (async () => {
      // What endpoint controllers do: stop routing new requests to a pod once its readiness fails.
      while (routed) {
        await sleep(50);
        const ready = await fetch(`${url}/readyz`).then((r) => r.status === 200, () => false);
        if (!ready) routed = false;
      }
    })();
    const outcomes: string[] = [];
    const worker = async () => {
      while (routed) {
        try {
          const response = await fetch(`${url}/sync`, { method: "POST", headers: { "content-type": "application/json" }, body });
          const answer = (await response.json()) as { children?: unknown[] };
          outcomes.push(response.status === 200 && answer.children?.length === 26 ? "ok" : `status ${response.status}`);
        } catch (error) {
          outcomes.push(`error ${String((error as { cause?: { code?: string } }).cause?.code ?? error)}`);
        }
      }
    };
    const workers = Promise.all(Array.from({ length: 20 }, worker));
    await sleep(1000);
    server.child.kill("SIGTERM");
    await Promise.all([workers, watcher]);
    expect(outcomes.length).toBeGreaterThan(20);
    expect(outcomes.filter((outcome) => outcome !== "ok")).toEqual([]);
    expect(await server.exited).toBe(0);
  });

  it("shuts down on SIGINT too", async () => {
    server = await startServerProcess();
    server.child.kill("SIGINT");
    expect(await server.exited).toBe(0);
  });
});
