// Pure decisions: how a region is doing, whether to redeploy it, whether to purge.
import type { AutohealConfig } from "./config";
import type { RegionState } from "./state";

export interface RegionHealth {
  /** Every probe failed for `consecutiveFailures` runs in a row. */
  down: boolean;
  /** Full window whose median latency (of answered probes) is above the threshold. */
  slow: boolean;
  /** Full window whose share of failed probes is above the threshold: an error spike. */
  erroring: boolean;
  medianMs: number | null;
  errorRatePct: number | null;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function assessRegion(state: RegionState, config: AutohealConfig): RegionHealth {
  const samples = state.samples;
  const windowFull = samples.length >= config.probesPerRun * config.windowRuns;
  const answered = samples.filter((s) => s.ok && s.ms !== null).map((s) => s.ms as number);
  const medianMs = median(answered);
  const errorRatePct = samples.length === 0 ? null : (100 * samples.filter((s) => !s.ok).length) / samples.length;
  return {
    down: state.consecutiveFailures >= config.consecutiveFailures,
    slow: windowFull && medianMs !== null && medianMs > config.latencyThresholdMs,
    erroring: windowFull && errorRatePct !== null && errorRatePct > config.errorRateThresholdPct,
    medianMs,
    errorRatePct,
  };
}

export const isHealthy = (h: RegionHealth) => !h.down && !h.slow && !h.erroring;

export function reasonOf(h: RegionHealth, config: AutohealConfig): string {
  if (h.down) return `down: every probe failed for ${config.consecutiveFailures} runs in a row`;
  if (h.erroring)
    return `error spike: ${h.errorRatePct?.toFixed(1)}% of probes failed (threshold ${config.errorRateThresholdPct}%)`;
  return `slow: median probe latency ${h.medianMs}ms (threshold ${config.latencyThresholdMs}ms)`;
}

export type RestartDecision =
  | { kind: "healthy" }
  | { kind: "redeploy"; reason: string }
  /** Unhealthy but held back; `escalate` when only a human can help now. */
  | { kind: "hold"; reason: string; why: "cooldown" | "cap" | "disabled"; escalate: boolean };

export function decideRestart(
  state: RegionState,
  health: RegionHealth,
  config: AutohealConfig,
  now: number,
): RestartDecision {
  if (isHealthy(health)) return { kind: "healthy" };
  const reason = reasonOf(health, config);
  if (!config.enableAutoRestart) return { kind: "hold", reason, why: "disabled", escalate: true };
  if (state.restarts.length >= config.maxRestartsPerHour) return { kind: "hold", reason, why: "cap", escalate: true };
  if (state.lastRestartAt !== null && now - state.lastRestartAt < config.cooldownMinutes * 60_000) {
    return { kind: "hold", reason, why: "cooldown", escalate: false };
  }
  return { kind: "redeploy", reason };
}

/** One purge per error spike across regions: the cache is shared, and purging is rate-limited. */
export function shouldPurge(
  healths: RegionHealth[],
  lastPurgeAt: number | null,
  config: AutohealConfig,
  now: number,
): boolean {
  if (config.purge.mode === "off" || !healths.some((h) => h.erroring)) return false;
  return lastPurgeAt === null || now - lastPurgeAt >= config.cooldownMinutes * 60_000;
}
