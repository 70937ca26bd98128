import { describe, expect, it } from "vitest";
import { durationSeconds } from "../../src/render/sales.js";
import { sync } from "../../src/render/sync.js";
import { fixedClock, named, requestFor, sample, type Json } from "../support/fixtures.js";

const SALE = "samples/seckill-sale.yaml";
// double-11: warm-up 2026-11-10T15:30Z, start 16:00Z, end 18:00Z; double-12: warm-up 2026-12-11T15:50Z.
const at = (time: string, seckill: Json = sample(SALE)) => sync(requestFor(seckill), fixedClock(new Date(time)));
const hpa = (response: ReturnType<typeof at>, short: string) => named(response.children, "HorizontalPodAutoscaler", `couponkill-sale-${short}`)?.spec;
const scaledObject = (response: ReturnType<typeof at>) => named(response.children, "ScaledObject", "couponkill-sale-go")?.spec;
const replicas = (response: ReturnType<typeof at>, short: string) => named(response.children, "Deployment", `couponkill-sale-${short}`)?.spec.replicas;

describe("durationSeconds", () => {
  it.each([
    ["10m", 600],
    ["1h30m", 5400],
    ["45s", 45],
    ["2h", 7200],
  ])("reads %s as %i seconds", (text, seconds) => {
    expect(durationSeconds(text)).toBe(seconds);
  });

  it("rejects what is not a duration", () => {
    expect([durationSeconds(""), durationSeconds("10"), durationSeconds("1d")]).toEqual([undefined, undefined, undefined]);
  });
});

describe("before a sale's warm-up", () => {
  const response = at("2026-11-10T12:00:00Z");

  it("applies the spec's own autoscaler bounds", () => {
    expect(hpa(response, "gateway")).toMatchObject({ minReplicas: 1, maxReplicas: 10 });
    expect(scaledObject(response)).toMatchObject({ minReplicaCount: 1, maxReplicaCount: 10 });
  });

  it("shows the sale as Upcoming, changing at the warm-up", () => {
    expect(response.status.sale).toEqual({ name: "double-11", phase: "Upcoming", nextChange: "2026-11-10T15:30:00Z" });
  });

  it("asks to be called back when the warm-up starts", () => {
    expect(response.resyncAfterSeconds).toBe(3.5 * 3600);
  });
});

describe("during a sale's warm-up", () => {
  const response = at("2026-11-10T15:45:00Z");

  it("raises each listed autoscaler's minimum to the sale's", () => {
    expect(hpa(response, "order")).toMatchObject({ minReplicas: 8, maxReplicas: 10 });
  });

  it("leaves unlisted services alone", () => {
    expect(hpa(response, "coupon")).toMatchObject({ minReplicas: 1, maxReplicas: 10 });
  });

  it("raises a maximum that the sale's minimum would not fit under, and says so in status", () => {
    expect(hpa(response, "gateway")).toMatchObject({ minReplicas: 20, maxReplicas: 20 });
    expect(scaledObject(response)).toMatchObject({ minReplicaCount: 30, maxReplicaCount: 30 });
    expect(response.status.sale?.message).toContain("raised the maxReplicaCount of goService from 10 to 30");
  });

  it("adds the pods at once instead of waiting for the autoscaler", () => {
    expect([replicas(response, "go"), replicas(response, "gateway"), replicas(response, "order")]).toEqual([30, 20, 8]);
  });

  it("shows WarmingUp, and asks to be called back at the start, when it turns Live", () => {
    expect(response.status.sale).toMatchObject({ name: "double-11", phase: "WarmingUp", nextChange: "2026-11-10T16:00:00Z" });
    expect(response.resyncAfterSeconds).toBe(15 * 60);
  });

  it("reports that the listed services are not at their minimum ready replicas yet", () => {
    expect(response.status.conditions).toContainEqual(
      expect.objectContaining({ type: "SaleCapacityReady", status: "False", reason: "BelowSaleMinimum", message: expect.stringContaining("gatewayService 0/20 ready") }),
    );
  });
});

