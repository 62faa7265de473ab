// What one deployment of this Worker spends of its plan's quotas, from its settings: KV
// reads and writes per UTC day, outbound requests (subrequests) and CPU per run. Written
// beside the code it counts, so a change to run.ts that adds a write or a fetch changes
// these numbers in the same place; policy/quotas/ checks them against the Workers plan,
// and test/workers/autoheal-kv-budget.test.ts measures the writes in workerd.

export interface BudgetSettings {
  regions: number;
  checkIntervalMinutes: number;
  probesPerRun: number;
  cooldownMinutes: number;
  maxRestartsPerHour: number;
  /** Cache purge on an error spike is on. */
  purge: boolean;
  /** Telemetry to Grafana Cloud is on (counters, usage reads, push). */
  telemetry: boolean;
  /** The daily cost summary is on (one marker a day). */
  dailySummary: boolean;
}

export interface DailyKv {
  /** A healthy day, once each region's window has filled. */
  steady: number;
  /** An upper bound: every run changes every record it may change. */
  worst: number;
}

/** Runs per UTC day of the cron `*\/n * * * *` (constructs/cloudflare/autoheal-worker.ts cronFor). */
export function runsPerDay(checkIntervalMinutes: number): number {
  return 24 * Math.ceil(60 / checkIntervalMinutes);
}

/**
 * KV writes a day (run.ts writes a record only when it changed):
 * - steady: a healthy run changes no record; the cost summary writes its day marker once.
 * - worst: each run changes every region's record and the counters record; each redeploy
 *   writes its restart record first (at most maxRestartsPerHour a region and hour); each
 *   purge its record (at most one per cooldown).
 */
export function kvWritesPerDay(s: BudgetSettings): DailyKv {
  const runs = runsPerDay(s.checkIntervalMinutes);
  const summary = s.dailySummary ? 1 : 0;
  const restartRecords = s.regions * 24 * s.maxRestartsPerHour;
  const purges = s.purge ? Math.ceil((24 * 60) / s.cooldownMinutes) : 0;
  return {
    steady: summary,
    worst: runs * (s.regions + (s.telemetry ? 1 : 0)) + restartRecords + purges + summary,
  };
}

/**
 * KV reads a day: every run reads each region's record, the counters (telemetry) and the
 * summary marker (once the summary hour has passed; counted for every run); the last
 * purge only when a region is erroring (worst case: every run).
 */
export function kvReadsPerDay(s: BudgetSettings): DailyKv {
  const runs = runsPerDay(s.checkIntervalMinutes);
  const steady = runs * (s.regions + (s.telemetry ? 1 : 0) + (s.dailySummary ? 1 : 0));
  return { steady, worst: steady + (s.purge ? runs : 0) };
}

/** KV operations of one run at most (the per-invocation limit counts reads and writes). */
export function kvOperationsPerRun(s: BudgetSettings): number {
  const reads = s.regions + (s.purge ? 1 : 0) + (s.telemetry ? 1 : 0) + (s.dailySummary ? 1 : 0);
  // Per region: the restart record and the final record; then purge, counters, summary marker.
  const writes = 2 * s.regions + (s.purge ? 1 : 0) + (s.telemetry ? 1 : 0) + (s.dailySummary ? 1 : 0);
  return reads + writes;
}

/**
 * Outbound requests of one run at most: each region's probes (probe.ts), Railway's
 * in-progress check and redeploy (railway.ts), one PagerDuty event (notify.ts); the purge
 * (cloudflare.ts) and the run's Slack message; with telemetry, Railway's and Neon's usage
 * reads, the Grafana push and the daily summary post (telemetry/).
 */
export function subrequestsPerRun(s: BudgetSettings): number {
  const perRegion = s.probesPerRun + 2 + 1;
  const telemetry = s.telemetry ? 3 + (s.dailySummary ? 1 : 0) : 0;
  return s.regions * perRegion + (s.purge ? 1 : 0) + 1 + telemetry;
}

/**
 * CPU per run, an assumption (not measured on Cloudflare; workerd under Miniflare reports
 * no CPU time): Workers count CPU, not time waiting on I/O, so a run is parsing CONFIG and
 * the small state records, building a few JSON bodies and the line protocol, and handling
 * each response: about 1 ms fixed and 0.2 ms per outbound request.
 */
export const CPU_ASSUMPTION = { fixedMs: 1, perSubrequestMs: 0.2 } as const;

export function cpuMsPerRun(s: BudgetSettings): number {
  return CPU_ASSUMPTION.fixedMs + CPU_ASSUMPTION.perSubrequestMs * subrequestsPerRun(s);
}
