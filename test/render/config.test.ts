import { describe, expect, it } from "vitest";
import { CONFIG_CHECKSUM_ANNOTATION } from "../../src/render/config.js";
import { byKind, named, sample, syncSample } from "../support/fixtures.js";

const fixed = () => sample("samples/seckill-no-autoscaling.yaml");
const checksums = (seckill: ReturnType<typeof sample>) =>
  byKind(syncSample(seckill).children, "Deployment").map((d) => d.spec.template.metadata.annotations[CONFIG_CHECKSUM_ANNOTATION]);

describe("shared configuration", () => {
  it("renders spec.config.data into the ConfigMap <parent>-config", () => {
    const configMap = named(syncSample(fixed()).children, "ConfigMap", "couponkill-fixed-config");
    expect(configMap?.data).toEqual({ KAFKA_BOOTSTRAP_SERVERS: "broker:9092", NACOS_SERVER_ADDR: "nacos:8848" });
  });

  it("renders no ConfigMap without spec.config.data", () => {
    expect(named(syncSample().children, "ConfigMap", "couponkill-sample-config")).toBeUndefined();
  });

  it("changes every pod template's checksum when the data changes, so every service rolls", () => {
    const changed = fixed();
    changed.spec.config.data.NACOS_SERVER_ADDR = "nacos-2:8848";
    const before = checksums(fixed());
    const after = checksums(changed);
    expect(after.every((value, index) => value !== before[index])).toBe(true);
  });

  it("keeps the checksum when only the order of the keys changes", () => {
    const reordered = fixed();
    reordered.spec.config.data = Object.fromEntries(Object.entries(reordered.spec.config.data).reverse());
    expect(checksums(reordered)).toEqual(checksums(fixed()));
  });
});
