// Per-region state kept in KV between runs, and the pure update applied after each run.
// KV is eventually consistent (a write can take up to a minute to be seen elsewhere), so
// the cooldown is not the only guard: a redeploy is also skipped while Railway reports
// one in progress (see railway.ts).
//
// The state holds only what the decisions read, in a form that stays the same from one
// healthy run to the next, so a run writes it only when a decision could change: the
// Workers Free plan allows 1,000 KV writes a day per account
// (developers.cloudflare.com/kv/platform/limits/, read 2026-12-07), and a per-minute cron
// that wrote every region on every run would spend that in under six hours.
import type { KVNamespace } from "./runtime";
import type { Sample } from "./probe";

/** One probe as the window keeps it: answered in time, answered slower than the threshold, or failed. */
export type Mark = "." | "s" | "x";
export const IN_TIME: Mark = ".";
export const SLOW: Mark = "s";
export const FAILED: Mark = "x";

export interface RegionState {
  /** Runs in a row in which every probe failed, counted up to the threshold (all a decision reads). */
  consecutiveFailures: number;
  /** The window: one mark per probe of the last `windowRuns` runs, oldest first. */
  window: string;
  /** Epoch ms of the redeploys in the last hour. */
  restarts: number[];
  lastRestartAt: number | null;
  /** Set once a human has been told the Worker cannot heal this region; cleared on recovery. */
  escalated: boolean;
  /** A redeploy is being held back (cooldown, cap, disabled); the hold is counted once, when it starts. */
  held: boolean;
}

export const HOUR_MS = 3_600_000;

export function emptyRegionState(): RegionState {
  return { consecutiveFailures: 0, window: "", restarts: [], lastRestartAt: null, escalated: false, held: false };
}

export interface WindowSettings {
  probesPerRun: number;
  windowRuns: number;
  latencyThresholdMs: number;
  consecutiveFailures: number;
}

export function markOf(sample: Sample, latencyThresholdMs: number): Mark {
  if (!sample.ok) return FAILED;
  return sample.ms !== null && sample.ms > latencyThresholdMs ? SLOW : IN_TIME;
}

/** Restarts older than an hour no longer count against the cap. */
export function dropOldRestarts(state: RegionState, now: number): RegionState {
  return { ...state, restarts: state.restarts.filter((at) => now - at < HOUR_MS) };
}

/** The state after a run's samples: window trimmed, failure streak updated, old restarts dropped. */
export function recordRun(state: RegionState, run: Sample[], settings: WindowSettings, now: number): RegionState {
  const allFailed = run.length > 0 && run.every((s) => !s.ok);
  const marks = run.map((s) => markOf(s, settings.latencyThresholdMs)).join("");
  return {
    ...dropOldRestarts(state, now),
    // Counting past the threshold changes no decision, only the stored record.
    consecutiveFailures: allFailed ? Math.min(state.consecutiveFailures + 1, settings.consecutiveFailures) : 0,
    window: (state.window + marks).slice(-settings.probesPerRun * settings.windowRuns),
  };
}

/**
 * The state after a redeploy: a fresh window, so the old deployment's samples cannot trigger
 * again; it ends any hold, so the record written before the redeploy is also the run's last.
 */
export function recordRestart(state: RegionState, now: number): RegionState {
  return {
    ...state,
    consecutiveFailures: 0,
    window: "",
    restarts: [...state.restarts, now],
    lastRestartAt: now,
    held: false,
  };
}

export const regionKey = (region: string) => `region:${region}`;
export const PURGE_KEY = "purge:last";

function isRegionState(value: unknown): value is RegionState {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<RegionState>;
  return (
    typeof v.consecutiveFailures === "number" &&
    typeof v.window === "string" &&
    /^[.sx]*$/.test(v.window) &&
    Array.isArray(v.restarts) &&
    (v.lastRestartAt === null || typeof v.lastRestartAt === "number") &&
    typeof v.escalated === "boolean" &&
    typeof v.held === "boolean"
  );
}

/** The stored state, or a fresh one when there is none or it has an older shape. */
export async function loadRegionState(kv: KVNamespace, region: string): Promise<RegionState> {
  const raw = await kv.get(regionKey(region));
  if (raw === null) return emptyRegionState();
  try {
    const parsed: unknown = JSON.parse(raw);
    return isRegionState(parsed) ? parsed : emptyRegionState();
  } catch {
    return emptyRegionState();
  }
}

/** The stored form; two states with the same form need no write. */
export const serializeRegionState = (state: RegionState): string => JSON.stringify(state);

export async function loadLastPurge(kv: KVNamespace): Promise<number | null> {
  const raw = await kv.get(PURGE_KEY);
  const at = raw === null ? NaN : Number(raw);
  return Number.isFinite(at) ? at : null;
}
