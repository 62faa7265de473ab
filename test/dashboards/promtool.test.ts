// Every shipped PromQL expression passes `promtool check rules`: alert queries as alerting
// rules (with their threshold), panel queries (Grafana variables substituted) as recording
// rules. Skipped (and reported at the end of the run) when promtool is missing;
// promql-syntax.test.ts parses the same expressions on every machine.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { allShippedQueries, type ShippedQuery, substituteGrafanaVariables } from "./support/queries";
import { toolsOrSkip } from "../support/tools";

const SUITE = "promtool check rules";
const tools = toolsOrSkip(SUITE, ["promtool"]);
const dir = mkdtempSync(join(tmpdir(), "neuropilot-promtool-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface PromtoolResult {
  status: number | null;
  output: string;
}

function checkRules(name: string, rules: Array<Record<string, unknown>>): PromtoolResult {
  const file = join(dir, `${name}.rules.yml`);
  // JSON is valid YAML, and promtool reads YAML.
  writeFileSync(file, JSON.stringify({ groups: [{ name, rules }] }, null, 2));
  const run = spawnSync(tools?.promtool ?? "promtool", ["check", "rules", file], { encoding: "utf8" });
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

function alertingRule(query: ShippedQuery, index: number): Record<string, unknown> {
  const operator = query.comparator === "lt" ? "<" : ">";
  return {
    alert: `NeuropilotAlert${index}`,
    expr: `(${query.expr}) ${operator} ${query.threshold}`,
    labels: { source: query.source },
  };
}

function recordingRule(query: ShippedQuery, index: number): Record<string, unknown> {
  return { record: `neuropilot:panel_query:${index}`, expr: substituteGrafanaVariables(query.expr, query.environment) };
}

describe.skipIf(!tools)(SUITE, () => {
  const queries = allShippedQueries();

  it("accepts every alert query with its threshold", () => {
    const alerts = queries.filter((q) => q.kind === "alert");
    expect(alerts.length).toBeGreaterThan(0);
    const result = checkRules("alerts", alerts.map(alertingRule));
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain(`SUCCESS: ${alerts.length} rules found`);
  });

  it("accepts every panel query with Grafana variables substituted", () => {
    const panels = queries.filter((q) => q.kind === "panel");
    expect(panels.length).toBeGreaterThan(0);
    const result = checkRules("panels", panels.map(recordingRule));
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain(`SUCCESS: ${panels.length} rules found`);
  });

  it("rejects a broken expression (the check is real)", () => {
    const result = checkRules("broken", [{ record: "neuropilot:broken", expr: "sum by (region (rate(x[5m]))" }]);
    expect(result.status).not.toBe(0);
  });
});
