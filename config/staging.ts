import type { SingleCellEnvironmentInput } from "./schema";
import {
  backendSource,
  monitorTiming,
  sharedCloudflare,
  sharedGrafanaStack,
  sharedNeon,
  sharedPlatform,
} from "./shared";

export const staging: SingleCellEnvironmentInput = {
  name: "staging",
  tier: "staging",
  ...sharedPlatform,
  // Scales to zero on a zone it does not manage: the seeds' lean choices.
  costProfile: "lean",
  regions: [{ name: "us-east", railwayRegion: "us-east4-eqdc4a", replicas: 1 }],
  cloudflare: {
    ...sharedCloudflare,
    // Production owns the zone-wide settings and rulesets; they cover these hosts too.
    managesZone: false,
    // One label deep so Universal SSL's *.neuropilot.ai certificate covers them.
    hosts: { api: "api-staging.neuropilot.ai", frontend: "inventory-staging.neuropilot.ai" },
    loadBalancer: { ...monitorTiming, failoverTargetSeconds: 300 },
  },
  // Production-only guardrails staging does without (docs/guardrails.md#waivers).
  policy: {
    waive: [
      {
        rule: "database-prevent-destroy",
        reason: "Staging's branch holds test data and is re-created from production's default branch.",
      },
      { rule: "read-replica", reason: "Staging carries no read load worth a second compute." },
      { rule: "alerting", reason: "Staging alerts go to Slack as warnings and never page anyone." },
    ],
  },
  railway: {
    projectName: "neuropilot",
    environmentName: "staging",
    backend: { ...backendSource, branch: "staging" },
    customApiDomain: true,
    variables: { LOG_LEVEL: "debug" },
    restartPolicyMaxRetries: 3,
  },
  neon: {
    ...sharedNeon,
    branchName: "staging",
    isDefaultBranch: false,
    // Its own role: the branch inherits production's roles when it is (re)created from the
    // default branch, so declaring production's role name again would fail at apply.
    roleName: "neuropilot_app_staging",
    compute: { minCu: 0.25, maxCu: 1, suspendTimeoutSeconds: 300 },
    readReplicas: 0,
  },
  grafana: {
    ...sharedGrafanaStack,
    alerts: {
      latencyP95Ms: 400,
      errorRateWarningPct: 1,
      errorRateCriticalPct: 5,
      dbQueryP95Ms: 150,
      dbPoolSaturationPct: 85,
      // Seeds: "CPU target 70%" (not expressible as autoscaling; alerts instead).
      cpuScaleUpPct: 70,
    },
  },
  // Not deployed in staging; set enabled (keep dryRun) to watch what it would do here first.
  autoheal: {
    enabled: false,
    dryRun: true,
    enableAutoRestart: true,
    checkIntervalMinutes: 1,
    latencyThresholdMs: 1000,
    errorRateThresholdPct: 5,
  },
};
