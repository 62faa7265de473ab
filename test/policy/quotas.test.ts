// The service-quota rule pack: each rule with a passing fixture exactly at its quota and a
// failing one a unit past it, its message naming the quota and its source, and the synth-time
// check (validateEnvironments, as synthesize.ts runs it) refusing a config past a quota.
// Where config cannot land exactly on a documented limit (a figure of 100,000 reads from
// runs × keys), the limit is set to the computed usage for the boundary and restored after.
import { afterEach, describe, expect, it } from "vitest";
import { SUBSCRIPTIONS } from "../../config/prices";
import type { EnvironmentConfig } from "../../config/schema";
import { WORKERS_PLAN_LIMITS } from "../../config/workers-plans";
import { validateEnvironments } from "../../policy/config-guardrails";
import { QUOTA_RULES, quotaProblems } from "../../policy/quotas";
import {
  activeSeries,
  GRAFANA_ACTIVE_SERIES,
  grafanaActiveSeries,
  SERIES_PER_REPLICA,
} from "../../policy/quotas/grafana";
import { loadBalancerMonitorInterval } from "../../policy/quotas/load-balancing";
import { neonBranches, neonProjects } from "../../policy/quotas/neon";
import type { QuotaRule } from "../../policy/quotas/rule";
import { SENTRY_ERRORS_PER_MONTH, sentryErrorQuota, sentryErrorsPerMonth } from "../../policy/quotas/sentry";
import {
  budgetSettings,
  workersCpu,
  workersCronTriggers,
  workersKvOperations,
  workersKvReads,
  workersKvWrites,
  workersSubrequests,
} from "../../policy/quotas/workers";
import {
  cpuMsPerRun,
  kvOperationsPerRun,
  kvReadsPerDay,
  kvWritesPerDay,
  runsPerDay,
  subrequestsPerRun,
} from "../../workers/autoheal/src/budget";
import { bundledInputs, sourcesOf } from "../support/configs";
import { bundledEnvironments } from "../dashboards/support/queries";

const bundled = bundledEnvironments();
const production = bundled.find((e) => e.name === "production") as EnvironmentConfig;
const staging = bundled.find((e) => e.name === "staging") as EnvironmentConfig;

/** A copy of production with its own name and the given changes (a fixture, not a config file). */
function env(name: string, change: (e: EnvironmentConfig) => void = () => {}): EnvironmentConfig {
  const copy = structuredClone(production);
  copy.name = name;
  copy.neon = { ...copy.neon, isDefaultBranch: name === "production" };
  change(copy);
  return copy;
}
const many = (count: number, change?: (e: EnvironmentConfig) => void) =>
  Array.from({ length: count }, (_, i) => env(i === 0 ? "production" : `env-${i}`, change));

const check = (rule: QuotaRule, envs: readonly EnvironmentConfig[]) => rule.check(envs, SUBSCRIPTIONS);

/** Sets a limit for one test; afterEach puts the documented figure back. */
const restore: Array<() => void> = [];
function setLimit<T extends object, K extends keyof T>(table: T, key: K, value: T[K]): void {
  const before = table[key];
  table[key] = value;
  restore.push(() => {
    table[key] = before;
  });
}
afterEach(() => {
  while (restore.length > 0) restore.pop()?.();
});

describe("the Worker's budget (workers/autoheal/src/budget.ts)", () => {
  const s = budgetSettings(production);

  it("counts production's runs, writes and requests", () => {
    expect(runsPerDay(1)).toBe(1440);
    expect(runsPerDay(7)).toBe(24 * 9); // */7 fires at :00, :07, … :56
    // A healthy day writes the daily summary marker only; the worst case every record every run.
    expect(kvWritesPerDay(s)).toEqual({ steady: 1, worst: 1440 * 3 + 2 * 24 * 3 + 96 + 1 });
    expect(kvReadsPerDay(s)).toEqual({ steady: 1440 * 4, worst: 1440 * 5 });
    expect(subrequestsPerRun(s)).toBe(2 * (5 + 3) + 1 + 1 + 4);
    expect(kvOperationsPerRun(s)).toBe(5 + 7);
    expect(cpuMsPerRun(s)).toBeCloseTo(1 + 0.2 * 22);
  });

  it("without telemetry or purge, writes nothing on a healthy day", () => {
    expect(kvWritesPerDay({ ...s, telemetry: false, dailySummary: false, purge: false }).steady).toBe(0);
  });
});

