// The auto-healing edge Worker (docs/operations.md): a module Worker bundled at synth
// time, a KV namespace for its per-region state, and a cron trigger. Settings and origins
// are a plain-text JSON binding. The credentials are not Terraform inputs at all: the script
// keeps its secret bindings across uploads (`keep_bindings`) and pipeline/worker-secrets.ts sets
// them after an apply (./autoheal-secrets.ts says why), so no plan ever needs them.
import { AssetType, TerraformAsset } from "cdktf";
import { Construct } from "constructs";
import { WorkersCronTrigger } from "@cdktf/provider-cloudflare/lib/workers-cron-trigger";
import { WorkersKvNamespace } from "@cdktf/provider-cloudflare/lib/workers-kv-namespace";
import { WorkersScript } from "@cdktf/provider-cloudflare/lib/workers-script";
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

/** Telemetry to Grafana Cloud: the Worker's TelemetryConfig (ids may be tokens). */
export interface AutohealTelemetry {
  config: TelemetryConfig;
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
      ],
      // Every upload keeps the secrets set outside Terraform (autoheal-secrets.ts). Provider
      // 5.14.0 leaves such unmanaged secret_text bindings out of state on refresh, so they
      // never show as drift (terraform-provider-cloudflare#6504, workers_script/custom.go).
      keepBindings: ["secret_text"],
    });

    this.cron = new WorkersCronTrigger(this, "cron", {
      accountId: props.accountId,
      scriptName: this.script.scriptName,
      schedules: [{ cron: cronFor(s.checkIntervalMinutes) }],
    });
  }
}
