// The telemetry of one run: availability and latency per region from this run's probes,
// the Worker's actions as counters (kept in KV, since a Worker keeps nothing between runs),
// the month's cost from the usage APIs, and the upstream failures met along the way. Every
// upstream is called independently: one failing is counted and the rest still arrive. A
// failed push is counted too and shows in the next run's push.
import type { Sample } from "../probe";
import type { Env, Fetch, KVNamespace } from "../runtime";
import { RAILWAY_API_URL } from "../railway";
import type { TelemetryConfig } from "./config";
import { type Point, toLineProtocol } from "./influx";
import type { WorkerMetricName } from "./metrics";
import { callNoBody, type FailureKind, type Outcome, type Upstream } from "./upstream";
import {
  type CostFigures,
  fixedCost,
  monthOf,
  NEON_API_URL,
  neonCost,
  railwayCost,
  readNeonUsage,
  readRailwayUsage,
} from "./usage";

export interface ActionCount {
  region: string;
  action: string;
}

export interface TelemetryInput {
  environment: string;
  railwayTokenKind: "project" | "account";
  /** Each region's probe samples of this run. */
  probes: ReadonlyArray<{ region: string; samples: readonly Sample[] }>;
  /** Actions this run took (one entry per action). */
  actions: readonly ActionCount[];
  /** KV writes of this run that failed before the push (pushed as a gauge: it needs no KV). */
  kvWriteFailures: number;
}

/** Writes one KV key, catching and reporting a failure; false when the write failed. */
export type Persist = (key: string, value: string) => Promise<boolean>;

export interface TelemetryReport {
  pushed: boolean;
  points: number;
  failures: Array<{ upstream: Upstream; kind: FailureKind; detail: string }>;
  /** Projected monthly cost by service, as pushed. */
  projectedUsd: Record<string, number>;
}

const COUNTERS_KEY = "telemetry:counters";
type Counters = Record<string, number>;

async function loadCounters(kv: KVNamespace): Promise<Counters> {
  try {
    const parsed: unknown = JSON.parse((await kv.get(COUNTERS_KEY)) ?? "{}");
    return typeof parsed === "object" && parsed !== null ? (parsed as Counters) : {};
  } catch {
    return {}; // a damaged record restarts the counters; Prometheus' increase() handles resets
  }
}

const counterKey = (name: WorkerMetricName, labels: Record<string, string>) =>
  JSON.stringify([name, Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))]);

