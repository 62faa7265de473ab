// Real `terraform validate` and `plan` of the observability constructs against the
// offline schema providers (offline-provider): every attribute, block shape and
// type we emit must be accepted by Terraform itself for grafana/grafana and jianyuan/sentry.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformOutput, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { afterAll, describe, expect, it } from "vitest";
import { GrafanaProvider } from "../../.gen/providers/grafana/provider";
import { SentryProvider } from "../../.gen/providers/sentry/provider";
import { EnvironmentMonitoring } from "../../constructs/grafana/environment-monitoring";
import { GrafanaFoundation } from "../../constructs/grafana/grafana-foundation";
import { SentryEnvironment } from "../../constructs/sentry/sentry-environment";
import { SentryProjects } from "../../constructs/sentry/sentry-projects";
import { planOffline } from "../../offline-provider/plan-offline";
import { bundledEnvironments } from "../dashboards/support/queries";
import { toolsOrSkip } from "../support/tools";
import { environmentProducers } from "../../dashboards/produced-series";

const TIMEOUT = 120_000;
const scratch = mkdtempSync(join(tmpdir(), "neuropilot-observability-tf-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Everything the observability module declares, for production, in one stack. */
function observabilityStack(): string {
  const production = bundledEnvironments().find((e) => e.tier === "production");
  if (!production) throw new Error("no production environment");
  const stack = new TerraformStack(Testing.app() as App, "observability");
  new GrafanaProvider(stack, "grafana-provider", { url: production.grafana.url });
  new SentryProvider(stack, "sentry-provider", {});
  const secret = (name: string): string =>
    new TerraformVariable(stack, name, { type: "string", sensitive: true }).stringValue;

  const grafana = new GrafanaFoundation(stack, "grafana-foundation", {
    prometheus: {
      url: production.grafana.prometheusUrl,
      user: production.grafana.prometheusUser,
      password: secret("grafana_prometheus_password"),
    },
    slackWebhookUrl: secret("slack_webhook_url"),
    pagerDutyIntegrationKey: secret("pagerduty_integration_key"),
    emailDigestTo: production.grafana.emailDigestTo,
  });
  new EnvironmentMonitoring(stack, "monitoring", {
    environment: production.name,
    tier: production.tier,
    regions: production.regions,
    alerts: production.grafana.alerts,
    budget: production.budget,
    readReplicas: production.neon.readReplicas,
    producers: environmentProducers(production),
    objectives: production.grafana.objectives,
    slo: production.grafana.slo,
    runbookUrl: production.grafana.runbookUrl,
    folderUid: grafana.folderUid,
    datasourceUid: grafana.datasourceUid,
  });

  const sentry = production.sentry;
  const projects = new SentryProjects(stack, "sentry-projects", {
    organization: sentry.organization,
    team: sentry.team,
    backendProject: sentry.backendProject,
    frontendProject: sentry.frontendProject,
    githubIntegration: sentry.githubIntegration,
    repositories: [production.railway.backend.repo],
  });
  const env = new SentryEnvironment(stack, "sentry-production", {
    organization: sentry.organization,
    environment: production.name,
    backendProject: projects.backendProjectSlug,
    frontendProject: projects.frontendProjectSlug,
    alerting: {
      slack: sentry.slackWorkspace ? { workspace: sentry.slackWorkspace, channel: sentry.alertChannel } : null,
      thresholds: sentry.alerts,
      ownerTeamId: projects.team.internalId,
    },
  });
  new TerraformOutput(stack, "backend_dsn", { value: env.backendDsn, sensitive: true });
  new TerraformOutput(stack, "frontend_dsn", { value: env.frontendDsn, sensitive: true });

  const dir = join(scratch, "observability");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "cdk.tf.json"), Testing.synth(stack));
  return dir;
}

const SUITE = "observability constructs under real terraform (offline providers)";

describe.skipIf(!toolsOrSkip(SUITE, ["terraform"]))(SUITE, () => {
  it(
    "validate and plan cleanly",
    async () => {
      const plan = await planOffline(observabilityStack());
      const errors = plan.validate.diagnostics.filter((d) => d.severity === "error");
      expect(errors.map((d) => `${d.summary}: ${d.detail ?? ""}`)).toEqual([]);
      expect(plan.validate.valid).toBe(true);
      const changes = (
        (plan.planJson as { resource_changes?: Array<{ type: string; mode: string }> }).resource_changes ?? []
      ).filter((c) => c.mode === "managed");
      const types = new Set(changes.map((c) => c.type));
      for (const type of [
        "grafana_folder",
        "grafana_data_source",
        "grafana_contact_point",
        "grafana_notification_policy",
        "grafana_dashboard",
        "grafana_rule_group",
        "sentry_team",
        "sentry_project",
        "sentry_organization_repository",
        "sentry_key",
        "sentry_metric_monitor",
        "sentry_alert",
      ]) {
        expect(types, type).toContain(type);
      }
    },
    TIMEOUT,
  );
});
