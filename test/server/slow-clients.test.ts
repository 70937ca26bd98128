// Clients that stall or vanish must not hold the server: a half-sent body is cut off by the request timeout,
// which stays below Metacontroller's webhook timeout, and a client that disconnects mid-request leaves nothing behind.
import { connect } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { testApp } from "../support/app.js";
import { requestFor, sample } from "../support/fixtures.js";

const body = JSON.stringify(requestFor(sample()));

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function listening(requestTimeoutMs: number) {
  app = testApp({ requestTimeoutMs }).app;
  await app.listen({ port: 0, host: "127.0.0.1" });
  return (app.server.address() as AddressInfo).port;
}

function sendHalf(port: number) {
  const socket = connect(port, "127.0.0.1");
  socket.write(`POST /sync HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n`);
  socket.write(body.slice(0, body.length / 2));
  let received = "";
  socket.on("data", (chunk) => (received += chunk));
  const closed = new Promise<string>((resolve) => socket.on("close", () => resolve(received)));
  socket.on("error", () => {});
  return { socket, closed };
}

const openConnections = () => new Promise<number>((resolve, reject) => app!.server.getConnections((error, count) => (error ? reject(error) : resolve(count))));

describe("slow and broken clients", () => {
  it("cuts off a client that sends half a body and stalls, with 408, once the request timeout passes", async () => {
    const port = await listening(500);
    const started = Date.now();
    const answer = await sendHalf(port).closed;
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("leaves no connection behind when clients disconnect mid-request", async () => {
    const port = await listening(60_000);
    const clients = Array.from({ length: 100 }, () => sendHalf(port));
    await expect.poll(openConnections, { timeout: 5_000 }).toBe(100);
    for (const { socket } of clients) socket.destroy();
    await expect.poll(openConnections, { timeout: 5_000 }).toBe(0);
    const response = await app!.inject({ method: "POST", url: "/sync", headers: { "content-type": "application/json" }, payload: body });
    expect(response.statusCode).toBe(200);
  });
});
