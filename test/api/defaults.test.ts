import fc from "fast-check";
import { Value } from "@sinclair/typebox/value";
import { describe, expect, it } from "vitest";
import { compileDefaults } from "../../src/api/defaults.js";
import { SeckillSpec } from "../../src/api/seckill.js";
import { validSeckill } from "../support/arbitraries.js";
import { sample } from "../support/fixtures.js";

const withDefaults = compileDefaults(SeckillSpec);

describe("compileDefaults", () => {
  it.each(["samples/seckill.yaml", "samples/seckill-minimal.yaml", "samples/seckill-no-autoscaling.yaml"])(
    "fills in %s exactly as TypeBox's Value.Default does",
    (file) => {
      const spec = sample(file).spec;
      expect(withDefaults(structuredClone(spec))).toEqual(Value.Default(SeckillSpec, structuredClone(spec)));
    },
  );

  it("agrees with Value.Default on any generated spec", () => {
    fc.assert(
      fc.property(validSeckill, ({ spec }) => {
        expect(withDefaults(structuredClone(spec))).toEqual(Value.Default(SeckillSpec, structuredClone(spec)));
      }),
      { numRuns: 200 },
    );
  });

  it("leaves values that are present alone", () => {
    expect(withDefaults({ services: { goService: { image: "go:1", replicas: 0, enabled: false } } })).toMatchObject({
      services: { goService: { replicas: 0, enabled: false } },
    });
  });
});
