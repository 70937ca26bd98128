import { afterEach, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { sync } from "../../src/render/sync.js";
import { JSON_HEADERS, testApp } from "../support/app.js";
import { applied, fixedClock, requestFor, sample, syncSample, type Json } from "../support/fixtures.js";
import { LAST_APPLIED_ANNOTATION } from "../../src/render/sync.js";

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function start(options: Parameters<typeof testApp>[0] = {}) {
  const built = testApp(options);
  app = built.app;
  return built;
}

const post = (url: string, payload: unknown, headers: Record<string, string> = JSON_HEADERS) =>
  app!.inject({ method: "POST", url, headers, payload: typeof payload === "string" ? payload : JSON.stringify(payload) });

describe("POST /sync", () => {
  it("answers a sync request with exactly what sync() returns", async () => {
    start();
    const request = requestFor(sample());
    const response = await post("/sync", request);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(JSON.parse(JSON.stringify(sync(request, fixedClock()))));
  });

  it("answers with no top-level field but status and children", async () => {
    start();
    expect(Object.keys((await post("/sync", requestFor(sample()))).json())).toEqual(["status", "children"]);
  });

  it("answers the finalize hook on /sync, with finalized", async () => {
    start();
    const response = await post("/sync", { ...requestFor(sample()), finalizing: true });
    expect(response.json()).toMatchObject({ children: [], finalized: true });
  });

  it("rejects malformed JSON with 400 and a JSON error", async () => {
    start();
    const response = await post("/sync", '{"controller": ');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: "FST_ERR_CTP_INVALID_JSON_BODY" });
  });

  it("rejects a body that is not a sync request with 400, naming the path", async () => {
    start();
    const request = requestFor(sample()) as Json;
    delete request.parent.metadata.name;
    const response = await post("/sync", request);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ path: "body.parent.metadata.name" });
  });

  it("rejects a parent of another kind with 400", async () => {
    start();
    const request = requestFor(sample()) as Json;
    request.parent.kind = "Deployment";
    expect((await post("/sync", request)).statusCode).toBe(400);
  });

  it("rejects a content type other than JSON with 415", async () => {
    start();
    expect((await post("/sync", "hello", { "content-type": "text/plain" })).statusCode).toBe(415);
  });

  it("rejects a body over the limit with 413", async () => {
    start({ bodyLimit: 2048 });
    expect((await post("/sync", requestFor(sample()))).statusCode).toBe(413);
  });

  it("answers 404 with a JSON error on an unknown route", async () => {
    start();
    const response = await app!.inject({ method: "GET", url: "/sync/nope" });
    expect(response.statusCode).toBe(404);
    expect(response.json().message).toContain("POST /sync");
  });

  it("answers 500 without a stack trace, and logs the parent, when the hook fails", async () => {
    const { logs } = start({ clock: { now: () => { throw new Error("clock broke at /secret/place"); } } });
    const response = await post("/sync", requestFor(sample()));
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toMatch(/clock broke|\bat\b.*\.ts/);
    expect(logs).toContainEqual(expect.objectContaining({ level: 50, parent: "couponkill/couponkill-sample" }));
  });

  it("answers 422 and changes nothing when an invalid spec meets a child it cannot keep", async () => {
    start();
    const observed = syncSample().children.map(applied) as Json[];
    delete observed[0]!.metadata.annotations[LAST_APPLIED_ANNOTATION];
    const seckill = sample();
    seckill.spec.scaling.hpa.minReplicas = 99;
    const response = await post("/sync", requestFor(seckill, observed as never));
    expect(response.statusCode).toBe(422);
    expect(response.json().message).toContain("spec.scaling.hpa.minReplicas");
  });
});

describe("POST /finalize", () => {
  it("is the same handler as /sync", async () => {
    start();
    const request = { ...requestFor(sample(), syncSample().children.map(applied)), finalizing: true };
    expect((await post("/finalize", request)).json()).toEqual((await post("/sync", request)).json());
  });
});

describe("ETag", () => {
  it("sets an ETag on each 200", async () => {
    start();
    expect((await post("/sync", requestFor(sample()))).headers.etag).toMatch(/^"[^"]+"$/);
  });

  it("answers 304 with no body when If-None-Match matches", async () => {
    start();
    const first = await post("/sync", requestFor(sample()));
    const second = await post("/sync", requestFor(sample()), { ...JSON_HEADERS, "if-none-match": String(first.headers.etag) });
    expect(second.statusCode).toBe(304);
    expect(second.body).toBe("");
  });

  it("answers 200 when the answer changed since the cached ETag", async () => {
    start();
    const first = await post("/sync", requestFor(sample()));
    const changed = sample();
    changed.spec.services.goService.replicas = 3;
    const second = await post("/sync", requestFor(changed), { ...JSON_HEADERS, "if-none-match": String(first.headers.etag) });
    expect(second.statusCode).toBe(200);
  });
});

