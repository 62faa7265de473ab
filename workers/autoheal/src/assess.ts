// Pure decisions: how a region is doing, whether to redeploy it, whether to purge.
import type { AutohealConfig } from "./config";
import type { Sample } from "./probe";
import { FAILED, type Mark, type RegionState, SLOW } from "./state";

export interface RegionHealth {
  /** Every probe failed for `consecutiveFailures` runs in a row. */
  down: boolean;
  /**
   * Full window in which most answered probes (a strict majority) took longer than the
   * threshold: the window's (lower) median latency is above it.
   */
  slow: boolean;
  /** Full window whose share of failed probes is above the threshold: an error spike. */
  erroring: boolean;
  /** Median latency of this run's answered probes (the window keeps marks, not times). */
  medianMs: number | null;
  errorRatePct: number | null;
  /** Answered probes in the window, and how many of them were slower than the threshold. */
  answered: number;
  slowAnswers: number;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const count = (window: string, mark: Mark) => window.split(mark).length - 1;

/** `run` is this run's samples, for the latency figure reported beside the decision. */
export function assessRegion(state: RegionState, config: AutohealConfig, run: readonly Sample[] = []): RegionHealth {
  const window = state.window;
  const windowFull = window.length >= config.probesPerRun * config.windowRuns;
  const failed = count(window, FAILED);
  const slowAnswers = count(window, SLOW);
  const answered = window.length - failed;
  const errorRatePct = window.length === 0 ? null : (100 * failed) / window.length;
  return {
    down: state.consecutiveFailures >= config.consecutiveFailures,
    // Sorted ascending, the lower median is above the threshold exactly when more than half are.
    // No answered probe means no slow one either (0 > 0 is false): no division, no guard.
    slow: windowFull && 2 * slowAnswers > answered,
    erroring: windowFull && errorRatePct !== null && errorRatePct > config.errorRateThresholdPct,
    medianMs: median(run.filter((s) => s.ok && s.ms !== null).map((s) => s.ms as number)),
    errorRatePct,
    answered,
    slowAnswers,
  };
}

export const isHealthy = (h: RegionHealth) => !h.down && !h.slow && !h.erroring;

export function reasonOf(h: RegionHealth, config: AutohealConfig): string {
  if (h.down) return `down: every probe failed for ${config.consecutiveFailures} runs in a row`;
  if (h.erroring)
    return `error spike: ${h.errorRatePct?.toFixed(1)}% of probes failed (threshold ${config.errorRateThresholdPct}%)`;
  const latest = h.medianMs === null ? "" : `; this run's median ${h.medianMs}ms`;
  return `slow: median probe latency above ${config.latencyThresholdMs}ms (${h.slowAnswers} of ${h.answered} answered probes in the window slower${latest})`;
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
