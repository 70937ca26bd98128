import { mkdtempSync, writeFileSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { tokenMatches } from "../../src/server/auth.js";
import { JSON_HEADERS, testApp } from "../support/app.js";
import { certificateAuthority, signedCertificate, type Pem } from "../support/certificates.js";
import { requestFor, sample } from "../support/fixtures.js";
import { startServerProcess, type RunningServer } from "../support/process.js";

const body = JSON.stringify(requestFor(sample()));

describe("Bearer-token authentication", () => {
  const { app } = testApp({ token: () => "s3cret-token" });
  const sync = (authorization?: string) =>
    app.inject({ method: "POST", url: "/sync", headers: { ...JSON_HEADERS, ...(authorization ? { authorization } : {}) }, payload: body });

  it("answers 401 without a token", async () => {
    expect((await sync()).statusCode).toBe(401);
  });

  it("answers 401 with a wrong token", async () => {
    expect((await sync("Bearer wrong")).statusCode).toBe(401);
  });

  it("answers 200 with the right token", async () => {
    expect((await sync("Bearer s3cret-token")).statusCode).toBe(200);
  });

  it("leaves health probes open", async () => {
    expect((await app.inject({ url: "/healthz" })).statusCode).toBe(200);
  });

  it("compares tokens by value only", () => {
    expect([tokenMatches("abc", "abc"), tokenMatches("abc", "abd"), tokenMatches("", "")]).toEqual([true, false, false]);
  });
});

interface TlsFiles {
  dir: string;
  ca: Pem & { keys: CryptoKeyPair; subject: string };
  server: Pem;
  client: Pem;
  strangerClient: Pem;
}
type CryptoKeyPair = import("node:crypto").webcrypto.CryptoKeyPair;

let tls: TlsFiles;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "couponkill-tls-"));
  const ca = await certificateAuthority();
  const stranger = await certificateAuthority("Someone Else's CA");
  tls = {
    dir,
    ca,
    server: await signedCertificate(ca, "localhost", "server"),
    client: await signedCertificate(ca, "metacontroller", "client"),
    strangerClient: await signedCertificate(stranger, "metacontroller", "client"),
  };
  writeFileSync(join(dir, "ca.crt"), ca.cert);
  writeFileSync(join(dir, "tls.crt"), tls.server.cert);
  writeFileSync(join(dir, "tls.key"), tls.server.key);
  writeFileSync(join(dir, "token"), "file-token\n");
});

function httpsCall(url: string, path: string, options: { client?: Pem; ca?: string; method?: string; headers?: Record<string, string> } = {}) {
  return new Promise<{ status: number; certificate: string }>((resolve, reject) => {
    const request = httpsRequest(
      `${url}${path}`,
      {
        method: options.method ?? "GET",
        agent: false,
        ca: options.ca ?? tls.ca.cert,
        headers: options.headers,
        ...(options.client ? { cert: options.client.cert, key: options.client.key } : {}),
      },
      (response) => {
        const certificate = (response.socket as import("node:tls").TLSSocket).getPeerCertificate().fingerprint256;
        response.resume();
        response.on("end", () => resolve({ status: response.statusCode ?? 0, certificate }));
      },
    );
    request.on("error", reject);
    request.end(options.method === "POST" ? body : undefined);
  });
}

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const tlsEnv = () => ({ TLS_CERT_FILE: join(tls.dir, "tls.crt"), TLS_KEY_FILE: join(tls.dir, "tls.key"), FILE_WATCH_INTERVAL_MS: "50" });

describe("HTTPS", () => {
  it("serves the hook over HTTPS with the configured certificate", async () => {
    server = await startServerProcess(tlsEnv());
    expect(server.url).toMatch(/^https:/);
    expect((await httpsCall(server.url, "/sync", { method: "POST", headers: JSON_HEADERS })).status).toBe(200);
  });

  it("reloads the certificate when its files change, without a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "couponkill-rotate-"));
    writeFileSync(join(dir, "tls.crt"), tls.server.cert);
    writeFileSync(join(dir, "tls.key"), tls.server.key);
    server = await startServerProcess({ TLS_CERT_FILE: join(dir, "tls.crt"), TLS_KEY_FILE: join(dir, "tls.key"), FILE_WATCH_INTERVAL_MS: "50" });
    const before = (await httpsCall(server.url, "/healthz")).certificate;
    const rotated = await signedCertificate(tls.ca, "localhost", "server");
    writeFileSync(join(dir, "tls.key"), rotated.key);
    writeFileSync(join(dir, "tls.crt"), rotated.cert);
    await expect.poll(async () => (await httpsCall(server!.url, "/healthz")).certificate, { timeout: 5000, interval: 100 }).not.toBe(before);
  });

  it("reads the Bearer token from a file", async () => {
    server = await startServerProcess({ ...tlsEnv(), AUTH_TOKEN_FILE: join(tls.dir, "token") });
    const call = (token: string) => httpsCall(server!.url, "/sync", { method: "POST", headers: { ...JSON_HEADERS, authorization: `Bearer ${token}` } });
    expect([(await call("file-token")).status, (await call("other")).status]).toEqual([200, 401]);
  });
});

describe("mutual TLS", () => {
  const mtlsEnv = () => ({ ...tlsEnv(), TLS_CLIENT_CA_FILE: join(tls.dir, "ca.crt") });

  it("answers the hook to a client certificate signed by the configured CA", async () => {
    server = await startServerProcess(mtlsEnv());
    expect((await httpsCall(server.url, "/sync", { method: "POST", headers: JSON_HEADERS, client: tls.client })).status).toBe(200);
  });

  it("refuses the hook without a client certificate", async () => {
    server = await startServerProcess(mtlsEnv());
    expect((await httpsCall(server.url, "/sync", { method: "POST", headers: JSON_HEADERS })).status).toBe(401);
  });

  it("refuses a client certificate signed by another CA", async () => {
    server = await startServerProcess(mtlsEnv());
    expect((await httpsCall(server.url, "/sync", { method: "POST", headers: JSON_HEADERS, client: tls.strangerClient })).status).toBe(401);
  });

  it("keeps health probes open to callers without a certificate (the kubelet has none)", async () => {
    server = await startServerProcess(mtlsEnv());
    expect((await httpsCall(server.url, "/readyz")).status).toBe(200);
  });
});