describe("cloudflare-workers-kv-writes", () => {
  it("passes at the Free plan's 1,000 writes a day per account, fails one past it", () => {
    // Every environment's Worker writes one summary marker a healthy day; they share the account's quota.
    expect(check(workersKvWrites, many(1000))).toEqual([]);
    const [finding] = check(workersKvWrites, many(1001));
    expect(finding).toMatchObject({ used: 1001, limit: 1000, plan: "the Workers free plan" });
  });

  it("uses the chosen plan's limit: Workers Paid has no daily one", () => {
    expect(
      check(
        workersKvWrites,
        many(1001, (e) => (e.cloudflare.workersPlan = "paid")),
      ),
    ).toEqual([]);
  });

  it("adds up only the Workers of one account", () => {
    const other = many(1001).map((e, i) =>
      i % 2 === 0 ? e : { ...e, cloudflare: { ...e.cloudflare, accountId: "b".repeat(32) } },
    );
    expect(check(workersKvWrites, other)).toEqual([]);
  });
});

describe("per-day and per-run Workers quotas, at the limit and one past it", () => {
  const cases = [
    ["cloudflare-workers-kv-reads", workersKvReads, "kvReadsPerDay", kvReadsPerDay(budgetSettings(production)).worst],
    [
      "cloudflare-workers-subrequests",
      workersSubrequests,
      "subrequestsPerInvocation",
      subrequestsPerRun(budgetSettings(production)),
    ],
    [
      "cloudflare-workers-kv-operations",
      workersKvOperations,
      "kvOperationsPerInvocation",
      kvOperationsPerRun(budgetSettings(production)),
    ],
    ["cloudflare-workers-cpu", workersCpu, "cpuMsPerInvocation", cpuMsPerRun(budgetSettings(production))],
  ] as const;

  it.each(cases)("%s", (_id, rule, key, used) => {
    setLimit(WORKERS_PLAN_LIMITS.free, key, used);
    expect(check(rule, [production])).toEqual([]);
    setLimit(WORKERS_PLAN_LIMITS.free, key, used - (key === "cpuMsPerInvocation" ? 0.1 : 1));
    expect(check(rule, [production])).toMatchObject([{ environment: "production", used }]);
  });

  it("production as configured is within the Free plan's documented per-run limits", () => {
    for (const [, rule] of cases) expect(check(rule, [production])).toEqual([]);
    expect(subrequestsPerRun(budgetSettings(production))).toBeLessThanOrEqual(50);
  });

  it("a Worker that is not deployed spends nothing", () => {
    setLimit(WORKERS_PLAN_LIMITS.free, "subrequestsPerInvocation", 0);
    expect(check(workersSubrequests, [staging])).toEqual([]);
  });
});

describe("cloudflare-workers-cron-triggers", () => {
  it("passes at 5 Workers on a Free account, fails at 6; Paid allows 250", () => {
    expect(check(workersCronTriggers, many(5))).toEqual([]);
    expect(check(workersCronTriggers, many(6))).toMatchObject([{ used: 6, limit: 5, path: ["autoheal", "enabled"] }]);
    expect(
      check(
        workersCronTriggers,
        many(250, (e) => (e.cloudflare.workersPlan = "paid")),
      ),
    ).toEqual([]);
    expect(
      check(
        workersCronTriggers,
        many(251, (e) => (e.cloudflare.workersPlan = "paid")),
      ),
    ).toHaveLength(1);
  });
});

describe("cloudflare-lb-monitor-interval", () => {
  it("passes at the plan's floor (60 s on Pro), fails a second under it", () => {
    const at = (seconds: number) =>
      env(
        "production",
        (e) => (e.cloudflare.loadBalancer = { ...e.cloudflare.loadBalancer, monitorIntervalSeconds: seconds }),
      );
    expect(check(loadBalancerMonitorInterval, [at(60)])).toEqual([]);
    expect(check(loadBalancerMonitorInterval, [at(59)])).toMatchObject([
      { path: ["cloudflare", "loadBalancer", "monitorIntervalSeconds"], plan: "the Cloudflare pro plan" },
    ]);
  });
});

