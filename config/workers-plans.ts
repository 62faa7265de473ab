// What each Cloudflare Workers plan allows the auto-heal Worker, for the quota rules
// (policy/quotas/) and the cost model. The Workers plan is per account, separate from the
// zone's plan (cloudflare-plans.ts): the Free plan's daily limits reset at 00:00 UTC.
//
// Sources (read 2026-12-07):
// - [KV] developers.cloudflare.com/kv/platform/limits/: reads 100,000 a day (Free) /
//   unlimited (Paid); writes to different keys 1,000 a day (Free) / unlimited (Paid); writes
//   to the same key 1 per second; 1,000 KV operations per Worker invocation.
// - [W] developers.cloudflare.com/workers/platform/limits/: CPU time 10 ms (Free) / 5 min
//   (Paid; 30 s unless raised with `limits.cpu_ms`); subrequests 50 per request (Free) /
//   10,000 (Paid); Cron Triggers per account 5 (Free) / 250 (Paid).
export const WORKERS_PLANS = ["free", "paid"] as const;
export type WorkersPlan = (typeof WORKERS_PLANS)[number];

export interface WorkersPlanLimits {
  /** [KV] per account and UTC day; Infinity: no daily limit (billed per million instead). */
  kvWritesPerDay: number;
  kvReadsPerDay: number;
  /** [KV] footnote 1: KV operations per invocation, on every plan. */
  kvOperationsPerInvocation: number;
  /** [W] outbound fetches per invocation. */
  subrequestsPerInvocation: number;
  /** [W] per account. */
  cronTriggersPerAccount: number;
  /** [W] CPU time per invocation (Paid: the default, which the script does not raise). */
  cpuMsPerInvocation: number;
}

export const WORKERS_PLAN_LIMITS: Record<WorkersPlan, WorkersPlanLimits> = {
  free: {
    kvWritesPerDay: 1_000,
    kvReadsPerDay: 100_000,
    kvOperationsPerInvocation: 1_000,
    subrequestsPerInvocation: 50,
    cronTriggersPerAccount: 5,
    cpuMsPerInvocation: 10,
  },
  paid: {
    kvWritesPerDay: Number.POSITIVE_INFINITY,
    kvReadsPerDay: Number.POSITIVE_INFINITY,
    kvOperationsPerInvocation: 1_000,
    subrequestsPerInvocation: 10_000,
    cronTriggersPerAccount: 250,
    cpuMsPerInvocation: 30_000,
  },
};

export const WORKERS_LIMITS_SOURCES = {
  kv: { url: "https://developers.cloudflare.com/kv/platform/limits/", read: "2026-12-07" },
  workers: { url: "https://developers.cloudflare.com/workers/platform/limits/", read: "2026-12-07" },
} as const;
