// Per-region state kept in KV between runs, and the pure update applied after each run.
// KV is eventually consistent (a write can take up to a minute to be seen elsewhere), so
// the cooldown is not the only guard: a redeploy is also skipped while Railway reports
// one in progress (see railway.ts).
import type { KVNamespace } from "./runtime";
import type { Sample } from "./probe";

export interface RegionState {
  /** Runs in a row in which every probe failed. */
  consecutiveFailures: number;
  /** The window: samples of the last `windowRuns` runs, oldest first. */
  samples: Sample[];
  /** Epoch ms of the redeploys in the last hour. */
  restarts: number[];
  lastRestartAt: number | null;
  /** Set once a human has been told the Worker cannot heal this region; cleared on recovery. */
  escalated: boolean;
}

const HOUR_MS = 3_600_000;

export function emptyRegionState(): RegionState {
  return { consecutiveFailures: 0, samples: [], restarts: [], lastRestartAt: null, escalated: false };
}

export interface WindowSettings {
  probesPerRun: number;
  windowRuns: number;
}

/** The state after a run's samples: window trimmed, failure streak updated, old restarts dropped. */
export function recordRun(state: RegionState, run: Sample[], settings: WindowSettings, now: number): RegionState {
  const allFailed = run.length > 0 && run.every((s) => !s.ok);
  return {
    ...state,
    consecutiveFailures: allFailed ? state.consecutiveFailures + 1 : 0,
    samples: [...state.samples, ...run].slice(-settings.probesPerRun * settings.windowRuns),
    restarts: state.restarts.filter((at) => now - at < HOUR_MS),
  };
}

/** The state after a redeploy: a fresh window, so the old deployment's samples cannot trigger again. */
export function recordRestart(state: RegionState, now: number): RegionState {
  return { ...state, consecutiveFailures: 0, samples: [], restarts: [...state.restarts, now], lastRestartAt: now };
}

const regionKey = (region: string) => `region:${region}`;
const PURGE_KEY = "purge:last";

function isRegionState(value: unknown): value is RegionState {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<RegionState>;
  return (
    typeof v.consecutiveFailures === "number" &&
    Array.isArray(v.samples) &&
    Array.isArray(v.restarts) &&
    (v.lastRestartAt === null || typeof v.lastRestartAt === "number") &&
    typeof v.escalated === "boolean"
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

export function saveRegionState(kv: KVNamespace, region: string, state: RegionState): Promise<void> {
  return kv.put(regionKey(region), JSON.stringify(state));
}

export async function loadLastPurge(kv: KVNamespace): Promise<number | null> {
  const raw = await kv.get(PURGE_KEY);
  const at = raw === null ? NaN : Number(raw);
  return Number.isFinite(at) ? at : null;
}

export function saveLastPurge(kv: KVNamespace, at: number): Promise<void> {
  return kv.put(PURGE_KEY, String(at));
}