function counterPoints(counters: Counters): Point[] {
  return Object.entries(counters).map(([key, value]) => {
    const [name, labels] = JSON.parse(key) as [string, Array<[string, string]>];
    return { name, labels: Object.fromEntries(labels), value };
  });
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function publishTelemetry(
  env: Env,
  config: TelemetryConfig,
  input: TelemetryInput,
  now: number,
  fetcher: Fetch,
  persist: Persist,
): Promise<TelemetryReport> {
  const environment = input.environment;
  const point = (name: WorkerMetricName, labels: Record<string, string>, value: number): Point => ({
    name,
    labels: { environment, ...labels },
    value,
  });
  const points: Point[] = [];
  const failures: TelemetryReport["failures"] = [];
  const counters = await loadCounters(env.STATE);
  const countersBefore = JSON.stringify(counters);
  const bump = (name: WorkerMetricName, labels: Record<string, string>) => {
    const key = counterKey(name, { environment, ...labels });
    counters[key] = (counters[key] ?? 0) + 1;
  };
  const failed = (upstream: Upstream, outcome: Outcome<unknown>) => {
    if (outcome.ok) return;
    failures.push({ upstream, kind: outcome.kind, detail: outcome.detail });
    bump("neuropilot_telemetry_upstream_failures_total", { upstream, kind: outcome.kind });
  };

  for (const { region, samples } of input.probes) {
    if (samples.length > 0) {
      const passed = samples.filter((s) => s.ok).length;
      points.push(point("neuropilot_probe_availability_ratio", { region }, passed / samples.length));
    }
    const latency = median(samples.flatMap((s) => (s.ms === null ? [] : [s.ms])));
    if (latency !== undefined) points.push(point("neuropilot_probe_latency_seconds", { region }, latency / 1000));
  }
  for (const { region, action } of input.actions) bump("neuropilot_autoheal_actions_total", { region, action });
  points.push(point("neuropilot_autoheal_kv_write_failures", {}, input.kvWriteFailures));

  const month = monthOf(now);
  const [railway, neon] = await Promise.all([
    env.RAILWAY_TOKEN
      ? readRailwayUsage(
          config,
          env.RAILWAY_API_URL ?? RAILWAY_API_URL,
          env.RAILWAY_TOKEN,
          input.railwayTokenKind,
          month,
          now,
          fetcher,
        )
      : undefined,
    env.NEON_API_KEY
      ? readNeonUsage(config, env.NEON_API_URL ?? NEON_API_URL, env.NEON_API_KEY, month, now, fetcher)
      : undefined,
  ]);
  const costs: Record<string, CostFigures> = { fixed: fixedCost(config, month) };
  if (railway) {
    failed("railway", railway);
    if (railway.ok) costs.railway = railwayCost(railway.value, config, month);
  }
  if (neon) {
    failed("neon", neon);
    if (neon.ok) costs.neon = neonCost(neon.value, config, month);
  }
  // A service whose usage could not be read is left out rather than pushed as 0: its last
  // good value stays in Grafana, and the failure counter says why it is stale.
  const projectedUsd: Record<string, number> = {};
  for (const [service, figures] of Object.entries(costs)) {
    points.push(point("neuropilot_month_to_date_cost_usd", { service }, round(figures.monthToDateUsd)));
    points.push(point("neuropilot_estimated_monthly_cost_usd", { service }, round(figures.projectedUsd)));
    projectedUsd[service] = round(figures.projectedUsd);
  }

  await postDailySummary(env, config, environment, costs, failures, now, fetcher, persist).then((outcome) => {
    if (outcome) failed("slack", outcome);
  });

  // Counters as they stand before the push; a failed push is counted for the next run.
  points.push(...counterPoints(counters));
  let pushed = false;
  if (env.GRAFANA_PUSH_TOKEN) {
    const outcome = await callNoBody(
      fetcher,
      config.pushUrl,
      {
        method: "POST",
        headers: {
          "content-type": "text/plain; charset=utf-8",
          authorization: `Basic ${btoa(`${config.pushUser}:${env.GRAFANA_PUSH_TOKEN}`)}`,
        },
        body: toLineProtocol(points, now),
      },
      config.timeoutMs,
    );
    failed("grafana", outcome);
    pushed = outcome.ok;
  }
  // Only when a counter moved: a healthy run changes none, and a KV write a run would
  // exhaust the Workers Free plan's 1,000 writes a day (docs/operations.md#kv-writes).
  const after = JSON.stringify(counters);
  if (after !== countersBefore) await persist(COUNTERS_KEY, after);
  return { pushed, points: points.length, failures, projectedUsd };
}

const round = (usd: number) => Math.round(usd * 100) / 100;

const SUMMARY_KEY = "telemetry:daily-summary";
const money = (usd: number) => `$${usd.toFixed(2)}`;

/**
 * The seeds' daily cost digest, sent to the Slack channel the Worker already reports to:
 * once a day, on the first run at or after the configured UTC hour. Returns the outcome of
 * the post, or undefined when no summary was due.
 */
async function postDailySummary(
  env: Env,
  config: TelemetryConfig,
  environment: string,
  costs: Record<string, CostFigures>,
  failures: TelemetryReport["failures"],
  now: number,
  fetcher: Fetch,
  persist: Persist,
): Promise<Outcome<true> | undefined> {
  const summary = config.dailySummary;
  if (!summary || !env.SLACK_WEBHOOK_URL) return undefined;
  const at = new Date(now);
  const day = at.toISOString().slice(0, 10);
  if (at.getUTCHours() < summary.hourUtc || (await env.STATE.get(SUMMARY_KEY)) === day) return undefined;

  const projected = Object.values(costs).reduce((sum, c) => sum + round(c.projectedUsd), 0);
  const status =
    projected > summary.criticalUsd
      ? ":rotating_light: above the critical budget"
      : projected > summary.warningUsd
        ? ":warning: above the warning budget"
        : "within budget";
  const lines = [
    `*neuropilot ${environment}: daily cost* (${day})`,
    `Projected this month: ${money(projected)} (warning $${summary.warningUsd}, critical $${summary.criticalUsd}): ${status}`,
    ...Object.entries(costs).map(
      ([service, c]) => `• ${service}: ${money(c.projectedUsd)} projected, ${money(c.monthToDateUsd)} so far`,
    ),
    ...failures.map((f) => `• ${f.upstream}: not read this run (${f.kind}); its figure is missing above`),
  ];
  const outcome = await callNoBody(
    fetcher,
    env.SLACK_WEBHOOK_URL,
    {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: lines.join("\n") }),
    },
    config.timeoutMs,
  );
  // A failed write is reported by persist; the summary may then be sent again next run.
  if (outcome.ok) await persist(SUMMARY_KEY, day);
  return outcome;
}
