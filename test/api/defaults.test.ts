import fc from "fast-check";
import { Value } from "@sinclair/typebox/value";
import { Type } from "@sinclair/typebox";
import { describe, expect, expectTypeOf, it } from "vitest";
import { Defaulted, compileDefaults } from "../../src/api/defaults.js";
import { SeckillSpec, type HpaSpec, type SeckillSpecInput, type ServicePort } from "../../src/api/seckill.js";
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

describe("Defaulted", () => {
  it("refuses a schema without a default, which could not make the field present", () => {
    expect(() => Defaulted(Type.Integer())).toThrow(/needs a schema with a default/);
  });

  it("keeps the field optional for users and makes it present once defaulted (checked by tsc)", () => {
    expectTypeOf<ServicePort["protocol"]>().toEqualTypeOf<"TCP" | "UDP" | "SCTP">();
    expectTypeOf<HpaSpec["minReplicas"]>().toEqualTypeOf<number>();
    expectTypeOf<NonNullable<NonNullable<SeckillSpecInput["scaling"]>["hpa"]>["minReplicas"]>().toEqualTypeOf<number | undefined>();
    expect(Defaulted(Type.Integer({ default: 1 }))).toMatchObject({ type: "integer", default: 1 });
  });
});
