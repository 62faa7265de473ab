// Cloudflare Workers quotas of the auto-heal Worker (config/workers-plans.ts holds the
// limits and their sources; workers/autoheal/src/budget.ts the Worker's usage). The
// Workers plan and its daily KV quotas are per account: environments sharing an account
// add their Workers up.
import type { EnvironmentConfig } from "../../config/schema";
import { WORKERS_LIMITS_SOURCES, WORKERS_PLAN_LIMITS, type WorkersPlanLimits } from "../../config/workers-plans";
import {
  type BudgetSettings,
  cpuMsPerRun,
  kvOperationsPerRun,
  kvReadsPerDay,
  kvWritesPerDay,
  subrequestsPerRun,
} from "../../workers/autoheal/src/budget";
import type { QuotaFinding, QuotaRule } from "./rule";

/** The Worker's budget inputs from an environment's config (as stacks/environment-stack.ts deploys it). */
export function budgetSettings(env: EnvironmentConfig): BudgetSettings {
  const a = env.autoheal;
  return {
    regions: env.regions.length,
    checkIntervalMinutes: a.checkIntervalMinutes,
    probesPerRun: a.probesPerRun,
    cooldownMinutes: a.cooldownMinutes,
    maxRestartsPerHour: a.maxRestartsPerHour,
    purge: a.purgeOnErrorSpike !== "off",
    telemetry: a.telemetry !== undefined,
    dailySummary: a.telemetry !== undefined && a.telemetry.dailySummaryHourUtc !== null,
  };
}

/** Environments that deploy the Worker, grouped by Cloudflare account. */
function workerAccounts(environments: readonly EnvironmentConfig[]): EnvironmentConfig[][] {
  const byAccount = new Map<string, EnvironmentConfig[]>();
  for (const env of environments.filter((e) => e.autoheal.enabled)) {
    byAccount.set(env.cloudflare.accountId, [...(byAccount.get(env.cloudflare.accountId) ?? []), env]);
  }
  return [...byAccount.values()];
}

const planOf = (env: EnvironmentConfig) => `the Workers ${env.cloudflare.workersPlan} plan`;
const limitsOf = (env: EnvironmentConfig): WorkersPlanLimits => WORKERS_PLAN_LIMITS[env.cloudflare.workersPlan];
const KV = { ref: WORKERS_LIMITS_SOURCES.kv.url, read: WORKERS_LIMITS_SOURCES.kv.read };
const WORKERS = { ref: WORKERS_LIMITS_SOURCES.workers.url, read: WORKERS_LIMITS_SOURCES.workers.read };

/** An account-wide daily figure: the sum over the account's Workers, reported on the last environment. */
function accountDaily(
  environments: readonly EnvironmentConfig[],
  usage: (s: BudgetSettings) => number,
  limit: (l: WorkersPlanLimits) => number,
  describe: (parts: string) => string,
): QuotaFinding[] {
  return workerAccounts(environments).flatMap((envs) => {
    const last = envs[envs.length - 1];
    const parts = envs.map((e) => ({ env: e, used: usage(budgetSettings(e)) }));
    const used = parts.reduce((sum, p) => sum + p.used, 0);
    if (used <= limit(limitsOf(last))) return [];
    return [
      {
        environment: last.name,
        path: ["autoheal", "checkIntervalMinutes"],
        used,
        limit: limit(limitsOf(last)),
        plan: planOf(last),
        detail: describe(parts.map((p) => `${p.env.name} ${p.used}`).join(" + ")),
      },
    ];
  });
}

export const workersKvWrites: QuotaRule = {
  id: "cloudflare-workers-kv-writes",
  what: "KV writes a UTC day per account, at steady state",
  limits: "1,000 a day (Workers Free); no daily limit (Workers Paid: 1 million a month included)",
  source: KV,
  fix: "choose cloudflare.workersPlan: paid, or run the Worker less often (autoheal.checkIntervalMinutes), or on fewer environments",
  check: (environments) =>
    accountDaily(
      environments,
      (s) => kvWritesPerDay(s).steady,
      (l) => l.kvWritesPerDay,
      (parts) => `a healthy day writes only the daily summary marker: ${parts}`,
    ),
};

