// Sentry for one environment: a client key per project (the DSNs the apps are deployed
// with) and, when alerting is given (the production tier), issue alerts and metric monitors.
//
// Alerts use Sentry's current model: monitors detect (the project's issue-stream monitor
// for new issues and regressions, metric monitors for spikes), and a `sentry_alert` wired
// to monitor ids decides who is notified. The deprecated sentry_issue_alert and
// sentry_metric_alert are not used.
import { Construct } from "constructs";
import { Alert, type AlertActionFiltersActions } from "../../.gen/providers/sentry/alert";
import { DataSentryOrganizationIntegration } from "../../.gen/providers/sentry/data-sentry-organization-integration";
import { DataSentryProjectIssueStreamMonitor } from "../../.gen/providers/sentry/data-sentry-project-issue-stream-monitor";
import { Key } from "../../.gen/providers/sentry/key";
import { MetricMonitor, type MetricMonitorConditionGroupConditions } from "../../.gen/providers/sentry/metric-monitor";
import type { EnvironmentConfig } from "../../config/schema";

export interface SentryAlertingProps {
  /** Slack workspace (integration name) and channel; null e-mails the issue owners instead. */
  slack: { workspace: string; channel: string } | null;
  thresholds: EnvironmentConfig["sentry"]["alerts"];
  /** Internal id of the team new monitor issues are assigned to (SentryProjects.team.internalId). */
  ownerTeamId?: string;
}

export interface SentryEnvironmentProps {
  organization: string;
  /** Sentry environment name; the apps must report the same (SENTRY_ENVIRONMENT). */
  environment: string;
  backendProject: string;
  frontendProject: string;
  /** null: keys only (non-production tiers). */
  alerting: SentryAlertingProps | null;
}

/** Issue priorities Sentry assigns when a monitor condition matches (75 high, 0 resolves). */
const PRIORITY_HIGH = 75;
const RESOLVED = 0;
/** Minimum minutes between two notifications of the same alert. */
const ALERT_FREQUENCY_MINUTES = 30;

export class SentryEnvironment extends Construct {
  readonly backendKey: Key;
  readonly frontendKey: Key;
  /** Public DSNs (sensitive: `sentry_key.dsn` is a sensitive map). Wire into SENTRY_DSN / VITE_SENTRY_DSN. */
  readonly backendDsn: string;
  readonly frontendDsn: string;
  readonly metricMonitors: MetricMonitor[] = [];
  readonly alerts: Alert[] = [];

  constructor(scope: Construct, id: string, props: SentryEnvironmentProps) {
    super(scope, id);
    const { organization, environment } = props;

    const key = (logicalId: string, project: string): Key =>
      new Key(this, logicalId, { organization, project, name: `${project}-${environment}` });
    this.backendKey = key("backend-key", props.backendProject);
    this.frontendKey = key("frontend-key", props.frontendProject);
    this.backendDsn = this.backendKey.dsn.lookup("public");
    this.frontendDsn = this.frontendKey.dsn.lookup("public");

    if (props.alerting) this.addAlerting(props, props.alerting);
  }

