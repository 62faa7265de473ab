// The objective rules evaluated by promtool's rule unit tests (`promtool test rules`) on
// synthetic series, exactly at each threshold and one step past it: the shipped PromQL of
// production's rules (alertRuleSpecs with the bundled config) with its comparator and
// threshold. The Worker's counters start at 0 and the evaluation is at the last sample, so
// increase() over the window is the raw difference (no extrapolation); the drills push one
// 1/0 sample per run and result, counted with sum_over_time. The ratios are exact.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { alertRuleSpecs } from "../../dashboards/alert-rules";
import { environmentProducers } from "../../dashboards/produced-series";
import { toolsOrSkip } from "../support/tools";
import { bundledEnvironments } from "./support/queries";

const SUITE = "objective rules under promtool test rules";
const tools = toolsOrSkip(SUITE, ["promtool"]);
const dir = mkdtempSync(join(tmpdir(), "neuropilot-objectives-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const production = bundledEnvironments().find((e) => e.name === "production")!;
const rules = alertRuleSpecs({
  environment: production.name,
  tier: production.tier,
  regions: production.regions,
  alerts: production.grafana.alerts,
  budget: production.budget,
  readReplicas: production.neon.readReplicas,
  producers: environmentProducers(production),
  objectives: production.grafana.objectives,
});
const rule = (suffix: string) => rules.find((r) => r.uid === `np-production-${suffix}`)!;

interface Case {
  name: string;
  series: Array<{ series: string; values: string }>;
  fires: boolean;
  /** When the rule is evaluated (default minute 9, the last sample of a 10-sample series). */
  evalTime?: string;
}

/** Runs one alerting rule (no pending period) against each case at minute 9. */
function promtoolTest(suffix: string, cases: Case[]): { status: number | null; output: string } {
  const spec = rule(suffix);
  const alert = `Objective_${suffix.replace(/-/g, "_")}`;
  const rulesFile = join(dir, `${suffix}.rules.yml`);
  const operator = spec.comparator === "lt" ? "<" : ">";
  writeFileSync(
    rulesFile,
    JSON.stringify({
      groups: [{ name: suffix, rules: [{ alert, expr: `(${spec.expr}) ${operator} ${spec.threshold}` }] }],
    }),
  );
  const testFile = join(dir, `${suffix}.test.yml`);
  writeFileSync(
    testFile,
    JSON.stringify({
      rule_files: [rulesFile],
      evaluation_interval: "1m",
      tests: cases.map((c) => ({
        name: c.name,
        interval: "1m",
        input_series: c.series,
        alert_rule_test: [
          { eval_time: c.evalTime ?? "9m", alertname: alert, exp_alerts: c.fires ? [{ exp_labels: {} }] : [] },
        ],
      })),
    }),
  );
  const run = spawnSync(tools?.promtool ?? "promtool", ["test", "rules", testFile], { encoding: "utf8" });
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const actions = (action: string, values: string) => ({
  series: `neuropilot_autoheal_actions_total{environment="production", region="us-east", action="${action}"}`,
  values,
});
const drills = (result: string, values: string) => ({
  series: `neuropilot_drill_runs{environment="production", drill="failover", result="${result}"}`,
  values,
});

describe.skipIf(!tools)(SUITE, () => {
  it("auto-heal success: 9 of 10 redeploys made (90 %) holds; 9 of 11 fires; none attempted stays quiet", () => {
    const result = promtoolTest("autoheal-success", [
      { name: "at 90 %", series: [actions("redeployed", "0+1x9"), actions("redeploy-failed", "0x8 1")], fires: false },
      {
        name: "below 90 %",
        series: [actions("redeployed", "0+1x9"), actions("redeploy-failed", "0x7 1 2")],
        fires: true,
      },
      // Holds and recoveries are not attempts: without a redeploy there is no value at all.
      { name: "no attempt", series: [actions("held", "0+1x9"), actions("recovered", "0+1x9")], fires: false },
    ]);
    expect(result.status, result.output).toBe(0);
  });

  it("failover success: 19 of 20 drills (95 %) holds; 19 of 21 fires; restore drills do not count", () => {
    const result = promtoolTest("failover-success", [
      // One sample a run (1 for its result, 0 for the other), one run a minute.
      {
        name: "at 95 %",
        series: [drills("success", "1x18 0"), drills("failure", "0x18 1")],
        fires: false,
        evalTime: "19m",
      },
      {
        name: "below 95 %",
        series: [drills("success", "1x18 0 0"), drills("failure", "0x18 1 1")],
        fires: true,
        evalTime: "20m",
      },
      {
        name: "restore drills only",
        series: [
          {
            series: 'neuropilot_drill_runs{environment="production", drill="restore", result="failure"}',
            values: "1x9",
          },
        ],
        fires: false,
      },
    ]);
    expect(result.status, result.output).toBe(0);
  });

  it("MTTR: the latest drill at 300 s holds, at 301 s fires, and a later fast drill clears it", () => {
    const mttr = (values: string) => [
      { series: 'neuropilot_drill_recovery_seconds{environment="production"}', values },
    ];
    const result = promtoolTest("mttr", [
      { name: "at 300 s", series: mttr("300"), fires: false },
      { name: "past 300 s", series: mttr("301"), fires: true },
      { name: "slow then fast", series: mttr("900 _x7 120"), fires: false },
    ]);
    expect(result.status, result.output).toBe(0);
  });

  it("a wrong expectation fails (the check is real)", () => {
    const result = promtoolTest("mttr", [
      {
        name: "claims 301 s holds",
        series: [{ series: 'neuropilot_drill_recovery_seconds{environment="production"}', values: "301" }],
        fires: false,
      },
    ]);
    expect(result.status).not.toBe(0);
  });
});
