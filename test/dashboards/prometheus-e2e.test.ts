// End to end: a real Prometheus scrapes an exporter that speaks the metrics contract, then
// every panel and alert query we ship is evaluated through the HTTP API and must return data.
// A query on a misspelled metric or label parses fine but comes back empty, which is
// exactly what this catches and promtool cannot.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningExporter, startExporter } from "./support/exporter";
import { TestPrometheus } from "./support/prometheus";
import { toolsOrSkip } from "../support/tools";
import { allShippedQueries, bundledEnvironments, substituteGrafanaVariables } from "./support/queries";

const START_TIMEOUT_MS = 10_000;
const SCRAPES_BEFORE_QUERYING = 4;

const SUITE = "every shipped query returns data from a real Prometheus";
const tools = toolsOrSkip(SUITE, ["prometheus"]);

describe.skipIf(!tools)(SUITE, () => {
  let exporter: RunningExporter | undefined;
  const prometheus = new TestPrometheus(tools?.prometheus ?? "prometheus");
  const queries = allShippedQueries();

  beforeAll(async () => {
    const replicas = bundledEnvironments().flatMap((env) =>
      env.regions.map((region) => ({ environment: env.name, region: region.name, replicas: region.replicas })),
    );
    exporter = await startExporter(replicas);
    await prometheus.start(exporter.hostPort, START_TIMEOUT_MS);
    await prometheus.waitForScrapes(SCRAPES_BEFORE_QUERYING, START_TIMEOUT_MS);
  }, 30_000);

  afterAll(async () => {
    await prometheus.stop();
    await exporter?.close();
  });

  it("covers panels and alerts of every environment", () => {
    expect(queries.filter((q) => q.kind === "panel").length).toBeGreaterThanOrEqual(2 * 13);
    expect(queries.filter((q) => q.kind === "alert").length).toBeGreaterThanOrEqual(2 * 10);
  });

  it("would notice a query on a metric outside the contract (control)", async () => {
    const response = await prometheus.query('sum(rate(neuropilot_http_request_total{environment="production"}[1m]))');
    expect(response.status).toBe("success");
    expect(response.data?.result).toEqual([]);
  });

  it("evaluates each query to a non-empty result", async () => {
    const results = await Promise.all(
      queries.map(async (query) => {
        const expr = substituteGrafanaVariables(query.expr, query.environment);
        const response = await prometheus.query(expr);
        return { query, expr, response };
      }),
    );
    const failures = results
      .filter(({ response }) => response.status !== "success" || (response.data?.result.length ?? 0) === 0)
      .map(({ query, expr, response }) => `${query.source}: ${response.error ?? "empty result"}\n    ${expr}`);
    expect(failures, failures.join("\n")).toEqual([]);
  });

  it("keeps alerts quiet on healthy sample data (thresholds are compared the right way round)", async () => {
    const alerts = queries.filter((q) => q.kind === "alert");
    const firing: string[] = [];
    for (const alert of alerts) {
      const response = await prometheus.query(substituteGrafanaVariables(alert.expr, alert.environment));
      for (const sample of response.data?.result ?? []) {
        const value = Number(sample.value[1]);
        const threshold = alert.threshold ?? Number.NaN;
        const breached = alert.comparator === "gt" ? value > threshold : value < threshold;
        if (breached) firing.push(`${alert.source}: ${value} ${alert.comparator} ${alert.threshold}`);
      }
    }
    expect(firing, firing.join("\n")).toEqual([]);
  });
});
