// One auto-healing run: probe every region, update its state, decide, act (or, in dry
// run, only say what it would do), notify, save. Failures of one action are reported
// and never stop the others.
//
// KV writes (docs/operations.md#kv-writes): a record is written only when it changed, so a
// healthy run writes nothing. A redeploy or purge is recorded *before* it is made, and not
// made when the record cannot be written: the cooldown and the hourly cap then hold even
// when KV refuses writes (the Free plan's daily quota spent, an outage). Every failed write
// is caught, listed in the run's errors and pushed as neuropilot_autoheal_kv_write_failures.
import { assessRegion, decideRestart, isHealthy, type RegionHealth, shouldPurge } from "./assess";
import { type AutohealConfig, parseConfig, type RegionTarget } from "./config";
import { type Effects, liveEffects } from "./effects";
import { probeRegion } from "./probe";
import { publishTelemetry, type TelemetryReport } from "./telemetry/publish";
import type { Env, Fetch } from "./runtime";
import {
  dropOldRestarts,
  loadLastPurge,
  loadRegionState,
  PURGE_KEY,
  recordRestart,
  recordRun,
  regionKey,
  type RegionState,
  serializeRegionState,
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
  /** KV writes made and failed in this run. */
  kv: { writes: number; failedWrites: number };
  /** Present when CONFIG.telemetry is set. */
  telemetry?: TelemetryReport;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

interface RunContext {
  config: AutohealConfig;
  effects: Effects;
  env: Env;
  now: number;
  /** Lines for the run's one Slack message. */
  slack: string[];
  errors: string[];
  /** What each key holds in KV as far as this run knows: a value equal to it needs no write. */
  stored: Map<string, string>;
  kv: { writes: number; failedWrites: number };
}

/** Writes a key unless it already holds the value; a failed write is caught, reported and returns false. */
async function persist(ctx: RunContext, key: string, value: string): Promise<boolean> {
  if (ctx.stored.get(key) === value) return true;
  try {
    await ctx.env.STATE.put(key, value);
  } catch (error) {
    ctx.kv.failedWrites++;
    ctx.errors.push(`state: writing ${key} to KV failed: ${message(error)}`);
    return false;
  }
  ctx.kv.writes++;
  ctx.stored.set(key, value);
  return true;
}

const saveRegion = (ctx: RunContext, region: RegionTarget, state: RegionState) =>
  persist(ctx, regionKey(region.name), serializeRegionState(state));

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
  } catch (error) {
    ctx.errors.push(message(error));
    const escalated = await escalate(ctx, region, state, `${reason}; redeploy failed: ${message(error)}.`);
    return { state: escalated, action: "redeploy-failed", detail: message(error) };
  }
  // Recorded first: a redeploy whose record did not reach KV would leave the next run
  // without its cooldown and cap, free to redeploy again every minute.
  const restarted = recordRestart(state, ctx.now);
  if (!(await saveRegion(ctx, region, restarted))) {
    const why =
      "the redeploy could not be recorded in KV, so it was not made (the cooldown and hourly cap could not hold)";
    const escalated = await escalate(ctx, region, state, `${reason}; ${why}.`);
    return { state: escalated, action: "held", detail: `${reason} (held: ${why})` };
  }
  try {
    await ctx.effects.redeploy(region);
    ctx.slack.push(`:recycle: redeployed ${region.name} (${reason}).`);
    return { state: restarted, action: "redeployed", detail: reason };
  } catch (error) {
    // The attempt stays recorded: it counts against the cooldown and the cap like a redeploy.
    ctx.errors.push(message(error));
    const escalated = await escalate(ctx, region, restarted, `${reason}; redeploy failed: ${message(error)}.`);
    return { state: escalated, action: "redeploy-failed", detail: message(error) };
  }
}

async function healRegion(
  ctx: RunContext,
  region: RegionTarget,
  state: RegionState,
  health: RegionHealth,
): Promise<{ state: RegionState; report: RegionReport; counted: boolean }> {
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
  // A hold is counted once, on the run it starts: counting every held run would change the
  // counters record, and so write KV, on every run of an incident.
  const counted = action !== "none" && !(action === "held" && state.held);
  return { state: { ...next, held: action === "held" }, report, counted };
}