describe("health and metrics", () => {
  it("answers /healthz", async () => {
    start();
    expect((await app!.inject({ url: "/healthz" })).statusCode).toBe(200);
  });

  it("answers /readyz 200, then 503 while shutting down", async () => {
    const lifecycle = { shuttingDown: false };
    start({ lifecycle });
    expect((await app!.inject({ url: "/readyz" })).statusCode).toBe(200);
    lifecycle.shuttingDown = true;
    expect((await app!.inject({ url: "/readyz" })).statusCode).toBe(503);
  });

  it("counts syncs by outcome, children by kind, and the sync duration, in Prometheus text", async () => {
    start();
    await post("/sync", requestFor(sample()));
    await post("/sync", "{");
    const text = (await app!.inject({ url: "/metrics" })).body;
    expect(text).toContain('couponkill_sync_requests_total{hook="sync",outcome="ok"} 1');
    expect(text).toContain('couponkill_sync_requests_total{hook="sync",outcome="rejected"} 1');
    expect(text).toContain('couponkill_sync_children_total{kind="Deployment"} 5');
    expect(text).toMatch(/couponkill_sync_duration_seconds_count\{hook="sync"\} 2/);
    expect(text).toContain("process_cpu_user_seconds_total");
  });

  it("counts an invalid spec as its own outcome", async () => {
    start();
    const seckill = sample();
    seckill.spec.scaling.hpa.minReplicas = 99;
    await post("/sync", requestFor(seckill));
    expect((await app!.inject({ url: "/metrics" })).body).toContain('couponkill_sync_requests_total{hook="sync",outcome="invalid_spec"} 1');
  });
});

describe("logs", () => {
  it("writes one line per sync with the parent, generation, children, phase and duration", async () => {
    const { logs } = start();
    await post("/sync", requestFor(sample()));
    const lines = logs.filter((line) => line.msg === "sync");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ parent: "couponkill/couponkill-sample", generation: 1, children: 26, phase: "Pending", statusCode: 200 });
    expect(lines[0]?.durationMs).toEqual(expect.any(Number));
  });

  it("tags the sync's line with the caller's x-request-id", async () => {
    const { logs } = start();
    await post("/sync", requestFor(sample()), { ...JSON_HEADERS, "x-request-id": "trace-42" });
    expect(logs.filter((line) => line.msg === "sync").map((line) => line.reqId)).toEqual(["trace-42"]);
  });

  it("replaces an x-request-id that is not a short token with an id of its own", async () => {
    const { logs } = start();
    await post("/sync", requestFor(sample()), { ...JSON_HEADERS, "x-request-id": `evil\u0000${"x".repeat(500)}` });
    expect(logs.find((line) => line.msg === "sync")?.reqId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("gives a request without x-request-id an id of its own", async () => {
    const { logs } = start();
    await post("/sync", requestFor(sample()));
    expect(logs.find((line) => line.msg === "sync")?.reqId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("logs a rejected request with its status code", async () => {
    const { logs } = start();
    await post("/sync", "{");
    expect(logs).toContainEqual(expect.objectContaining({ msg: "sync rejected", statusCode: 400 }));
  });

  it("never logs the Authorization header or secret values from the request", async () => {
    const { rawLogs } = start({ logger: undefined });
    const seckill = sample();
    seckill.spec.services.goService.env.push({ name: "DB_PASSWORD", value: "hunter2-very-secret" });
    await app!.inject({ method: "POST", url: "/sync", headers: { ...JSON_HEADERS, authorization: "Bearer top-secret-token" }, payload: JSON.stringify(requestFor(seckill)) });
    expect(rawLogs.join("\n")).not.toMatch(/top-secret-token|hunter2-very-secret/);
  });
});

describe("a real socket", () => {
  it("serves /sync over TCP on 127.0.0.1", async () => {
    start();
    const address = await app!.listen({ port: 0, host: "127.0.0.1" });
    const response = await fetch(`${address}/sync`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify(requestFor(sample())) });
    expect(response.status).toBe(200);
    expect(((await response.json()) as Json).children).toHaveLength(26);
  });
});
