// Pushes one load-test run to Grafana Cloud the way the auto-heal Worker pushes its series:
// Influx line protocol to the stack's /api/v1/push/influx/write endpoint with Basic auth
// (metrics instance id : token), written by the Worker's own toLineProtocol
// (workers/autoheal/src/telemetry/influx.ts), as the series of dashboards/loadtest-series.ts.
import type { LoadTestMetricName } from "../dashboards/loadtest-series";
import { type Point, toLineProtocol } from "../workers/autoheal/src/telemetry/influx";
import type { RunRecord } from "./loadtest-history";

export interface PushTarget {
  /** https://<influx host>/api/v1/push/influx/write */
  url: string;
  /** Numeric metrics instance id (grafana.prometheusUser). */
  user: string;
  /** From the GRAFANA_PUSH_TOKEN environment variable only. */
  token: string;
}

export class PushError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PushError";
  }
}

const PUSH_TIMEOUT_MS = 10_000;

/** The run's points: latency at three quantiles (seconds), error ratio and throughput. */
export function runPoints(record: RunRecord): Point[] {
  const labels = { environment: record.environment, profile: record.profile };
  const point = (name: LoadTestMetricName, extra: Record<string, string>, value: number): Point => ({
    name,
    labels: { ...labels, ...extra },
    value,
  });
  const quantiles: Array<[string, number | null]> = [
    ["0.5", record.p50Ms],
    ["0.95", record.p95Ms],
    ["0.99", record.p99Ms],
  ];
  return [
    ...quantiles.flatMap(([quantile, ms]) =>
      ms === null ? [] : [point("neuropilot_loadtest_latency_seconds", { quantile }, ms / 1000)],
    ),
    point("neuropilot_loadtest_error_ratio", {}, record.errorRate),
    point("neuropilot_loadtest_requests_per_second", {}, record.requestsPerSecond),
  ];
}

export async function pushRun(
  record: RunRecord,
  target: PushTarget,
  fetcher: typeof fetch = fetch,
): Promise<{ lines: number }> {
  const body = toLineProtocol(runPoints(record), Date.parse(record.at));
  let response: Response;
  try {
    response = await fetcher(target.url, {
      method: "POST",
      headers: {
        "content-type": "text/plain; charset=utf-8",
        authorization: `Basic ${Buffer.from(`${target.user}:${target.token}`).toString("base64")}`,
      },
      body,
      signal: AbortSignal.timeout(PUSH_TIMEOUT_MS),
    });
  } catch (error) {
    throw new PushError(
      `push to ${new URL(target.url).host} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!response.ok) {
    throw new PushError(
      `push to ${new URL(target.url).host} answered HTTP ${response.status}: check GRAFANA_PUSH_TOKEN (a token with metrics:write) and the metrics instance id ${target.user}`,
    );
  }
  return { lines: body.split("\n").length };
}

/**
 * Where an environment's runs go: its Worker's push endpoint when it has one, else the
 * Influx endpoint of its Grafana stack (the Prometheus URL's host, as config/production.ts
 * derives the Worker's), with the stack's metrics instance id.
 */
export function pushTargetOf(
  env: {
    grafana: { prometheusUrl: string; prometheusUser: string };
    autoheal: { telemetry?: { pushUrl: string; pushUser: string } | null };
  },
  token: string,
): PushTarget {
  const telemetry = env.autoheal.telemetry;
  return telemetry
    ? { url: telemetry.pushUrl, user: telemetry.pushUser, token }
    : {
        url: `${new URL(env.grafana.prometheusUrl).origin}/api/v1/push/influx/write`,
        user: env.grafana.prometheusUser,
        token,
      };
}
