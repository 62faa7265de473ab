// One auto-healing run: probe every region, update its state, decide, act (or, in dry
// run, only say what it would do), notify, save. Failures of one action are reported
// and never stop the others.
import { assessRegion, decideRestart, isHealthy, type RegionHealth, shouldPurge } from "./assess";
import { type AutohealConfig, parseConfig, type RegionTarget } from "./config";
import { type Effects, liveEffects } from "./effects";
import { probeRegion } from "./probe";
import { publishTelemetry, type TelemetryReport } from "./telemetry/publish";
import type { Env, Fetch } from "./runtime";
import {
  loadLastPurge,
  loadRegionState,
  recordRestart,
  recordRun,
  type RegionState,
  saveLastPurge,
  saveRegionState,
} from "./state";

export type RegionAction =
  "none" | "redeployed" | "would-redeploy" | "held" | "deployment-in-progress" | "redeploy-failed" | "recovered";

export interface RegionReport {
  region: string;
  healthy: boolean;
  medianMs: number | null;
  errorRatePct: number | null;
  consecutiveFailures: number;
  action: RegionAction;
  detail?: string;
}

export interface RunReport {
  environment: string;
  at: string;
  dryRun: boolean;
  regions: RegionReport[];
  purge: "none" | "purged" | "would-purge" | "failed";
  errors: string[];
  /** Present when CONFIG.telemetry is set. */
  telemetry?: TelemetryReport;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

interface RunContext {
  config: AutohealConfig;
  effects: Effects;
  now: number;
  /** Lines for the run's one Slack message. */
  slack: string[];
  errors: string[];
}

async function escalate(
  ctx: RunContext,
  region: RegionTarget,
  state: RegionState,
  summary: string,
): Promise<RegionState> {
  if (state.escalated) return state;
  ctx.slack.push(`:rotating_light: ${region.name}: ${summary}${ctx.config.dryRun ? " (would page)" : " Paging."}`);
  if (!ctx.config.dryRun) {
    await ctx.effects
      .page({
        action: "trigger",
        dedupKey: `neuropilot-${ctx.config.environment}-autoheal-${region.name}`,
        summary: `neuropilot ${ctx.config.environment} ${region.name}: ${summary}`,
        source: region.healthUrl,
        component: region.name,
      })
      .catch((e: unknown) => ctx.errors.push(message(e)));
  }
  return { ...state, escalated: true };
}

async function recover(ctx: RunContext, region: RegionTarget, state: RegionState): Promise<RegionState> {
  ctx.slack.push(`:white_check_mark: ${region.name} is healthy again.`);
  if (!ctx.config.dryRun) {
    await ctx.effects
      .page({
        action: "resolve",
        dedupKey: `neuropilot-${ctx.config.environment}-autoheal-${region.name}`,
        summary: `${region.name} recovered`,
        source: region.healthUrl,
        component: region.name,
      })
      .catch((e: unknown) => ctx.errors.push(message(e)));
  }
  return { ...state, escalated: false };
}

async function redeploy(
  ctx: RunContext,
  region: RegionTarget,
  state: RegionState,
  reason: string,
): Promise<{ state: RegionState; action: RegionAction; detail?: string }> {
  if (ctx.config.dryRun) {
    // Recorded as if done, so dry run shows the cooldown and cap exactly as live mode would.
    ctx.slack.push(`:recycle: would redeploy ${region.name} (${reason}).`);
    return { state: recordRestart(state, ctx.now), action: "would-redeploy", detail: reason };
  }
  try {
    if (await ctx.effects.deploymentInProgress(region)) {
      return { state, action: "deployment-in-progress", detail: reason };
    }
    await ctx.effects.redeploy(region);
    ctx.slack.push(`:recycle: redeployed ${region.name} (${reason}).`);
    return { state: recordRestart(state, ctx.now), action: "redeployed", detail: reason };
  } catch (error) {
    ctx.errors.push(message(error));
    const escalated = await escalate(ctx, region, state, `${reason}; redeploy failed: ${message(error)}.`);
    return { state: escalated, action: "redeploy-failed", detail: message(error) };
  }
}

async function healRegion(
  ctx: RunContext,
  region: RegionTarget,
  state: RegionState,
  health: RegionHealth,
): Promise<{ state: RegionState; report: RegionReport }> {
  const decision = decideRestart(state, health, ctx.config, ctx.now);
  let next = state;
  let action: RegionAction = "none";
  let detail: string | undefined;
  if (decision.kind === "healthy" && state.escalated) {
    next = await recover(ctx, region, state);
    action = "recovered";
  } else if (decision.kind === "redeploy") {
    ({ state: next, action, detail } = await redeploy(ctx, region, state, decision.reason));
  } else if (decision.kind === "hold") {
    action = "held";
    detail = `${decision.reason} (held: ${decision.why})`;
    if (decision.escalate) {
      const why =
        decision.why === "cap"
          ? `${ctx.config.maxRestartsPerHour} redeploys in the last hour did not help`
          : "auto-restart is disabled";
      next = await escalate(ctx, region, state, `${decision.reason}; ${why}.`);
    }
  }
  const report: RegionReport = {
    region: region.name,
    healthy: isHealthy(health),
    medianMs: health.medianMs,
    errorRatePct: health.errorRatePct,
    consecutiveFailures: state.consecutiveFailures,
    action,
    ...(detail ? { detail } : {}),
  };
  return { state: next, report };
}

async function purgeOnSpike(ctx: RunContext, env: Env, healths: RegionHealth[]): Promise<RunReport["purge"]> {
  const lastPurge = await loadLastPurge(env.STATE);
  if (!shouldPurge(healths, lastPurge, ctx.config, ctx.now)) return "none";
  const scope = ctx.config.purge.mode === "hosts" ? ctx.config.purge.hosts.join(", ") : "the whole zone";
  if (ctx.config.dryRun) {
    ctx.slack.push(`:broom: error spike: would purge the cache of ${scope}.`);
    await saveLastPurge(env.STATE, ctx.now);
    return "would-purge";
  }
  try {
    await ctx.effects.purge();
    ctx.slack.push(`:broom: error spike: purged the cache of ${scope}.`);
    await saveLastPurge(env.STATE, ctx.now);
    return "purged";
  } catch (error) {
    ctx.errors.push(message(error));
    return "failed";
  }
}

export async function runAutoheal(env: Env, now: number, fetcher: Fetch, effects?: Effects): Promise<RunReport> {
  const config = parseConfig(env.CONFIG);
  const ctx: RunContext = { config, effects: effects ?? liveEffects(env, config, fetcher), now, slack: [], errors: [] };
  const probe = { expectedStatus: config.expectedStatus, timeoutMs: config.probeTimeoutMs };

  const [runs, stored] = await Promise.all([
    Promise.all(
      config.regions.map((r) => probeRegion({ ...probe, url: r.healthUrl }, config.probesPerRun, now, fetcher)),
    ),
    Promise.all(config.regions.map((r) => loadRegionState(env.STATE, r.name))),
  ]);
  const states = stored.map((state, i) => recordRun(state, runs[i], config, now));
  const healths = states.map((state) => assessRegion(state, config));

  const reports: RegionReport[] = [];
  for (const [i, region] of config.regions.entries()) {
    const { state, report } = await healRegion(ctx, region, states[i], healths[i]);
    reports.push(report);
    await saveRegionState(env.STATE, region.name, state);
  }
  const purge = await purgeOnSpike(ctx, env, healths);

  if (ctx.slack.length > 0) {
    const header = `*neuropilot ${config.environment} auto-heal*${config.dryRun ? " (dry run: no action taken)" : ""}`;
    await ctx.effects.slack([header, ...ctx.slack].join("\n")).catch((e: unknown) => ctx.errors.push(message(e)));
  }
  let telemetry: TelemetryReport | undefined;
  if (config.telemetry) {
    const actions: Array<{ region: string; action: string }> = reports
      .filter((r) => r.action !== "none")
      .map((r) => ({ region: r.region, action: r.action }));
    if (purge !== "none") actions.push({ region: "zone", action: purge === "failed" ? "purge-failed" : purge });
    telemetry = await publishTelemetry(
      env,
      config.telemetry,
      {
        environment: config.environment,
        railwayTokenKind: config.railwayTokenKind,
        probes: config.regions.map((r, i) => ({ region: r.name, samples: runs[i] })),
        actions,
      },
      now,
      fetcher,
    ).catch((e: unknown) => {
      // publishTelemetry counts upstream failures itself; this is only a KV failure.
      ctx.errors.push(`telemetry: ${message(e)}`);
      return undefined;
    });
  }
  return {
    environment: config.environment,
    at: new Date(now).toISOString(),
    dryRun: config.dryRun,
    regions: reports,
    purge,
    errors: ctx.errors,
    ...(telemetry ? { telemetry } : {}),
  };
}
