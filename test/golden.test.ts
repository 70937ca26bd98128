// The original sample's rendering is committed (test/golden/seckill.yaml), so every change to what reaches
// the cluster shows in review. After an intended change: `npm run generate:golden`, then review the diff.
import { describe, expect, it } from "vitest";
import { responseToYaml } from "../src/render/manifest.js";
import { syncSample } from "./support/fixtures.js";
import { readText } from "./support/samples.js";

describe("the original sample's rendering", () => {
  it("matches the reviewed golden file", () => {
    expect(responseToYaml(syncSample())).toBe(readText("test/golden/seckill.yaml"));
  });
});
