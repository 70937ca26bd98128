import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/server/config.js";

describe("loadConfig", () => {
  it("defaults to port 8080 on all interfaces, info logs, a 10 MiB body limit and no security", () => {
    expect(loadConfig({})).toMatchObject({ port: 8080, host: "0.0.0.0", logLevel: "info", bodyLimit: 10 * 1024 * 1024 });
    expect(loadConfig({})).not.toHaveProperty("authTokenFile");
    expect(loadConfig({})).not.toHaveProperty("tlsCertFile");
  });

  it("keeps the request timeout below Metacontroller's default webhook timeout of 10 s", () => {
    expect(loadConfig({}).requestTimeoutMs).toBeLessThan(10_000);
  });

  it("names the variable and the rule of a bad number", () => {
    expect(() => loadConfig({ PORT: "eighty" })).toThrow(new ConfigError("PORT=eighty: must be a whole number from 0 to 65535"));
  });

  it("rejects an unknown log level", () => {
    expect(() => loadConfig({ LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL=loud: must be one of/);
  });

  it("needs the certificate and the key together", () => {
    expect(() => loadConfig({ TLS_CERT_FILE: "/tls/tls.crt" })).toThrow(/TLS_CERT_FILE and TLS_KEY_FILE must be set together/);
  });

  it("needs HTTPS for mutual TLS", () => {
    expect(() => loadConfig({ TLS_CLIENT_CA_FILE: "/tls/ca.crt" })).toThrow(/mutual TLS runs over HTTPS/);
  });
});
