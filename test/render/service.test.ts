import { describe, expect, it } from "vitest";
import { ORIGINAL, named, sample, syncSample } from "../support/fixtures.js";

describe("renderService", () => {
  it("exposes the service's ports under <parent>-<service>", () => {
    const service = named(syncSample().children, "Service", `${ORIGINAL}-order`);
    expect(service?.spec.ports).toEqual([{ name: "http", port: 8080, targetPort: 8080, protocol: "TCP" }]);
  });

  it("selects exactly its Deployment's pods", () => {
    const { children } = syncSample();
    const service = named(children, "Service", `${ORIGINAL}-order`);
    const deployment = named(children, "Deployment", `${ORIGINAL}-order`);
    expect(service?.spec.selector).toEqual(deployment?.spec.selector.matchLabels);
  });

  it("defaults to ClusterIP and honours serviceType", () => {
    const { children } = syncSample(sample("samples/seckill-no-autoscaling.yaml"));
    expect(named(children, "Service", "couponkill-fixed-go")?.spec.type).toBe("ClusterIP");
    expect(named(children, "Service", "couponkill-fixed-gateway")?.spec.type).toBe("LoadBalancer");
  });

  it("sends traffic to the target port", () => {
    const { children } = syncSample(sample("samples/seckill-no-autoscaling.yaml"));
    expect(named(children, "Service", "couponkill-fixed-gateway")?.spec.ports).toEqual([
      { name: "http", port: 80, targetPort: 8080, protocol: "TCP" },
    ]);
  });

  it("is left out for a service without ports", () => {
    const seckill = sample();
    delete seckill.spec.services.userService.ports;
    expect(named(syncSample(seckill).children, "Service", `${ORIGINAL}-user`)).toBeUndefined();
  });
});
