// The load-test history: one small JSON record per k6 run (environment, profile, p50/p95/p99,
// error rate, throughput), kept in a folder (in CI, the workflow's cache; docs/objectives.md),
// and the regression verdict of a run against the runs before it of the same environment and
// profile. Grafana Cloud keeps the same figures as series for the dashboard
// (ops/loadtest-push.ts); the folder is what a run is compared with, since reading Grafana
// back would need a second, read-scoped token in the workflow.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { LOAD_PROFILES } from "../dashboards/loadtest-series";
import type { BenchSummary } from "./k6-summary";

export const RunRecordSchema = z.strictObject({
  version: z.literal(1),
  /** When the run was analysed (right after k6 ends), ISO 8601 UTC. */
  at: z.iso.datetime(),
  environment: z.string().regex(/^[a-z0-9-]{1,40}$/),
  profile: z.enum(LOAD_PROFILES),
  p50Ms: z.number().nonnegative(),
  p95Ms: z.number().nonnegative(),
  p99Ms: z.number().nonnegative().nullable(),
  /** Share of failed requests, 0..1. */
  errorRate: z.number().min(0).max(1),
  requestsPerSecond: z.number().nonnegative(),
});
export type RunRecord = z.infer<typeof RunRecordSchema>;

/**
 * When a run counts as a regression, as data: a latency quantile more than
 * `latencyIncreasePct` above the baseline, or an error rate more than `errorRateIncreasePts`
 * percentage points above it. The baseline is the median of the last `baselineRuns` runs of
 * the same environment and profile (a median, so one bad run does not move it); with fewer
 * than `minRuns` of them there is no verdict. At exactly the limit a run is not a regression.
 */
export const RegressionThresholdsSchema = z.strictObject({
  latencyIncreasePct: z.number().positive().max(1000),
  errorRateIncreasePts: z.number().positive().max(100),
  baselineRuns: z.number().int().min(1).max(50),
  minRuns: z.number().int().min(1).max(50),
});
export type RegressionThresholds = z.infer<typeof RegressionThresholdsSchema>;

export const DEFAULT_REGRESSION_THRESHOLDS: RegressionThresholds = RegressionThresholdsSchema.parse({
  latencyIncreasePct: 20,
  errorRateIncreasePts: 0.5,
  baselineRuns: 5,
  minRuns: 1,
});

export class HistoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "HistoryError";
  }
}

export function runRecord(summary: BenchSummary, environment: string, profile: string, at: Date): RunRecord {
  const parsed = RunRecordSchema.safeParse({
    version: 1,
    at: at.toISOString(),
    environment,
    profile,
    p50Ms: summary.latency.med,
    p95Ms: summary.latency.p95,
    p99Ms: summary.latency.p99,
    errorRate: summary.errorRate,
    requestsPerSecond: summary.requestsPerSecond,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HistoryError(
      `cannot record the run: ${issue.path.join(".")}: ${issue.message} (profile is one of ${LOAD_PROFILES.join(", ")})`,
    );
  }
  return parsed.data;
}

/** Every record in `dir` (*.json), oldest first; a file that is not a record is refused by name. */
export function readHistory(dir: string): RunRecord[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith(".json"));
  } catch (error) {
    throw new HistoryError(
      `--history ${dir}: cannot read the folder (${(error as NodeJS.ErrnoException).code ?? String(error)}); give a folder of run records, which --record writes`,
    );
  }
  const records = files.map((file) => {
    const path = join(dir, file);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, "utf8"));
    } catch {
      throw new HistoryError(`${path}: not JSON; remove it from the history folder`);
    }
    const parsed = RunRecordSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new HistoryError(
        `${path}: not a load-test run record (${issue.path.join(".") || "(root)"}: ${issue.message}); remove it from the history folder`,
      );
    }
    return parsed.data;
  });
  return records.sort((a, b) => a.at.localeCompare(b.at));
}

/** Writes the record as `<dir>/<at>-<environment>-<profile>.json`; returns the path. */
export function writeRecord(dir: string, record: RunRecord): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${record.at.replace(/[:.]/g, "-")}-${record.environment}-${record.profile}.json`);
  writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`, { flag: "wx" });
  return path;
}

export interface Comparison {
  name: string;
  baseline: number;
  current: number;
  limit: number;
  regressed: boolean;
}

export interface RegressionVerdict {
  verdict: "regression" | "ok" | "no-baseline";
  /** Runs the baseline is the median of. */
  baselineRuns: number;
  comparisons: Comparison[];
}

/** Rounded to 1e-9, so a run exactly at a limit is at it: 0.6 - 0.1 is 0.5, not 0.49999999999999994. */
const round9 = (value: number): number => (Number.isFinite(value) ? Math.round(value * 1e9) / 1e9 : value);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Compares `current` with the earlier runs of its environment and profile in `history`. */
export function compareWithHistory(
  current: RunRecord,
  history: readonly RunRecord[],
  thresholds: RegressionThresholds = DEFAULT_REGRESSION_THRESHOLDS,
): RegressionVerdict {
  const earlier = history
    .filter((r) => r.environment === current.environment && r.profile === current.profile && r.at < current.at)
    .slice(-thresholds.baselineRuns);
  if (earlier.length < thresholds.minRuns)
    return { verdict: "no-baseline", baselineRuns: earlier.length, comparisons: [] };

  const latency = (name: string, pick: (r: RunRecord) => number | null): Comparison[] => {
    const values = earlier.map(pick).filter((v): v is number => v !== null);
    const now = pick(current);
    if (values.length === 0 || now === null) return [];
    const baseline = median(values);
    const limit = baseline * (1 + thresholds.latencyIncreasePct / 100);
    // Compared as an increase in percent, so exactly +latencyIncreasePct is not a regression.
    const increasePct = baseline === 0 ? (now > 0 ? Infinity : 0) : ((now - baseline) / baseline) * 100;
    return [{ name, baseline, current: now, limit, regressed: round9(increasePct) > thresholds.latencyIncreasePct }];
  };
  const errorBaseline = median(earlier.map((r) => r.errorRate * 100));
  const errorNow = current.errorRate * 100;
  const comparisons: Comparison[] = [
    ...latency("p50 ms", (r) => r.p50Ms),
    ...latency("p95 ms", (r) => r.p95Ms),
    ...latency("p99 ms", (r) => r.p99Ms),
    {
      name: "error rate %",
      baseline: errorBaseline,
      current: errorNow,
      limit: errorBaseline + thresholds.errorRateIncreasePts,
      regressed: round9(errorNow - errorBaseline) > thresholds.errorRateIncreasePts,
    },
  ];
  return {
    verdict: comparisons.some((c) => c.regressed) ? "regression" : "ok",
    baselineRuns: earlier.length,
    comparisons,
  };
}