describe("neon-projects and neon-branches", () => {
  it("passes at 100 projects (one per cell) on Launch, fails at 101", () => {
    const withCells = (count: number) =>
      env("production", (e) => (e.cells = Array.from({ length: count }, () => e.cells[0])));
    expect(check(neonProjects, [withCells(100)])).toEqual([]);
    expect(check(neonProjects, [withCells(101)])).toMatchObject([{ used: 101, limit: 100, path: ["cells"] }]);
  });

  it("passes at 10 branches a project on Free, fails at 11; Launch allows 5,000", () => {
    const free = (e: EnvironmentConfig) => (e.neon = { ...e.neon, plan: "free" });
    expect(check(neonBranches, many(10, free))).toEqual([]);
    expect(check(neonBranches, many(11, free))).toMatchObject([{ used: 11, limit: 10, plan: "the Neon free plan" }]);
    expect(check(neonBranches, many(11))).toEqual([]);
  });
});

describe("grafana-active-series", () => {
  it("passes at the Free tier's limit, fails one series past it", () => {
    const used = activeSeries(bundled);
    expect(used).toBeLessThanOrEqual(10_000); // the bundled config as it stands
    setLimit(GRAFANA_ACTIVE_SERIES, "free", used);
    expect(check(grafanaActiveSeries, bundled)).toEqual([]);
    setLimit(GRAFANA_ACTIVE_SERIES, "free", used - 1);
    expect(check(grafanaActiveSeries, bundled)).toMatchObject([{ used, limit: used - 1 }]);
    expect(grafanaActiveSeries.check(bundled, { ...SUBSCRIPTIONS, grafana: "pro" })).toEqual([]);
  });

  it("grows with replicas: each backend replica exports the contract's series", () => {
    const more = env("production", (e) => (e.regions = e.regions.map((r) => ({ ...r, replicas: r.replicas + 1 }))));
    expect(activeSeries([more]) - activeSeries([production])).toBe(production.regions.length * SERIES_PER_REPLICA);
  });
});

describe("sentry-error-quota", () => {
  it("passes at the Developer tier's 5,000 errors a month, fails one past it", () => {
    const used = sentryErrorsPerMonth(production) + sentryErrorsPerMonth(staging);
    expect(used).toBe(3000 + 1000); // 3M requests × 0.1 % + 100k × 1 %, all sampled
    setLimit(SENTRY_ERRORS_PER_MONTH, "developer", used);
    expect(check(sentryErrorQuota, bundled)).toEqual([]);
    setLimit(SENTRY_ERRORS_PER_MONTH, "developer", used - 1);
    expect(check(sentryErrorQuota, bundled)).toMatchObject([{ used, path: ["sentry", "errorSampleRate"] }]);
  });

  it("scales with the sample rate", () => {
    const half = env("production", (e) => (e.sentry = { ...e.sentry, errorSampleRate: 0.5 }));
    expect(sentryErrorsPerMonth(half)).toBe(1500);
  });
});

describe("the rule pack", () => {
  it("gives every rule an id, its limits, a dated source and a fix", () => {
    const ids = QUOTA_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of QUOTA_RULES) {
      expect(rule.source.ref).toMatch(/^https:\/\//);
      expect(rule.source.read).toMatch(/^\d{4}-\d{2}(-\d{2})?$/);
      expect(rule.limits.length).toBeGreaterThan(5);
      expect(rule.fix.length).toBeGreaterThan(10);
    }
  });

  it("passes the bundled configuration", () => {
    expect(quotaProblems(sourcesOf(bundledInputs()), bundled)).toEqual([]);
  });
});

describe("at synth", () => {
  it("a config past a quota fails validation, naming the quota, its figures, its source and the fix", () => {
    const inputs = bundledInputs();
    // Five replicas in production's primary region: 7 × the contract's series per replica.
    inputs.production.regions = inputs.production.regions?.map((r, i) => (i === 0 ? { ...r, replicas: 5 } : r));
    expect(() => validateEnvironments(sourcesOf(inputs))).toThrow(
      /config\/production\.ts: production\.regions: exceeds quota grafana-active-series \(active series in the Grafana Cloud stack \(every environment reports to it\)\): [\d,]+ > 10,000 on the Grafana Cloud free tier \(.*\); source: https:\/\/grafana\.com\/pricing\/ \(read 2026-11-23\); fix: /,
    );
  });

  it("the bundled configuration synthesizes", () => {
    expect(validateEnvironments(sourcesOf(bundledInputs())).map((e) => e.name)).toEqual(bundled.map((e) => e.name));
  });
});
