// The image cannot be built here (no Docker engine), so this checks the Dockerfile's promises and runs the
// server from the exact content of its final stage: the bundle alone, in a folder with no node_modules.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestFor, sample } from "./support/fixtures.js";
import { startServerProcess, type RunningServer } from "./support/process.js";
import { readText, repoPath } from "./support/samples.js";

const dockerfile = readText("Dockerfile");
const stages = dockerfile.split(/^FROM /m).slice(1);
const finalStage = stages.at(-1) ?? "";

describe("Dockerfile", () => {
  it("builds in one stage and runs from another", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0]).toMatch(/RUN npm ci/);
    expect(stages[0]).toMatch(/RUN npm run build/);
  });

  it("runs Node 24 LTS without a shell, as a non-root user, in production mode", () => {
    expect(finalStage).toMatch(/^gcr\.io\/distroless\/nodejs24-debian12:nonroot/);
    expect(finalStage).toMatch(/^USER 65532:65532$/m);
    expect(finalStage).toMatch(/^ENV NODE_ENV=production/m);
    expect(finalStage).toMatch(/^EXPOSE 8080$/m);
  });

  it("ships the bundle alone: no node_modules, so no dev dependency", () => {
    expect(finalStage.match(/^COPY .*/gm)).toEqual(["COPY --from=build /app/dist/couponkill-hook.mjs ./"]);
    expect(finalStage).toMatch(/^CMD \["couponkill-hook\.mjs"\]$/m);
  });

  it("leaves health checks to the Kubernetes probes", () => {
    expect(dockerfile).not.toMatch(/^HEALTHCHECK/m);
  });
});

async function answersSync(server: RunningServer) {
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  const response = await fetch(`${server.url}/sync`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(requestFor(sample())),
  });
  expect(response.status).toBe(200);
  expect(((await response.json()) as { children: unknown[] }).children).toHaveLength(26);
}

describe("the image's content", () => {
  let dir: string;
  let server: RunningServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "couponkill-image-"));
    // `npm run bundle`, with the output in the temporary folder.
    const script = JSON.parse(readText("package.json")).scripts.bundle as string;
    const flags = script.match(/--(?:bundle|platform|format|target)\S*/g) ?? [];
    const banner = /"--banner:js=([^"]+)"/.exec(script)?.[1] ?? "";
    execFileSync(repoPath("node_modules/.bin/esbuild"), [repoPath("src/main.ts"), ...flags, `--banner:js=${banner}`, `--outfile=${join(dir, "app/couponkill-hook.mjs")}`], {
      stdio: "pipe",
    });
    server = await startServerProcess({}, { entry: join(dir, "app/couponkill-hook.mjs"), nodeArgs: [], cwd: join(dir, "app") });
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
  });

  it("has nothing but the bundle", () => {
    expect(existsSync(join(dir, "app/node_modules"))).toBe(false);
  });

  it("starts the server and answers a sync", async () => {
    await answersSync(server);
  });
});

describe("an npm install of the package without dev dependencies", () => {
  let dir: string;
  let server: RunningServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "couponkill-package-"));
    for (const file of ["package.json", "package-lock.json"]) copyFileSync(repoPath(file), join(dir, file));
    execFileSync("npm", ["ci", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: dir, stdio: "pipe" });
    execFileSync(process.execPath, [repoPath("node_modules/typescript/bin/tsc"), "-p", repoPath("tsconfig.build.json"), "--outDir", join(dir, "dist")], { stdio: "pipe" });
    server = await startServerProcess({}, { entry: join(dir, "dist/main.js"), nodeArgs: [], cwd: dir });
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
  });

  it("has no dev dependency installed", () => {
    for (const dev of ["vitest", "typescript", "tsx", "kubernetes-models", "esbuild"]) expect(existsSync(join(dir, "node_modules", dev))).toBe(false);
  });

  it("starts the server and answers a sync", async () => {
    await answersSync(server);
  });
});
