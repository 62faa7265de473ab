// The auto-healing edge Worker (docs/operations.md): a module Worker bundled at synth
// time, a KV namespace for its per-region state, and a cron trigger. Settings and origins
// are a plain-text JSON binding; the credentials are secret bindings whose values are
// Terraform references, so neither the bundle nor cdk.tf.json ever holds a secret.
import { AssetType, TerraformAsset, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { WorkersCronTrigger } from "@cdktf/provider-cloudflare/lib/workers-cron-trigger";
import { WorkersKvNamespace } from "@cdktf/provider-cloudflare/lib/workers-kv-namespace";
import { WorkersScript, type WorkersScriptBindings } from "@cdktf/provider-cloudflare/lib/workers-script";
import type { AutohealConfig } from "../../workers/autoheal/src/config";
import type { TelemetryConfig } from "../../workers/autoheal/src/telemetry/config";
import { AUTOHEAL_MODULE_NAME, buildAutohealWorker, type WorkerBundle, writeWorkerBundle } from "../../workers/build";

/** Runtime date the Worker is written and tested against (Miniflare 4.20260426). */
export const AUTOHEAL_COMPATIBILITY_DATE = "2026-04-01";

export interface AutohealRegion {
  /** Our region name (e.g. us-east). */
  name: string;
  /** The region's Railway service domain (may be a token); probed over HTTPS. */
  domain: string;
  serviceId: string;
}

/** The Worker's own settings (its runtime config type), plus how often the cron runs. */
export type AutohealSettings = Pick<
  AutohealConfig,
  | "dryRun"
  | "enableAutoRestart"
  | "probesPerRun"
  | "windowRuns"
  | "latencyThresholdMs"
  | "errorRateThresholdPct"
  | "consecutiveFailures"
  | "cooldownMinutes"
  | "maxRestartsPerHour"
  | "railwayTokenKind"
> & {
  checkIntervalMinutes: number;
  purgeOnErrorSpike: AutohealConfig["purge"]["mode"];
};

/** Secret values, as Terraform references (sensitive variables). */
export interface AutohealSecrets {
  railwayToken: string;
  slackWebhookUrl: string;
  pagerDutyRoutingKey: string;
  /** API token allowed to purge the zone's cache (Zone → Cache Purge). */
  cloudflarePurgeToken: string;
}

/** Telemetry secrets, as Terraform references (sensitive variables). */
export interface TelemetrySecrets {
  /** Neon API key allowed to read the organization's consumption. */
  neonApiKey: string;
  /** Grafana Cloud Access Policy token with metrics:write. */
  grafanaPushToken: string;
}

/** Telemetry to Grafana Cloud: the Worker's TelemetryConfig (ids may be tokens) and its secrets. */
export interface AutohealTelemetry {
  config: TelemetryConfig;
  secrets: TelemetrySecrets;
}

export interface AutohealWorkerProps {
  accountId: string;
  zoneId: string;
  /** Worker script name, account-wide (e.g. neuropilot-production-autoheal). */
  scriptName: string;
  environment: string;
  settings: AutohealSettings;
  health: { path: string; expectedStatus: number; timeoutSeconds: number };
  /** Hosts purged on an error spike when purgeOnErrorSpike is "hosts". */
  purgeHosts: string[];
  /** Railway environment the regional services are deployed in (may be a token). */
  railwayEnvironmentId: string;
  /** Primary first. */
  regions: AutohealRegion[];
  secrets: AutohealSecrets;
  /** Publishing to Grafana Cloud (docs/observability.md#worker-telemetry); absent, none. */
  telemetry?: AutohealTelemetry;
  /** Defaults to the bundle built from workers/autoheal/src. */
  bundle?: WorkerBundle;
}

/** Cron expression for an interval in minutes (1 → every minute). */
export function cronFor(minutes: number): string {
  return minutes === 1 ? "* * * * *" : `*/${minutes} * * * *`;
}

export class AutohealWorker extends Construct {
  readonly script: WorkersScript;
  readonly state: WorkersKvNamespace;
  readonly cron: WorkersCronTrigger;

  constructor(scope: Construct, id: string, props: AutohealWorkerProps) {
    super(scope, id);
    const s = props.settings;
    const bundle = props.bundle ?? buildAutohealWorker();
    const asset = new TerraformAsset(this, "bundle", {
      path: writeWorkerBundle(bundle),
      type: AssetType.FILE,
      assetHash: bundle.sha256,
    });

    this.state = new WorkersKvNamespace(this, "state", {
      accountId: props.accountId,
      title: `${props.scriptName}-state`,
    });

    const config: AutohealConfig = {
      environment: props.environment,
      dryRun: s.dryRun,
      enableAutoRestart: s.enableAutoRestart,
      expectedStatus: props.health.expectedStatus,
      probeTimeoutMs: props.health.timeoutSeconds * 1000,
      probesPerRun: s.probesPerRun,
      windowRuns: s.windowRuns,
      latencyThresholdMs: s.latencyThresholdMs,
      errorRateThresholdPct: s.errorRateThresholdPct,
      consecutiveFailures: s.consecutiveFailures,
      cooldownMinutes: s.cooldownMinutes,
      maxRestartsPerHour: s.maxRestartsPerHour,
      purge: { mode: s.purgeOnErrorSpike, zoneId: props.zoneId, hosts: props.purgeHosts },
      railwayTokenKind: s.railwayTokenKind,
      regions: props.regions.map((r) => ({
        name: r.name,
        healthUrl: `https://${r.domain}${props.health.path}`,
        serviceId: r.serviceId,
        environmentId: props.railwayEnvironmentId,
      })),
      ...(props.telemetry ? { telemetry: props.telemetry.config } : {}),
    };

    const secret = (name: string, text: string): WorkersScriptBindings => ({ type: "secret_text", name, text });
    this.script = new WorkersScript(this, "script", {
      accountId: props.accountId,
      scriptName: props.scriptName,
      mainModule: AUTOHEAL_MODULE_NAME,
      contentFile: asset.path,
      contentSha256: bundle.sha256,
      compatibilityDate: AUTOHEAL_COMPATIBILITY_DATE,
      bindings: [
        { type: "kv_namespace", name: "STATE", namespaceId: this.state.id },
        // Tokens (Railway ids and domains) inside the JSON become Terraform interpolations;
        // ids and host names never contain quotes, so the string stays valid JSON.
        { type: "plain_text", name: "CONFIG", text: JSON.stringify(config) },
        secret("RAILWAY_TOKEN", props.secrets.railwayToken),
        secret("SLACK_WEBHOOK_URL", props.secrets.slackWebhookUrl),
        secret("PAGERDUTY_ROUTING_KEY", props.secrets.pagerDutyRoutingKey),
        secret("CLOUDFLARE_API_TOKEN", props.secrets.cloudflarePurgeToken),
        ...(props.telemetry
          ? [
              secret("NEON_API_KEY", props.telemetry.secrets.neonApiKey),
              secret("GRAFANA_PUSH_TOKEN", props.telemetry.secrets.grafanaPushToken),
            ]
          : []),
      ],
    });

    this.cron = new WorkersCronTrigger(this, "cron", {
      accountId: props.accountId,
      scriptName: this.script.scriptName,
      schedules: [{ cron: cronFor(s.checkIntervalMinutes) }],
    });
  }
}

/**
 * The Worker's secrets as sensitive Terraform variables of the given stack (supplied as
 * TF_VAR_autoheal_* or workspace variables), returned as references.
 */
export function autohealSecretVariables(stack: Construct): AutohealSecrets {
  const variable = (name: string, description: string) =>
    new TerraformVariable(stack, name, { type: "string", sensitive: true, description }).stringValue;
  return {
    railwayToken: variable(
      "autoheal_railway_token",
      "Railway token the auto-healing Worker redeploys with (project token of this environment's project)",
    ),
    slackWebhookUrl: variable("autoheal_slack_webhook_url", "Slack incoming webhook URL for auto-healing reports"),
    pagerDutyRoutingKey: variable(
      "autoheal_pagerduty_routing_key",
      "PagerDuty Events API v2 routing key for what auto-healing cannot fix",
    ),
    cloudflarePurgeToken: variable(
      "autoheal_cloudflare_purge_token",
      "Cloudflare API token with Zone → Cache Purge on the zone, for purges on error spikes",
    ),
  };
}

/** The telemetry secrets as sensitive Terraform variables (TF_VAR_autoheal_neon_api_key, …). */
export function telemetrySecretVariables(stack: Construct): TelemetrySecrets {
  const variable = (name: string, description: string) =>
    new TerraformVariable(stack, name, { type: "string", sensitive: true, description }).stringValue;
  return {
    neonApiKey: variable("autoheal_neon_api_key", "Neon API key the auto-heal Worker reads consumption with"),
    grafanaPushToken: variable(
      "autoheal_grafana_push_token",
      "Grafana Cloud Access Policy token (metrics:write) the auto-heal Worker pushes telemetry with",
    ),
  };
}
