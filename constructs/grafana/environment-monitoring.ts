// Monitoring of one environment: its dashboard (built with the Grafana Foundation SDK)
// and its alert rules, in the folder and against the data source GrafanaFoundation owns.
// Routing is not decided here: rules carry `severity` and `environment` labels and the
// organization's notification policy (GrafanaFoundation) routes on them.
import { Construct } from "constructs";
import { Dashboard } from "../../.gen/providers/grafana/dashboard";
import { RuleGroup, type RuleGroupRule } from "../../.gen/providers/grafana/rule-group";
import type { EnvironmentConfig } from "../../config/schema";
import { type AlertRuleSpec, alertRuleSpecs } from "../../dashboards/alert-rules";
import { buildEnvironmentDashboard, dashboardUid } from "../../dashboards/environment-dashboard";
import type { Producer } from "../../dashboards/produced-series";
import { SEVERITY_LABEL } from "./grafana-foundation";
import { CONDITION_REF_ID, ruleData } from "./rule-data";

export interface EnvironmentMonitoringProps {
  environment: string;
  tier: EnvironmentConfig["tier"];
  /** Primary first; each region gets a "fewer replicas than configured" rule. */
  regions: ReadonlyArray<Pick<EnvironmentConfig["regions"][number], "name" | "replicas">>;
  alerts: EnvironmentConfig["grafana"]["alerts"];
  budget: EnvironmentConfig["budget"];
  /** The seeds' operational objectives (panels and alert rules). */
  objectives: EnvironmentConfig["grafana"]["objectives"];
  /** The environment's SLOs (null: none); the error-rate objective's panel needs them. */
  slo: EnvironmentConfig["grafana"]["slo"];
  /** Neon read replicas; with one, the replica-lag rule is added. */
  readReplicas: number;
  /** What produces series in the environment: rules on series none of them produces are left out. */
  producers: readonly Producer[];
  /** Page the rules' runbook_url annotations point at (each rule appends an anchor). */
  runbookUrl: string;
  /** From GrafanaFoundation (folderUid, datasourceUid). */
  folderUid: string;
  datasourceUid: string;
}

/** Evaluation interval per rule group. */
const GROUP_INTERVAL_SECONDS: Record<AlertRuleSpec["group"], number> = { service: 60, capacity: 300 };

export class EnvironmentMonitoring extends Construct {
  readonly dashboard: Dashboard;
  readonly dashboardUid: string;
  readonly ruleGroups: RuleGroup[];
  /** The rules as data (what the rule groups were built from), for tests and docs. */
  readonly rules: AlertRuleSpec[];

  constructor(scope: Construct, id: string, props: EnvironmentMonitoringProps) {
    super(scope, id);
    this.dashboardUid = dashboardUid(props.environment);

    const dashboardJson = buildEnvironmentDashboard({
      environment: props.environment,
      regions: props.regions.map((r) => r.name),
      datasourceUid: props.datasourceUid,
      alerts: props.alerts,
      budget: props.budget,
      objectives: props.objectives,
      slo: props.slo,
    });
    this.dashboard = new Dashboard(this, "dashboard", {
      folder: props.folderUid,
      configJson: JSON.stringify(dashboardJson),
      overwrite: true,
      message: "Managed by neuropilot-infra",
    });

    this.rules = alertRuleSpecs(props);
    const groups = [...new Set(this.rules.map((r) => r.group))];
    this.ruleGroups = groups.map(
      (group) =>
        new RuleGroup(this, `rules-${group}`, {
          name: `neuropilot-${props.environment}-${group}`,
          folderUid: props.folderUid,
          intervalSeconds: GROUP_INTERVAL_SECONDS[group],
          rule: this.rules.filter((r) => r.group === group).map((r) => this.toRule(r, props)),
        }),
    );
  }

  private toRule(spec: AlertRuleSpec, props: EnvironmentMonitoringProps): RuleGroupRule {
    return {
      uid: spec.uid,
      name: spec.title,
      condition: CONDITION_REF_ID,
      for: spec.pendingFor,
      // A query error is worth a look but is not the outage itself; missing data is
      // reported as NoData (Grafana raises its own DatasourceNoData alert), except for an
      // objective with no value when nothing happened: OK (grafana/grafana 4.45.1
      // grafana_rule_group rule.no_data_state: OK, NoData, KeepLast or Alerting).
      execErrState: "Error",
      noDataState: spec.noDataState ?? "NoData",
      labels: { [SEVERITY_LABEL]: spec.severity, environment: props.environment },
      annotations: {
        summary: spec.summary,
        description: spec.description,
        runbook_url: `${props.runbookUrl}#${spec.runbookAnchor}`,
        // Both must be set together; they link the alert to its panel.
        __dashboardUid__: this.dashboardUid,
        __panelId__: String(spec.panelId),
      },
      data: ruleData({
        expr: spec.expr,
        comparator: spec.comparator,
        threshold: spec.threshold,
        datasourceUid: props.datasourceUid,
      }),
    };
  }
}
