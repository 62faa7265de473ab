import { TerraformVariable, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { EnvironmentMonitoring } from "../../../constructs/grafana/environment-monitoring";
import { GrafanaFoundation } from "../../../constructs/grafana/grafana-foundation";
import { loadEnvironments } from "../../../config/load";
import type { EnvironmentConfig } from "../../../config/schema";
import { type BundledInputs, bundledInputs, sourcesOf } from "../../support/configs";
import {
  dashboardOf,
  modelOf,
  rulesOf,
  type SynthesizedTerraform,
  synthMonitoring,
  TEST_DATASOURCE_UID,
  TEST_FOLDER_UID,
} from "../../dashboards/support/queries";
import { environmentProducers } from "../../../dashboards/produced-series";

function environmentsAfter(mutate: (inputs: BundledInputs) => void = () => undefined): EnvironmentConfig[] {
  const inputs = bundledInputs();
  mutate(inputs);
  return loadEnvironments(sourcesOf(inputs));
}

function production(mutate?: (inputs: BundledInputs) => void): EnvironmentConfig {
  const env = environmentsAfter(mutate).find((e) => e.name === "production");
  if (!env) throw new Error("no production environment");
  return env;
}

function synthFoundation(config: EnvironmentConfig): SynthesizedTerraform {
  return JSON.parse(
    Testing.synthScope((scope) => {
      const secret = (name: string): string =>
        new TerraformVariable(scope, name, { type: "string", sensitive: true }).stringValue;
      new GrafanaFoundation(scope, "grafana", {
        prometheus: {
          url: config.grafana.prometheusUrl,
          user: config.grafana.prometheusUser,
          password: secret("grafana_prometheus_password"),
        },
        slackWebhookUrl: secret("slack_webhook_url"),
        pagerDutyIntegrationKey: secret("pagerduty_integration_key"),
        emailDigestTo: config.grafana.emailDigestTo,
      });
    }),
  ) as SynthesizedTerraform;
}

function only(synth: SynthesizedTerraform, type: string): Record<string, unknown> {
  const resources = Object.values(synth.resource?.[type] ?? {});
  expect(resources, type).toHaveLength(1);
  return resources[0];
}

interface PolicyRoute {
  contact_point: string;
  continue?: boolean;
  matcher: Array<{ label: string; match: string; value: string }>;
  group_by?: string[];
  group_interval?: string;
  repeat_interval?: string;
}

describe("GrafanaFoundation", () => {
  const config = production();
  const synth = synthFoundation(config);
  const contactPoints = synth.resource?.grafana_contact_point ?? {};
  const contactPointRef = (kind: string): string => {
    const [id] = Object.entries(contactPoints).find(([, cp]) => kind in cp) ?? [];
    return `\${grafana_contact_point.${id}.name}`;
  };

  it("creates the folder and a Prometheus data source from config with basic auth", () => {
    expect(only(synth, "grafana_folder")).toMatchObject({ uid: "neuropilot", title: "NeuroPilot" });
    const ds = only(synth, "grafana_data_source");
    expect(ds).toMatchObject({
      type: "prometheus",
      uid: "neuropilot-prometheus",
      url: config.grafana.prometheusUrl,
      basic_auth_enabled: true,
      basic_auth_username: config.grafana.prometheusUser,
    });
    // The password only ever appears as a reference to the sensitive variable.
    expect(ds.secure_json_data_encoded).toBe('${jsonencode({"basicAuthPassword" = var.grafana_prometheus_password})}');
    expect(synth.variable?.grafana_prometheus_password).toMatchObject({ sensitive: true });
  });

  it("has Slack, PagerDuty and e-mail contact points fed by variables and config", () => {
    const byKind = (kind: string): Record<string, unknown> => {
      const cp = Object.values(contactPoints).find((c) => kind in c);
      expect(cp, kind).toBeDefined();
      return (cp?.[kind] as Array<Record<string, unknown>>)[0];
    };
    expect(Object.keys(contactPoints)).toHaveLength(3);
    expect(byKind("slack").url).toBe("${var.slack_webhook_url}");
    expect(byKind("pagerduty").integration_key).toBe("${var.pagerduty_integration_key}");
    expect(byKind("email").addresses).toEqual(config.grafana.emailDigestTo);
  });

  it("routes critical to PagerDuty and Slack, warning to Slack, and everything to a daily e-mail digest", () => {
    const policy = only(synth, "grafana_notification_policy");
    expect(policy.contact_point).toBe(contactPointRef("slack"));
    const routes = policy.policy as PolicyRoute[];
    const routesFor = (severity: string): PolicyRoute[] => {
      // Alertmanager semantics: routes in order; stop at the first match without `continue`.
      const matched: PolicyRoute[] = [];
      for (const route of routes) {
        const matches = route.matcher.every((m) =>
          m.match === "=" ? severity === m.value : new RegExp(`^(?:${m.value})$`).test(severity),
        );
        if (!matches) continue;
        matched.push(route);
        if (!route.continue) break;
      }
      return matched;
    };
    expect(routesFor("critical").map((r) => r.contact_point)).toEqual([
      contactPointRef("pagerduty"),
      contactPointRef("slack"),
      contactPointRef("email"),
    ]);
    expect(routesFor("warning").map((r) => r.contact_point)).toEqual([
      contactPointRef("slack"),
      contactPointRef("email"),
    ]);
    expect(routesFor("info").map((r) => r.contact_point)).toEqual([contactPointRef("email")]);
    const digest = routes[routes.length - 1];
    expect(digest).toMatchObject({ group_by: ["environment"], group_interval: "24h", repeat_interval: "24h" });
  });

  it("writes no secret literal", () => {
    const text = JSON.stringify(synth);
    expect(text).not.toMatch(/hooks\.slack\.com|glc_|basicAuthPassword"\s*[:=]\s*"[^$]/);
    for (const name of ["slack_webhook_url", "pagerduty_integration_key", "grafana_prometheus_password"]) {
      expect(synth.variable?.[name]).toMatchObject({ sensitive: true });
      expect(synth.variable?.[name]).not.toHaveProperty("default");
    }
  });
});

describe("EnvironmentMonitoring", () => {
  const config = production();
  const synth = synthMonitoring(config);
  const dashboard = dashboardOf(synth);
  const rules = rulesOf(synth);

  it("puts one dashboard per environment in the folder, with a stable uid and the environment as a constant", () => {
    expect(only(synth, "grafana_dashboard")).toMatchObject({ folder: TEST_FOLDER_UID, overwrite: true });
    expect(dashboard.uid).toBe("neuropilot-production");
    expect(dashboardOf(synthMonitoring(environmentsAfter()[0])).uid).toBe("neuropilot-staging");
    const environment = dashboard.templating.list.find((v) => v.name === "environment");
    expect(environment).toMatchObject({ type: "constant", query: "production" });
    const region = dashboard.templating.list.find((v) => v.name === "region");
    expect(region).toMatchObject({ type: "custom", query: "us-east,us-west" });
    for (const target of dashboard.panels.flatMap((p) => p.targets)) {
      expect(target.expr).toContain('environment="$environment"');
    }
  });

  it("has the seeds' eight panels plus cost", () => {
    expect(dashboard.panels.length).toBeGreaterThanOrEqual(9);
    const titles = dashboard.panels.map((p) => p.title).join(" | ");
    for (const expected of [
      /Request rate/,
      /Latency p50 \/ p95 \/ p99/,
      /Error rate/,
      /5xx by route/,
      /DB query latency/,
      /DB pool saturation/,
      /Cache hit ratio/,
      /Auto-heal actions and restarts/,
      /Health by region/,
      // The seeds' "uptime by region", measured from outside the backend (issue 18).
      /Availability by region/,
      /monthly cost/,
    ]) {
      expect(titles).toMatch(expected);
    }
    const latency = dashboard.panels.find((p) => p.title.startsWith("Latency"));
    expect(latency?.targets.map((t) => t.expr.match(/histogram_quantile\(([\d.]+)/)?.[1])).toEqual([
      "0.5",
      "0.95",
      "0.99",
    ]);
  });

  it("gives every rule severity and environment labels, annotations and a Prometheus → reduce → threshold pipeline", () => {
    expect(rules.length).toBeGreaterThanOrEqual(10);
    for (const rule of rules) {
      expect(["critical", "warning"]).toContain(rule.labels.severity);
      expect(rule.labels.environment).toBe("production");
      expect(rule.annotations.summary).toBeTruthy();
      expect(rule.annotations.description).toBeTruthy();
      expect(rule.annotations.runbook_url).toMatch(/^https:\/\/.+#[a-z0-9-]+$/);
      expect(rule.annotations.__dashboardUid__).toBe(dashboard.uid);
      expect(dashboard.panels.map((p) => String(p.id))).toContain(rule.annotations.__panelId__);
      expect(rule.uid.length).toBeLessThanOrEqual(40);
      expect(rule.condition).toBe("C");
      expect(rule.data.map((d) => [d.ref_id, d.datasource_uid])).toEqual([
        ["A", TEST_DATASOURCE_UID],
        ["B", "__expr__"],
        ["C", "__expr__"],
      ]);
      expect(modelOf(rule, "A")).toMatchObject({ refId: "A", instant: true });
      expect(modelOf(rule, "B")).toMatchObject({ type: "reduce", expression: "A", reducer: "last" });
      expect(modelOf(rule, "C")).toMatchObject({ type: "threshold", expression: "B" });
    }
    expect(new Set(rules.map((r) => r.uid)).size).toBe(rules.length);
  });

  it("covers latency, error rate (warning and critical), DB, replicas/scale and cost (warning and critical)", () => {
    const severities = Object.fromEntries(rules.map((r) => [r.uid.replace("np-production-", ""), r.labels.severity]));
    expect(severities).toMatchObject({
      "latency-p95": "warning",
      "error-rate-warning": "warning",
      "error-rate-critical": "critical",
      "db-query-p95": "warning",
      "db-pool-saturation": "warning",
      "cpu-scale-up": "warning",
      "replicas-us-east": "critical",
      "replicas-us-west": "critical",
      "cost-warning": "warning",
      "cost-critical": "critical",
    });
  });

  it("takes every threshold from config", () => {
    const thresholdsOf = (env: EnvironmentConfig): Record<string, number> =>
      Object.fromEntries(
        rulesOf(synthMonitoring(env)).map((rule) => {
          const condition = modelOf(rule, "C") as { conditions: Array<{ evaluator: { params: number[] } }> };
          return [rule.uid.replace(`np-${env.name}-`, ""), condition.conditions[0].evaluator.params[0]];
        }),
      );
    expect(thresholdsOf(config)).toMatchObject({
      "latency-p95": 400,
      "error-rate-warning": 1,
      "error-rate-critical": 5,
      "db-query-p95": 100,
      "db-pool-saturation": 80,
      "cpu-scale-up": 70,
      "replicas-us-east": 2,
      "replicas-us-west": 1,
      "cost-warning": 90,
      "cost-critical": 120,
    });
    const changed = production((c) => {
      Object.assign(c.production.grafana.alerts, {
        latencyP95Ms: 555,
        errorRateWarningPct: 2,
        errorRateCriticalPct: 7,
        dbQueryP95Ms: 123,
        dbPoolSaturationPct: 66,
        cpuScaleUpPct: 60,
      });
      c.production.regions[0].replicas = 3;
      c.production.budget = { warningUsd: 150, criticalUsd: 200, reason: "test: thresholds follow the budget" };
    });
    expect(thresholdsOf(changed)).toMatchObject({
      "latency-p95": 555,
      "error-rate-warning": 2,
      "error-rate-critical": 7,
      "db-query-p95": 123,
      "db-pool-saturation": 66,
      "cpu-scale-up": 60,
      "replicas-us-east": 3,
      "cost-warning": 150,
      "cost-critical": 200,
    });
    // Dashboards draw the same thresholds.
    const cost = dashboardOf(synthMonitoring(changed)).panels.find((p) => p.title.includes("cost")) as unknown as {
      fieldConfig: { defaults: { thresholds: { steps: Array<{ value: number | null }> } } };
    };
    expect(cost.fieldConfig.defaults.thresholds.steps.map((s) => s.value)).toEqual([null, 150, 200]);
  });

  it("never pages for staging: its critical conditions are raised as warnings", () => {
    const staging = environmentsAfter()[0];
    const labels = rulesOf(synthMonitoring(staging)).map((r) => r.labels);
    expect(labels.every((l) => l.severity === "warning" && l.environment === "staging")).toBe(true);
  });

  it("writes plain strings only (no Terraform interpolation inside dashboards or rules)", () => {
    const text = JSON.stringify(synth);
    expect(text).not.toContain("${");
    expect(text).not.toContain("%{");
  });
});

describe("EnvironmentMonitoring props", () => {
  it("can be built from a foundation in the same app", () => {
    const config = production();
    const synth = JSON.parse(
      Testing.synthScope((scope) => {
        const foundation = new GrafanaFoundation(scope, "grafana", {
          prometheus: { url: config.grafana.prometheusUrl, user: config.grafana.prometheusUser, password: "unused" },
          slackWebhookUrl: "unused",
          pagerDutyIntegrationKey: "unused",
          emailDigestTo: config.grafana.emailDigestTo,
        });
        new EnvironmentMonitoring(scope, "monitoring", {
          environment: config.name,
          tier: config.tier,
          regions: config.regions,
          alerts: config.grafana.alerts,
          budget: config.budget,
          readReplicas: config.neon.readReplicas,
          producers: environmentProducers(config),
          objectives: config.grafana.objectives,
          slo: config.grafana.slo,
          runbookUrl: config.grafana.runbookUrl,
          folderUid: foundation.folderUid,
          datasourceUid: foundation.datasourceUid,
        });
      }),
    ) as SynthesizedTerraform;
    for (const panel of dashboardOf(synth).panels) {
      expect(panel.datasource).toEqual({ type: "prometheus", uid: "neuropilot-prometheus" });
      for (const target of panel.targets) expect(target.datasource.uid).toBe("neuropilot-prometheus");
    }
    for (const rule of rulesOf(synth)) expect(rule.data[0].datasource_uid).toBe("neuropilot-prometheus");
    expect(only(synth, "grafana_dashboard").folder).toBe("neuropilot");
  });
});