export const workersKvReads: QuotaRule = {
  id: "cloudflare-workers-kv-reads",
  what: "KV reads a UTC day per account, worst case",
  limits: "100,000 a day (Workers Free); no daily limit (Workers Paid: 10 million a month included)",
  source: KV,
  fix: "choose cloudflare.workersPlan: paid, or raise autoheal.checkIntervalMinutes",
  check: (environments) =>
    accountDaily(
      environments,
      (s) => kvReadsPerDay(s).worst,
      (l) => l.kvReadsPerDay,
      (parts) => `runs a day × (regions + counters + summary marker + last purge): ${parts}`,
    ),
};

export const workersCronTriggers: QuotaRule = {
  id: "cloudflare-workers-cron-triggers",
  what: "Cron Triggers per account",
  limits: "5 (Workers Free), 250 (Workers Paid)",
  source: WORKERS,
  fix: "choose cloudflare.workersPlan: paid, or turn the Worker off (autoheal.enabled) where it is not needed",
  check: (environments) =>
    workerAccounts(environments).flatMap((envs) => {
      const last = envs[envs.length - 1];
      // One cron trigger per Worker (constructs/cloudflare/autoheal-worker.ts).
      const used = envs.length;
      const limit = limitsOf(last).cronTriggersPerAccount;
      if (used <= limit) return [];
      return [
        {
          environment: last.name,
          path: ["autoheal", "enabled"],
          used,
          limit,
          plan: planOf(last),
          detail: "one per Worker",
        },
      ];
    }),
};

/** Per-invocation limits: each environment's Worker on its own. */
function perRun(
  environments: readonly EnvironmentConfig[],
  usage: (s: BudgetSettings) => number,
  limit: (l: WorkersPlanLimits) => number,
  path: string[],
  detail: string,
): QuotaFinding[] {
  return environments
    .filter((e) => e.autoheal.enabled)
    .flatMap((env) => {
      const used = usage(budgetSettings(env));
      const max = limit(limitsOf(env));
      return used <= max ? [] : [{ environment: env.name, path, used, limit: max, plan: planOf(env), detail }];
    });
}

export const workersSubrequests: QuotaRule = {
  id: "cloudflare-workers-subrequests",
  what: "outbound requests (subrequests) of one cron run, worst case",
  limits: "50 a run (Workers Free), 10,000 (Workers Paid)",
  source: WORKERS,
  fix: "lower autoheal.probesPerRun, or choose cloudflare.workersPlan: paid",
  check: (environments) =>
    perRun(
      environments,
      subrequestsPerRun,
      (l) => l.subrequestsPerInvocation,
      ["autoheal", "probesPerRun"],
      "regions × (probes + Railway check + redeploy + PagerDuty) + purge + Slack + telemetry's 4",
    ),
};

export const workersKvOperations: QuotaRule = {
  id: "cloudflare-workers-kv-operations",
  what: "KV operations of one run",
  limits: "1,000 a run (every plan)",
  source: KV,
  fix: "deploy fewer regions per environment",
  check: (environments) =>
    perRun(
      environments,
      kvOperationsPerRun,
      (l) => l.kvOperationsPerInvocation,
      ["regions"],
      "reads and writes per region, purge, counters, summary",
    ),
};

export const workersCpu: QuotaRule = {
  id: "cloudflare-workers-cpu",
  what: "CPU time of one run (an assumption: 1 ms + 0.2 ms per outbound request, not measured)",
  limits: "10 ms (Workers Free), 30 s by default (Workers Paid)",
  source: WORKERS,
  fix: "lower autoheal.probesPerRun, or choose cloudflare.workersPlan: paid",
  check: (environments) =>
    perRun(
      environments,
      cpuMsPerRun,
      (l) => l.cpuMsPerInvocation,
      ["autoheal", "probesPerRun"],
      "workers/autoheal/src/budget.ts CPU_ASSUMPTION",
    ),
};
