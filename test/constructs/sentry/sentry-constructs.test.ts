import { TerraformOutput, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { SentryEnvironment, type SentryEnvironmentProps } from "../../../constructs/sentry/sentry-environment";
import { SentryProjects } from "../../../constructs/sentry/sentry-projects";
import type { EnvironmentConfig } from "../../../config/schema";
import { bundledEnvironments, type SynthesizedTerraform } from "../../dashboards/support/queries";

const [staging, production] = bundledEnvironments();

function synth(build: (scope: Parameters<Parameters<typeof Testing.synthScope>[0]>[0]) => void): SynthesizedTerraform {
  return JSON.parse(Testing.synthScope(build)) as SynthesizedTerraform;
}

function resources(result: SynthesizedTerraform, type: string): Array<Record<string, unknown>> {
  return Object.values(result.resource?.[type] ?? {});
}

function dataSources(result: SynthesizedTerraform, type: string): Array<[string, Record<string, unknown>]> {
  return Object.entries(result.data?.[type] ?? {});
}

function environmentProps(config: EnvironmentConfig): SentryEnvironmentProps {
  const sentry = config.sentry;
  return {
    organization: sentry.organization,
    environment: config.name,
    backendProject: sentry.backendProject,
    frontendProject: sentry.frontendProject,
    alerting:
      config.tier === "production"
        ? {
            slack: sentry.slackWorkspace ? { workspace: sentry.slackWorkspace, channel: sentry.alertChannel } : null,
            thresholds: sentry.alerts,
          }
        : null,
  };
}

function synthEnvironment(config: EnvironmentConfig): SynthesizedTerraform {
  return synth((scope) => {
    const env = new SentryEnvironment(scope, "sentry", environmentProps(config));
    new TerraformOutput(scope, "backend_dsn", { value: env.backendDsn, sensitive: true });
    new TerraformOutput(scope, "frontend_dsn", { value: env.frontendDsn, sensitive: true });
  });
}

describe("SentryProjects", () => {
  const sentry = production.sentry;
  const result = synth((scope) => {
    new SentryProjects(scope, "sentry", {
      organization: sentry.organization,
      team: sentry.team,
      backendProject: sentry.backendProject,
      frontendProject: sentry.frontendProject,
      githubIntegration: sentry.githubIntegration,
      repositories: [production.railway.backend.repo],
    });
  });

  it("creates the team and a node backend and React frontend project owned by it", () => {
    expect(resources(result, "sentry_team")).toEqual([
      { organization: "neuropilot", name: sentry.team, slug: sentry.team },
    ]);
    const projects = resources(result, "sentry_project");
    expect(projects.map((p) => [p.slug, p.platform])).toEqual([
      [sentry.backendProject, "node"],
      [sentry.frontendProject, "javascript-react"],
    ]);
    for (const project of projects) {
      expect(project.teams).toEqual([expect.stringMatching(/^\$\{sentry_team\..+\.slug\}$/)]);
      expect(project).toMatchObject({ default_key: false, default_rules: false });
    }
  });

  it("links the repository through the organization's existing GitHub integration", () => {
    const [[id, github]] = dataSources(result, "sentry_organization_integration");
    expect(github).toMatchObject({ provider_key: "github", name: sentry.githubIntegration });
    expect(resources(result, "sentry_organization_repository")).toEqual([
      {
        organization: "neuropilot",
        integration_type: "github",
        integration_id: `\${data.sentry_organization_integration.${id}.id}`,
        identifier: "neuropilot/neuropilot-backend",
      },
    ]);
  });

  it("links nothing when config names no GitHub integration", () => {
    const none = synth((scope) => {
      new SentryProjects(scope, "sentry", {
        organization: "neuropilot",
        team: "platform",
        backendProject: "b",
        frontendProject: "f",
        githubIntegration: null,
        repositories: ["neuropilot/neuropilot-backend"],
      });
    });
    expect(resources(none, "sentry_organization_repository")).toEqual([]);
    expect(none.data).toBeUndefined();
  });
});

describe("SentryEnvironment", () => {
  it("creates one client key per project named after the environment, with sensitive public DSN outputs", () => {
    const result = synthEnvironment(staging);
    expect(resources(result, "sentry_key").map((k) => [k.project, k.name])).toEqual([
      ["neuropilot-backend", "neuropilot-backend-staging"],
      ["neuropilot-frontend", "neuropilot-frontend-staging"],
    ]);
    expect(result.output?.backend_dsn).toEqual({
      sensitive: true,
      value: expect.stringMatching(/^\$\{sentry_key\.[^.]+\.dsn\["public"\]\}$/),
    });
    expect(result.output?.frontend_dsn?.sensitive).toBe(true);
  });

  it("adds no alerts outside the production tier", () => {
    const result = synthEnvironment(staging);
    expect(resources(result, "sentry_alert")).toEqual([]);
    expect(resources(result, "sentry_metric_monitor")).toEqual([]);
  });

  describe("production", () => {
    const result = synthEnvironment(production);
    const alerts = resources(result, "sentry_alert");
    const monitors = Object.entries(result.resource?.sentry_metric_monitor ?? {});
    const [[slackId, slack]] = dataSources(result, "sentry_organization_integration");
    const slackAction = {
      slack: {
        integration_id: `\${data.sentry_organization_integration.${slackId}.id}`,
        channel_name: production.sentry.alertChannel,
        tags: "environment,level",
      },
    };

    it("alerts Slack on new issues and regressions of both projects' issue streams", () => {
      expect(slack).toMatchObject({ provider_key: "slack", name: production.sentry.slackWorkspace });
      const streams = dataSources(result, "sentry_project_issue_stream_monitor");
      expect(streams.map(([, s]) => s.project)).toEqual(["neuropilot-backend", "neuropilot-frontend"]);
      const issueAlert = alerts.find((a) => String(a.name).includes("New issue"));
      expect(issueAlert).toMatchObject({
        environment: "production",
        monitor_ids: streams.map(([id]) => `\${data.sentry_project_issue_stream_monitor.${id}.id}`),
        trigger_conditions: [{ first_seen_event: {} }, { regression_event: {} }],
        action_filters: [{ logic_type: "all", actions: [slackAction] }],
      });
    });

    it("alerts on a regression in the latest release (the releases release.yml records)", () => {
      const streams = dataSources(result, "sentry_project_issue_stream_monitor");
      const releaseAlert = alerts.find((a) => String(a.name).includes("latest release"));
      expect(releaseAlert).toEqual({
        organization: production.sentry.organization,
        environment: "production",
        name: "[production] Regression in the latest release",
        monitor_ids: streams.map(([id]) => `\${data.sentry_project_issue_stream_monitor.${id}.id}`),
        frequency_minutes: expect.any(Number),
        trigger_conditions: [{ regression_event: {} }],
        action_filters: [{ logic_type: "all", conditions: [{ latest_release: {} }], actions: [slackAction] }],
      });
    });

    it("monitors error spikes and p95 transaction duration with thresholds from config", () => {
      const thresholds = production.sentry.alerts;
      const spikes = monitors.filter(([, m]) => m.aggregate === "count()").map(([, m]) => m);
      expect(spikes.map((m) => m.project)).toEqual(["neuropilot-backend", "neuropilot-frontend"]);
      for (const spike of spikes) {
        expect(spike).toMatchObject({
          dataset: "events",
          event_types: ["error", "default"],
          environment: "production",
          time_window_seconds: thresholds.errorSpikeWindowSeconds,
          issue_detection: { type: "static" },
          condition_group: {
            conditions: [
              { type: "gt", comparison: thresholds.errorSpikeCount, condition_result: 75 },
              { type: "lte", comparison: thresholds.errorSpikeCount, condition_result: 0 },
            ],
          },
        });
      }
      const p95 = monitors.find(([, m]) => m.aggregate === "p95(transaction.duration)")?.[1];
      expect(p95).toMatchObject({
        project: "neuropilot-backend",
        dataset: "generic_metrics",
        event_types: ["transaction"],
        condition_group: { conditions: [{ type: "gt", comparison: thresholds.transactionP95Ms }, { type: "lte" }] },
      });
    });

    it("wires every metric monitor into an alert", () => {
      const metricAlert = alerts.find((a) => String(a.name).includes("Error spike"));
      expect(metricAlert?.monitor_ids).toEqual(monitors.map(([id]) => `\${sentry_metric_monitor.${id}.id}`));
      expect(metricAlert).toMatchObject({ action_filters: [{ actions: [slackAction] }] });
    });

    it("falls back to e-mailing issue owners without a Slack workspace", () => {
      const props = environmentProps(production);
      const emailOnly = synth((scope) => {
        new SentryEnvironment(scope, "sentry", {
          ...props,
          alerting: props.alerting && { ...props.alerting, slack: null },
        });
      });
      expect(dataSources(emailOnly, "sentry_organization_integration")).toEqual([]);
      for (const alert of resources(emailOnly, "sentry_alert")) {
        const filters = alert.action_filters as Array<Record<string, unknown>>;
        expect(filters).toHaveLength(1);
        expect(filters[0]).toMatchObject({
          logic_type: "all",
          actions: [{ email: { target_type: "issue_owners", fallthrough_type: "ActiveMembers" } }],
        });
      }
    });
  });
});
