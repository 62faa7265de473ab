// Org-wide Grafana setup, instantiated once (in the platform stack): the folder for
// dashboards and rules, the Prometheus data source, the contact points and the single
// notification policy tree. Grafana has exactly one policy tree per organization, which
// is why routing lives here and not in each environment.
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { ContactPoint } from "../../.gen/providers/grafana/contact-point";
import { DataSource } from "../../.gen/providers/grafana/data-source";
import { Folder } from "../../.gen/providers/grafana/folder";
import {
  NotificationPolicy,
  type NotificationPolicyPolicy,
  type NotificationPolicyPolicyMatcher,
} from "../../.gen/providers/grafana/notification-policy";

export interface PrometheusConnection {
  url: string;
  /** Basic-auth user (Grafana Cloud: the Prometheus instance id). */
  user: string;
  /** Basic-auth password or access-policy token: pass a sensitive TerraformVariable's value, never a literal. */
  password: string;
}

export interface GrafanaFoundationProps {
  prometheus: PrometheusConnection;
  /** Slack incoming-webhook URL (sensitive variable). The webhook decides the channel. */
  slackWebhookUrl: string;
  /** PagerDuty Events API v2 integration key (sensitive variable). */
  pagerDutyIntegrationKey: string;
  /** Recipients of the daily digest. */
  emailDigestTo: readonly string[];
  folderTitle?: string;
}

/** Fixed identifiers, so environment stacks can refer to them without a cross-stack lookup. */
export const GRAFANA_FOLDER_UID = "neuropilot";
export const PROMETHEUS_DATASOURCE_UID = "neuropilot-prometheus";

/** The label every alert rule sets and the policy tree routes on. */
export const SEVERITY_LABEL = "severity";

export class GrafanaFoundation extends Construct {
  readonly folder: Folder;
  readonly folderUid: string = GRAFANA_FOLDER_UID;
  readonly prometheus: DataSource;
  readonly datasourceUid: string = PROMETHEUS_DATASOURCE_UID;
  readonly contactPoints: { slack: ContactPoint; pagerDuty: ContactPoint; emailDigest: ContactPoint };
  readonly notificationPolicy: NotificationPolicy;

  constructor(scope: Construct, id: string, props: GrafanaFoundationProps) {
    super(scope, id);

    this.folder = new Folder(this, "folder", {
      uid: GRAFANA_FOLDER_UID,
      title: props.folderTitle ?? "NeuroPilot",
      // Alert history and dashboards live here; refuse to delete the folder while it has content.
      preventDestroyIfNotEmpty: true,
    });

    this.prometheus = new DataSource(this, "prometheus", {
      uid: PROMETHEUS_DATASOURCE_UID,
      name: "NeuroPilot Prometheus",
      type: "prometheus",
      url: props.prometheus.url,
      basicAuthEnabled: true,
      basicAuthUsername: props.prometheus.user,
      jsonDataEncoded: JSON.stringify({
        httpMethod: "POST",
        // The backend is scraped every 15 s; Grafana's $__rate_interval is derived from this.
        timeInterval: "15s",
      }),
      // jsonencode at apply time: the password is a variable, so no literal reaches the JSON.
      secureJsonDataEncoded: Fn.jsonencode({ basicAuthPassword: props.prometheus.password }),
    });

    this.contactPoints = {
      slack: new ContactPoint(this, "slack", {
        name: "neuropilot-slack",
        slack: [{ url: props.slackWebhookUrl }],
      }),
      pagerDuty: new ContactPoint(this, "pagerduty", {
        name: "neuropilot-pagerduty",
        pagerduty: [
          {
            integrationKey: props.pagerDutyIntegrationKey,
            severity: "critical",
            class: "neuropilot",
            component: "neuropilot-backend",
          },
        ],
      }),
      emailDigest: new ContactPoint(this, "email-digest", {
        name: "neuropilot-email-digest",
        email: [
          {
            addresses: [...props.emailDigestTo],
            singleEmail: true,
            subject: "NeuroPilot alert digest",
          },
        ],
      }),
    };

    this.notificationPolicy = new NotificationPolicy(this, "policy", {
      // Anything without a severity label still reaches a human.
      contactPoint: this.contactPoints.slack.name,
      groupBy: ["alertname", "grafana_folder", "environment"],
      groupWait: "30s",
      groupInterval: "5m",
      repeatInterval: "4h",
      policy: routes(this.contactPoints),
    });
  }
}

function severityIs(...values: string[]): NotificationPolicyPolicyMatcher[] {
  return values.length === 1
    ? [{ label: SEVERITY_LABEL, match: "=", value: values[0] }]
    : [{ label: SEVERITY_LABEL, match: "=~", value: values.join("|") }];
}

/**
 * Routes are tried in order and stop at the first match unless `continue` is set:
 * 1. critical → PagerDuty, and continue;
 * 2. critical or warning → Slack, and continue;
 * 3. everything with a severity → the e-mail digest. Grafana has no scheduled digest, so
 *    the digest is a policy grouped by environment with group_interval and repeat_interval
 *    of 24 h: at most one e-mail per environment a day, listing what fired since the last
 *    one (new alerts join the open group instead of mailing on their own).
 */
function routes(contactPoints: GrafanaFoundation["contactPoints"]): NotificationPolicyPolicy[] {
  return [
    {
      matcher: severityIs("critical"),
      contactPoint: contactPoints.pagerDuty.name,
      continue: true,
      groupWait: "30s",
      repeatInterval: "1h",
    },
    {
      matcher: severityIs("critical", "warning"),
      contactPoint: contactPoints.slack.name,
      continue: true,
    },
    {
      matcher: severityIs("critical", "warning", "info"),
      contactPoint: contactPoints.emailDigest.name,
      groupBy: ["environment"],
      groupWait: "10m",
      groupInterval: "24h",
      repeatInterval: "24h",
    },
  ];
}
