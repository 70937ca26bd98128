import { parseAllDocuments, stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { crdYaml } from "../src/api/crd.js";
import { rolledOut, sample, syncSample } from "./support/fixtures.js";
import { runCli } from "./support/process.js";
import { readText } from "./support/samples.js";
import { validateUpstream } from "./support/upstream-schemas.js";

describe("couponkill render", () => {
  it("prints the original sample's children as Kubernetes YAML documents, each valid upstream", async () => {
    const { code, stdout } = await runCli(["render", "-f", "samples/seckill.yaml"]);
    expect(code).toBe(0);
    const documents = parseAllDocuments(stdout).map((doc) => doc.toJS()).filter(Boolean);
    expect(documents).toHaveLength(26);
    for (const document of documents) validateUpstream(document);
  });

  it("starts with the status as a comment that kubectl ignores", async () => {
    const { stdout } = await runCli(["render", "-f", "samples/seckill.yaml"]);
    expect(stdout.split("\n")[0]).toBe("# status:");
  });

  it("prints the whole hook response with -o json", async () => {
    const { stdout } = await runCli(["render", "-f", "samples/seckill-minimal.yaml", "-o", "json"]);
    expect(Object.keys(JSON.parse(stdout))).toEqual(["status", "children"]);
  });

  it("accepts a whole sync request", async () => {
    const { code, stdout } = await runCli(["render", "-f", "samples/sync-request.json", "-o", "json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).children).toHaveLength(26);
  });

  it("reads observed children (a YAML stream) and reports their state", async () => {
    const observed = syncSample(sample("samples/seckill-minimal.yaml")).children.map(rolledOut);
    const stream = observed.map((child) => stringify(child)).join("---\n");
    const { code, stdout } = await runCli(["render", "-f", "samples/seckill-minimal.yaml", "--observed", "-", "-o", "json"], stream);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).status).toMatchObject({ phase: "Ready", readyServices: "1/1" });
  });

  it("renders the children as they will be at --at, for a sale-time review", async () => {
    const { code, stdout } = await runCli(["render", "-f", "samples/seckill-sale.yaml", "--at", "2026-11-11T00:00:00+08:00", "-o", "json"]);
    expect(code).toBe(0);
    const response = JSON.parse(stdout);
    expect(response.status.sale).toMatchObject({ name: "double-11", phase: "Live" });
    expect(response.children.find((c: { kind: string }) => c.kind === "ScaledObject").spec).toMatchObject({ minReplicaCount: 30, maxReplicaCount: 30 });
  });

  it("rejects an --at that is not a time", async () => {
    const { code, stderr } = await runCli(["render", "-f", "samples/seckill-sale.yaml", "--at", "tomorrow"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--at tomorrow: not an RFC 3339 time");
  });

  it("fails with the file name when the file is missing", async () => {
    const { code, stderr } = await runCli(["render", "-f", "samples/nope.yaml"]);
    expect(code).toBe(1);
    expect(stderr).toBe("couponkill: cannot read samples/nope.yaml: no such file\n");
  });

  it("fails with the line number on bad YAML", async () => {
    const { code, stderr } = await runCli(["render", "-f", "-"], "apiVersion: ops.couponkill.io/v1\nkind: Seckill\nspec: [unclosed\n");
    expect(code).toBe(1);
    expect(stderr).toMatch(/^couponkill: -:\d+:\d+: invalid YAML/);
  });

  it("fails naming the field and the rule on an invalid spec", async () => {
    const broken = readText("samples/seckill.yaml").replace("minReplicas: 1", "minReplicas: 20");
    const { code, stderr } = await runCli(["render", "-f", "-"], broken);
    expect(code).toBe(1);
    expect(stderr).toContain("spec.scaling.hpa.minReplicas: (20) must be <= maxReplicas (10)");
  });

  it("rejects an unknown output format as a usage error", async () => {
    const { code } = await runCli(["render", "-f", "samples/seckill.yaml", "-o", "xml"]);
    expect(code).toBe(2);
  });
});

describe("couponkill request", () => {
  it("prints a sync request that the hook schema accepts", async () => {
    const { code, stdout } = await runCli(["request", "-f", "samples/seckill.yaml"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ parent: { kind: "Seckill", metadata: { name: "couponkill-sample" } }, finalizing: false });
  });

  it("is what samples/sync-request.json holds", async () => {
    expect((await runCli(["request", "-f", "samples/seckill.yaml"])).stdout).toBe(readText("samples/sync-request.json"));
  });
});

describe("couponkill crd", () => {
  it("prints the same bytes as crd/", async () => {
    const { stdout } = await runCli(["crd"]);
    expect(stdout).toBe(crdYaml());
    expect(stdout).toBe(readText("crd/seckills.ops.couponkill.io.yaml"));
  });
});

describe("couponkill --help", () => {
  it.each(["serve", "render", "request", "crd"])("explains %s", async (command) => {
    const { code, stdout } = await runCli([command, "--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^usage: couponkill ${command}`));
  });

  it("lists the commands", async () => {
    const { stdout } = await runCli(["--help"]);
    expect(stdout).toMatch(/serve[\s\S]*render[\s\S]*request[\s\S]*crd/);
  });

  it("fails on an unknown command", async () => {
    const { code, stderr } = await runCli(["deploy"]);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown command "deploy"');
  });
});
