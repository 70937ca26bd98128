import { describe, expect, it } from "vitest";
import { sync } from "../../src/render/sync.js";
import { ORIGINAL, byKind, controllerWithout, fixedClock, named, requestFor, sample, syncSample } from "../support/fixtures.js";

describe("monitoring", () => {
  it("annotates pods for Prometheus scraping when Prometheus is on", () => {
    const deployment = named(syncSample().children, "Deployment", `${ORIGINAL}-go`);
    expect(deployment?.spec.template.metadata.annotations).toMatchObject({
      "prometheus.io/scrape": "true",
      "prometheus.io/port": "8080",
      "prometheus.io/path": "/metrics",
    });
  });

  it("adds no scrape annotations when monitoring is off", () => {
    const seckill = sample();
    seckill.spec.monitoring.enabled = false;
    const deployment = named(syncSample(seckill).children, "Deployment", `${ORIGINAL}-go`);
    expect(deployment?.spec.template.metadata.annotations).toBeUndefined();
  });

  it("creates a ServiceMonitor per service on its first port", () => {
    const monitor = named(syncSample().children, "ServiceMonitor", `${ORIGINAL}-gateway`);
    expect(monitor?.spec).toEqual({
      selector: { matchLabels: { "app.kubernetes.io/name": "couponkill", "app.kubernetes.io/instance": ORIGINAL, "app.kubernetes.io/component": "gateway" } },
      namespaceSelector: { matchNames: ["couponkill"] },
      endpoints: [{ port: "http", path: "/metrics", interval: "30s" }],
    });
  });

  it("skips ServiceMonitors and says why when prometheus-operator is not registered", () => {
    const response = sync(requestFor(sample(), [], controllerWithout("servicemonitors")), fixedClock());
    expect(byKind(response.children, "ServiceMonitor")).toEqual([]);
    expect(response.status.conditions).toContainEqual(
      expect.objectContaining({ type: "MonitoringReady", status: "False", reason: "ServiceMonitorsNotRegistered" }),
    );
  });

  it("creates a Grafana dashboard ConfigMap labelled for the dashboard sidecar", () => {
    const dashboard = named(syncSample().children, "ConfigMap", `${ORIGINAL}-dashboard`);
    expect(dashboard?.metadata.labels.grafana_dashboard).toBe("1");
    const json = JSON.parse(Object.values(dashboard?.data as Record<string, string>)[0] ?? "{}");
    expect(json.panels.map((panel: { title: string }) => panel.title)).toEqual([
      "Ready services",
      "Replicas per service",
      "Ready replicas per service",
      "CPU per service",
      "Autoscaler targets",
      "Kafka consumer lag",
    ]);
  });

  it("leaves Kafka lag off the dashboard without KEDA", () => {
    const seckill = sample();
    seckill.spec.scaling.keda.enabled = false;
    const dashboard = named(syncSample(seckill).children, "ConfigMap", `${ORIGINAL}-dashboard`);
    expect(Object.values(dashboard?.data as Record<string, string>)[0]).not.toContain("Kafka consumer lag");
  });

  it("creates no dashboard when Grafana is off", () => {
    const seckill = sample();
    seckill.spec.monitoring.grafanaEnabled = false;
    expect(named(syncSample(seckill).children, "ConfigMap", `${ORIGINAL}-dashboard`)).toBeUndefined();
  });
});
