// Every shipped PromQL expression parses with Prometheus' own grammar, on every machine
// (promtool.test.ts adds promtool's semantic checks where the binary is installed).
import { describe, expect, it } from "vitest";
import { promqlSyntaxErrors } from "./support/promql-syntax";
import { allShippedQueries, substituteGrafanaVariables } from "./support/queries";

describe("PromQL syntax (lezer-promql, in-process)", () => {
  const queries = allShippedQueries();

  it("checks panels and alerts of every environment", () => {
    expect(queries.filter((q) => q.kind === "panel").length).toBeGreaterThanOrEqual(2 * 13);
    expect(queries.filter((q) => q.kind === "alert").length).toBeGreaterThanOrEqual(2 * 10);
  });

  it("parses every shipped expression (alerts with their threshold, panels with Grafana variables substituted)", () => {
    const failures = queries.flatMap((query) => {
      const expr = substituteGrafanaVariables(query.expr, query.environment);
      const full =
        query.kind === "alert" ? `(${expr}) ${query.comparator === "lt" ? "<" : ">"} ${query.threshold}` : expr;
      return promqlSyntaxErrors(full).map((error) => `${query.source} at ${error.at}:\n${error.excerpt}`);
    });
    expect(failures, failures.join("\n")).toEqual([]);
  });

  it("accepts a valid expression", () => {
    expect(promqlSyntaxErrors('sum by (region) (rate(http_requests_total{job="api"}[5m])) > 0.5')).toEqual([]);
  });

  it.each([
    ["an unclosed grouping", "sum by (region (rate(x[5m]))"],
    ["a missing range duration", "rate(x[])"],
    ["a dangling operator", "sum(x) >"],
    ["an unbalanced brace", 'x{job="api"'],
    ["an empty expression", ""],
  ])("rejects %s", (_label, expr) => {
    expect(promqlSyntaxErrors(expr).length).toBeGreaterThan(0);
  });
});