  private addAlerting(props: SentryEnvironmentProps, alerting: SentryAlertingProps): void {
    const { organization, environment } = props;
    const notify = this.notifyAction(organization, alerting);
    const thresholds = alerting.thresholds;
    const owner = alerting.ownerTeamId ? { teamId: alerting.ownerTeamId } : undefined;
    const staticAbove = (value: number): MetricMonitorConditionGroupConditions[] => [
      { type: "gt", comparison: value, conditionResult: PRIORITY_HIGH },
      { type: "lte", comparison: value, conditionResult: RESOLVED },
    ];

    // New issues and regressions: the issue-stream monitor Sentry keeps for every project.
    const issueStreams = [props.backendProject, props.frontendProject].map(
      (project) =>
        new DataSentryProjectIssueStreamMonitor(this, `issue-stream-${project}`, {
          organization,
          project,
          first: true,
        }),
    );
    this.alerts.push(
      new Alert(this, "issue-alert", {
        organization,
        environment,
        name: `[${environment}] New issue or regression`,
        monitorIds: issueStreams.map((m) => m.id),
        frequencyMinutes: ALERT_FREQUENCY_MINUTES,
        triggerConditions: [{ firstSeenEvent: {} }, { regressionEvent: {} }],
        actionFilters: [{ logicType: "all", actions: [notify] }],
      }),
    );

    // Release regressions: a resolved issue seen again in the newest release (Sentry's
    // `latest_release` filter: "The event is from the latest release", jianyuan/sentry v0.15.4
    // resource sentry_alert, providers/sentry.json). The releases come from release.yml
    // (pipeline/sentry-release.ts), named after the commit the backend reports as SENTRY_RELEASE.
    this.alerts.push(
      new Alert(this, "release-regression-alert", {
        organization,
        environment,
        name: `[${environment}] Regression in the latest release`,
        monitorIds: issueStreams.map((m) => m.id),
        frequencyMinutes: ALERT_FREQUENCY_MINUTES,
        triggerConditions: [{ regressionEvent: {} }],
        actionFilters: [{ logicType: "all", conditions: [{ latestRelease: {} }], actions: [notify] }],
      }),
    );

    // Error count spike, per project.
    for (const project of [props.backendProject, props.frontendProject]) {
      this.metricMonitors.push(
        new MetricMonitor(this, `error-spike-${project}`, {
          organization,
          project,
          environment,
          owner,
          name: `[${environment}] ${project}: more than ${thresholds.errorSpikeCount} errors in ${thresholds.errorSpikeWindowSeconds / 60} min`,
          // Sentry's "Number of Errors" alert type: dataset events, count(), error/default events.
          dataset: "events",
          aggregate: "count()",
          eventTypes: ["error", "default"],
          queryType: "error",
          timeWindowSeconds: thresholds.errorSpikeWindowSeconds,
          issueDetection: { type: "static" },
          conditionGroup: { conditions: staticAbove(thresholds.errorSpikeCount) },
        }),
      );
    }

    // Backend p95 transaction duration. Sentry's "Transaction Duration" alert type uses
    // dataset generic_metrics for the fixed percentiles (transactions only for a custom
    // percentile); the threshold is in milliseconds.
    this.metricMonitors.push(
      new MetricMonitor(this, `p95-${props.backendProject}`, {
        organization,
        project: props.backendProject,
        environment,
        owner,
        name: `[${environment}] ${props.backendProject}: p95 transaction duration above ${thresholds.transactionP95Ms} ms`,
        dataset: "generic_metrics",
        aggregate: "p95(transaction.duration)",
        eventTypes: ["transaction"],
        queryType: "performance",
        timeWindowSeconds: 300,
        issueDetection: { type: "static" },
        conditionGroup: { conditions: staticAbove(thresholds.transactionP95Ms) },
      }),
    );

    this.alerts.push(
      new Alert(this, "metric-alert", {
        organization,
        environment,
        name: `[${environment}] Error spike or slow transactions`,
        monitorIds: this.metricMonitors.map((m) => m.id),
        frequencyMinutes: ALERT_FREQUENCY_MINUTES,
        // A metric monitor opens an issue when its condition matches.
        triggerConditions: [{ firstSeenEvent: {} }, { regressionEvent: {} }],
        actionFilters: [{ logicType: "all", actions: [notify] }],
      }),
    );
  }

  private notifyAction(organization: string, alerting: SentryAlertingProps): AlertActionFiltersActions {
    if (!alerting.slack) return { email: { targetType: "issue_owners", fallthroughType: "ActiveMembers" } };
    const slack = new DataSentryOrganizationIntegration(this, "slack", {
      organization,
      providerKey: "slack",
      name: alerting.slack.workspace,
    });
    return { slack: { integrationId: slack.id, channelName: alerting.slack.channel, tags: "environment,level" } };
  }
}
