// The produced-series cross-check: every metric selector of every dashboard panel and
// alert rule, read back from synthesised Terraform JSON, must name a series that the
// backend's metrics contract or the auto-heal Worker's telemetry produces, with labels that
// series carries. A panel reading an orphan series shows "No data" forever and an alert on
// one never fires; this catches both before apply.
import { describe, expect, it } from "vitest";
import { PRODUCED_SERIES, producerOf } from "../../dashboards/produced-series";
import { vectorSelectors } from "../../dashboards/promql";
import { WORKER_METRICS } from "../../workers/autoheal/src/telemetry/metrics";
import { allShippedQueries, type ShippedQuery } from "./support/queries";

/** Problems of one query: orphan series, and matchers on labels the series does not carry. */
export function orphanProblems(query: Pick<ShippedQuery, "source" | "expr">): string[] {
  const problems: string[] = [];
  const selectors = vectorSelectors(query.expr);
  if (selectors.length === 0) problems.push(`${query.source}: no metric selector`);
  for (const { metric, matchers } of selectors) {
    const produced = producerOf(metric);
    if (!produced) {
      problems.push(`${query.source}: ${metric || "{…}"} is produced by neither the backend nor the Worker`);
      continue;
    }
    for (const [, label] of matchers.matchAll(/(\w+)\s*(?:=~|!~|!=|=)/g)) {
      if (!produced.labels.includes(label)) problems.push(`${query.source}: ${metric} has no label ${label}`);
    }
  }
  return problems;
}

const queries = allShippedQueries();
const bySource = (pattern: RegExp) => queries.filter((q) => pattern.test(q.source));
const producersOf = (list: ShippedQuery[]) =>
  new Set(list.flatMap((q) => vectorSelectors(q.expr).map((s) => producerOf(s.metric)?.producer)));

describe("produced-series cross-check", () => {
  it("reads no series that neither the backend nor the Worker produces", () => {
    const problems = queries.flatMap(orphanProblems);
    expect(problems, problems.join("\n")).toEqual([]);
  });

  it("catches an orphan selector and a label the series lacks (control)", () => {
    expect(orphanProblems({ source: "q", expr: 'sum(neuropilot_made_up_usd{environment="x"})' })).toEqual([
      "q: neuropilot_made_up_usd is produced by neither the backend nor the Worker",
    ]);
    expect(
      orphanProblems({ source: "q", expr: 'sum(neuropilot_estimated_monthly_cost_usd{environment="x", region="y"})' }),
    ).toEqual(["q: neuropilot_estimated_monthly_cost_usd has no label region"]);
  });

  it("lists each series once, and every Worker metric is read by some panel or rule", () => {
    expect(new Set(PRODUCED_SERIES.map((s) => s.series)).size).toBe(PRODUCED_SERIES.length);
    const read = new Set(queries.flatMap((q) => vectorSelectors(q.expr).map((s) => s.metric)));
    expect(WORKER_METRICS.map((m) => m.name).filter((name) => !read.has(name))).toEqual([]);
  });

  it("reads cost, availability and auto-heal actions from the Worker, measured outside the backend", () => {
    expect(producersOf(bySource(/panel "Estimated monthly cost"|alert ".*cost above/))).toEqual(
      new Set(["autoheal-worker"]),
    );
    // Production only: staging runs no Worker, so no cost rules (test/dashboards/alert-producers.test.ts).
    expect(bySource(/alert ".*cost above/).length).toBe(2);
    expect(producersOf(bySource(/panel "Availability by region"/))).toEqual(new Set(["autoheal-worker"]));
    expect(bySource(/panel "Uptime by region"/)).toEqual([]);
    expect(producersOf(bySource(/panel "Auto-heal actions/))).toContain("autoheal-worker");
  });
});
