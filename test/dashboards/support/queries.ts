// Every PromQL expression the observability module ships, read back from synthesized
// Terraform JSON (dashboard config_json and rule-group models), so the tests check exactly
// what would be applied.
import { Testing } from "cdktf";
import { EnvironmentMonitoring } from "../../../constructs/grafana/environment-monitoring";
import { environmentProducers } from "../../../dashboards/produced-series";
import { loadEnvironments } from "../../../config/load";
import type { EnvironmentConfig } from "../../../config/schema";
import { bundledInputs, sourcesOf } from "../../support/configs";

export const TEST_DATASOURCE_UID = "prometheus-under-test";
export const TEST_FOLDER_UID = "folder-under-test";

export interface ShippedQuery {
  /** Where it comes from, for failure messages: `production panel "Latency…" B`. */
  source: string;
  kind: "panel" | "alert";
  environment: string;
  expr: string;
  /** Alert rules only: the threshold stage. */
  comparator?: "gt" | "lt";
  threshold?: number;
}

export interface SynthesizedTerraform {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: unknown; sensitive?: boolean }>;
  variable?: Record<string, unknown>;
}

export function bundledEnvironments(): EnvironmentConfig[] {
  return loadEnvironments(sourcesOf(bundledInputs()));
}

export function monitoringProps(config: EnvironmentConfig): ConstructorParameters<typeof EnvironmentMonitoring>[2] {
  return {
    environment: config.name,
    tier: config.tier,
    regions: config.regions,
    alerts: config.grafana.alerts,
    budget: config.budget,
    readReplicas: config.neon.readReplicas,
    objectives: config.grafana.objectives,
    slo: config.grafana.slo,
    producers: environmentProducers(config),
    runbookUrl: config.grafana.runbookUrl,
    folderUid: TEST_FOLDER_UID,
    datasourceUid: TEST_DATASOURCE_UID,
  };
}

export function synthMonitoring(config: EnvironmentConfig): SynthesizedTerraform {
  return JSON.parse(
    Testing.synthScope((scope) => {
      new EnvironmentMonitoring(scope, "monitoring", monitoringProps(config));
    }),
  ) as SynthesizedTerraform;
}

interface DashboardJson {
  uid: string;
  panels: Array<{
    id: number;
    title: string;
    type: string;
    datasource: { type: string; uid: string };
    targets: Array<{ refId: string; expr: string; datasource: { uid: string } }>;
  }>;
  templating: { list: Array<{ name: string; type: string; query: string }> };
}

interface RuleJson {
  name: string;
  uid: string;
  condition: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  data: Array<{
    ref_id: string;
    datasource_uid: string;
    model: string;
    relative_time_range: { from: number; to: number };
  }>;
}

export function dashboardOf(synth: SynthesizedTerraform): DashboardJson {
  const dashboards = Object.values(synth.resource?.grafana_dashboard ?? {});
  if (dashboards.length !== 1) throw new Error(`expected one grafana_dashboard, found ${dashboards.length}`);
  return JSON.parse(String(dashboards[0].config_json)) as DashboardJson;
}

export function rulesOf(synth: SynthesizedTerraform): RuleJson[] {
  return Object.values(synth.resource?.grafana_rule_group ?? {}).flatMap((group) => group.rule as RuleJson[]);
}

export function modelOf(rule: RuleJson, refId: string): Record<string, unknown> {
  const stage = rule.data.find((d) => d.ref_id === refId);
  if (!stage) throw new Error(`rule ${rule.name} has no stage ${refId}`);
  return JSON.parse(stage.model) as Record<string, unknown>;
}

export function shippedQueries(config: EnvironmentConfig): ShippedQuery[] {
  const synth = synthMonitoring(config);
  const panels = dashboardOf(synth).panels.flatMap((panel) =>
    panel.targets.map((target): ShippedQuery => ({
      source: `${config.name} panel "${panel.title}" ${target.refId}`,
      kind: "panel",
      environment: config.name,
      expr: target.expr,
    })),
  );
  const alerts = rulesOf(synth).map((rule): ShippedQuery => {
    const threshold = modelOf(rule, rule.condition) as {
      conditions: Array<{ evaluator: { type: "gt" | "lt"; params: number[] } }>;
    };
    const evaluator = threshold.conditions[0].evaluator;
    return {
      source: `${config.name} alert "${rule.name}"`,
      kind: "alert",
      environment: config.name,
      expr: String(modelOf(rule, "A").expr),
      comparator: evaluator.type,
      threshold: evaluator.params[0],
    };
  });
  return [...panels, ...alerts];
}

export function allShippedQueries(): ShippedQuery[] {
  return bundledEnvironments().flatMap(shippedQueries);
}

/**
 * Replaces the Grafana variables and macros our dashboards use with what Grafana would
 * send: the environment constant, the region variable's "All" value, and a fixed
 * `$__rate_interval` (Grafana computes it from the scrape interval and the time range).
 */
export function substituteGrafanaVariables(expr: string, environment: string, rateInterval = "1m"): string {
  const substituted = expr
    .replaceAll("$__rate_interval", rateInterval)
    .replaceAll("$environment", environment)
    .replaceAll("$region", ".*");
  if (substituted.includes("$")) throw new Error(`unsubstituted Grafana variable in ${substituted}`);
  return substituted;
}