describe("while a sale is live", () => {
  it("shows Live, changing at the end", () => {
    expect(at("2026-11-10T17:00:00Z").status.sale).toMatchObject({ phase: "Live", nextChange: "2026-11-10T18:00:00Z" });
  });

  it("runs a service without an autoscaler at least at the sale's minimum", () => {
    const seckill = sample(SALE);
    delete seckill.spec.scaling;
    expect(replicas(at("2026-11-10T17:00:00Z", seckill), "gateway")).toBe(20);
    expect(replicas(at("2026-11-10T19:00:00Z", seckill), "gateway")).toBe(1);
  });

  it("takes the larger minimum where windows overlap", () => {
    const seckill = sample(SALE);
    seckill.spec.sales.push({ name: "midnight-flash", start: "2026-11-10T16:30:00Z", end: "2026-11-10T17:00:00Z", minReplicas: { orderService: 9, gatewayService: 5 } });
    const response = at("2026-11-10T16:45:00Z", seckill);
    expect(hpa(response, "order")).toMatchObject({ minReplicas: 9 });
    expect(hpa(response, "gateway")).toMatchObject({ minReplicas: 20 });
  });
});

describe("after a sale", () => {
  const response = at("2026-11-10T18:00:00Z");

  it("restores the spec's own values", () => {
    expect(hpa(response, "gateway")).toMatchObject({ minReplicas: 1, maxReplicas: 10 });
    expect(scaledObject(response)).toMatchObject({ minReplicaCount: 1, maxReplicaCount: 10 });
  });

  it("moves on to the next sale", () => {
    expect(response.status.sale).toEqual({ name: "double-12", phase: "Upcoming", nextChange: "2026-12-11T15:50:00Z" });
  });

  it("shows the last sale as Ended, and asks for no callback, once every sale is over", () => {
    const done = at("2027-01-01T00:00:00Z");
    expect(done.status.sale).toEqual({ name: "double-12", phase: "Ended" });
    expect(done.resyncAfterSeconds).toBeUndefined();
  });
});

describe("across a whole window, following resyncAfterSeconds", () => {
  it("is called back exactly at each boundary and changes the minimums there", () => {
    let now = new Date("2026-11-10T09:00:00Z");
    const seen: [string, string | undefined, number][] = [];
    for (let step = 0; step < 5; step += 1) {
      const response = at(now.toISOString());
      seen.push([now.toISOString(), response.status.sale?.phase, hpa(response, "gateway")?.minReplicas]);
      now = new Date(now.getTime() + (response.resyncAfterSeconds ?? 0) * 1000);
    }
    expect(seen).toEqual([
      ["2026-11-10T09:00:00.000Z", "Upcoming", 1],
      ["2026-11-10T15:30:00.000Z", "WarmingUp", 20],
      ["2026-11-10T16:00:00.000Z", "Live", 20],
      ["2026-11-10T18:00:00.000Z", "Upcoming", 1],
      ["2026-12-11T15:50:00.000Z", "WarmingUp", 10],
    ]);
  });
});

describe("invalid sales", () => {
  const statusOf = (edit: (spec: Json) => void) => {
    const seckill = sample(SALE);
    edit(seckill.spec);
    return sync(requestFor(seckill), fixedClock()).status;
  };
  const specValid = (status: ReturnType<typeof statusOf>) => status.conditions?.find((c) => c.type === "SpecValid")?.message;

  it("rejects an end before the start, naming the field", () => {
    expect(specValid(statusOf((spec) => (spec.sales[0].end = "2026-11-10T00:00:00+08:00")))).toContain(
      "spec.sales[0].end: (2026-11-10T00:00:00+08:00) must be after start (2026-11-11T00:00:00+08:00)",
    );
  });

  it("rejects an unknown service", () => {
    expect(specValid(statusOf((spec) => (spec.sales[1].minReplicas.gateway = 3)))).toContain("spec.sales[1].minReplicas.gateway: is not a service");
  });

  it("rejects a repeated sale name", () => {
    expect(specValid(statusOf((spec) => (spec.sales[1].name = "double-11")))).toContain('spec.sales[1].name: sale "double-11" is repeated');
  });

  it("rejects a time without a time zone", () => {
    expect(specValid(statusOf((spec) => (spec.sales[0].start = "2026-11-11 00:00")))).toContain("spec.sales[0].start");
  });
});