async function purgeOnSpike(ctx: RunContext, healths: RegionHealth[]): Promise<RunReport["purge"]> {
  // The last purge is read only when a purge could be due, which a healthy run never is.
  if (ctx.config.purge.mode === "off" || !healths.some((h) => h.erroring)) return "none";
  const lastPurge = await loadLastPurge(ctx.env.STATE);
  if (!shouldPurge(healths, lastPurge, ctx.config, ctx.now)) return "none";
  const scope = ctx.config.purge.mode === "hosts" ? ctx.config.purge.hosts.join(", ") : "the whole zone";
  // Recorded first, like a redeploy: an unrecorded purge would have no cooldown.
  const recorded = await persist(ctx, PURGE_KEY, String(ctx.now));
  if (ctx.config.dryRun) {
    ctx.slack.push(`:broom: error spike: would purge the cache of ${scope}.`);
    return "would-purge";
  }
  if (!recorded) {
    ctx.slack.push(`:broom: error spike: the purge of ${scope} could not be recorded in KV, so it was not made.`);
    return "failed";
  }
  try {
    await ctx.effects.purge();
    ctx.slack.push(`:broom: error spike: purged the cache of ${scope}.`);
    return "purged";
  } catch (error) {
    ctx.errors.push(message(error));
    return "failed";
  }
}

export async function runAutoheal(env: Env, now: number, fetcher: Fetch, effects?: Effects): Promise<RunReport> {
  const config = parseConfig(env.CONFIG);
  const ctx: RunContext = {
    config,
    effects: effects ?? liveEffects(env, config, fetcher),
    env,
    now,
    slack: [],
    errors: [],
    stored: new Map(),
    kv: { writes: 0, failedWrites: 0 },
  };
  const probe = { expectedStatus: config.expectedStatus, timeoutMs: config.probeTimeoutMs };

  const [runs, stored] = await Promise.all([
    Promise.all(
      config.regions.map((r) => probeRegion({ ...probe, url: r.healthUrl }, config.probesPerRun, now, fetcher)),
    ),
    Promise.all(config.regions.map((r) => loadRegionState(env.STATE, r.name))),
  ]);
  // What KV holds, less the restarts that aged out (dropping them changes no decision).
  for (const [i, region] of config.regions.entries()) {
    ctx.stored.set(regionKey(region.name), serializeRegionState(dropOldRestarts(stored[i], now)));
  }
  const states = stored.map((state, i) => recordRun(state, runs[i], config, now));
  const healths = states.map((state, i) => assessRegion(state, config, runs[i]));

  const reports: RegionReport[] = [];
  const actions: Array<{ region: string; action: string }> = [];
  for (const [i, region] of config.regions.entries()) {
    const { state, report, counted } = await healRegion(ctx, region, states[i], healths[i]);
    reports.push(report);
    if (counted) actions.push({ region: region.name, action: report.action });
    await saveRegion(ctx, region, state);
  }
  const purge = await purgeOnSpike(ctx, healths);

  if (ctx.slack.length > 0) {
    const header = `*neuropilot ${config.environment} auto-heal*${config.dryRun ? " (dry run: no action taken)" : ""}`;
    await ctx.effects.slack([header, ...ctx.slack].join("\n")).catch((e: unknown) => ctx.errors.push(message(e)));
  }
  let telemetry: TelemetryReport | undefined;
  if (config.telemetry) {
    if (purge !== "none") actions.push({ region: "zone", action: purge === "failed" ? "purge-failed" : purge });
    telemetry = await publishTelemetry(
      env,
      config.telemetry,
      {
        environment: config.environment,
        railwayTokenKind: config.railwayTokenKind,
        probes: config.regions.map((r, i) => ({ region: r.name, samples: runs[i] })),
        actions,
        kvWriteFailures: ctx.kv.failedWrites,
      },
      now,
      fetcher,
      (key, value) => persist(ctx, key, value),
    ).catch((e: unknown) => {
      // publishTelemetry counts upstream failures and catches its writes; this is a KV read failure.
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
    kv: ctx.kv,
    ...(telemetry ? { telemetry } : {}),
  };
}
