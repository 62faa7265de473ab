// The one Prometheus client of ops/: the HTTP API's instant query, GET <base>/api/v1/query?query=…
// [&time=…], answering
// { status: "success", data: { resultType: "vector", result: [{ metric, value: [time, "1.5"] }] } }
// (prometheus.io/docs/prometheus/latest/querying/api/#instant-queries). Grafana Cloud's base is
// https://prometheus-….grafana.net/api/prom with Basic auth: metrics instance id : access token.
// Used by the rollout's gate (below) and the v18 review (review.ts). Credentials come from
// PROMETHEUS_USER / PROMETHEUS_TOKEN only; errors name the URL (never its credentials) and the
// variables to check, and callers print them through secrets/redact with the token as a known value.
import { UsageError } from "../cli/flags";
import { signals } from "../dashboards/signals";
import type { GateReading } from "./rollout-gates";

/** The environment variables of the Prometheus query API, shared by every ops command. */
export const PROMETHEUS_ENV = {
  url: "PROMETHEUS_URL",
  user: "PROMETHEUS_USER",
  token: "PROMETHEUS_TOKEN",
} as const;

/** Names an earlier rollout read, refused with the rename instead of silently ignored. */
const RENAMED = { PROMETHEUS_USERNAME: PROMETHEUS_ENV.user, PROMETHEUS_PASSWORD: PROMETHEUS_ENV.token } as const;

/** A Prometheus answer the operator acts on: one line, never the token. */
export class PrometheusApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PrometheusApiError";
  }
}

export interface PrometheusTarget {
  /** Root of the HTTP API (the part before /api/v1), e.g. a Grafana Cloud Prometheus URL. */
  baseUrl: string;
  /** Basic-auth user (Grafana Cloud: the metrics instance id). */
  user?: string;
  /** Basic-auth password (Grafana Cloud: a token with metrics:read); from the environment only. */
  token?: string;
  timeoutMs?: number;
  fetcher?: typeof fetch;
}

export interface InstantOptions {
  /** Evaluation time (the API's `time` parameter); the server's now when absent. */
  at?: Date;
  /** Refuse a result of more than one series (a query that must aggregate to one number). */
  singleSeries?: boolean;
}

/**
 * The user and token from PROMETHEUS_USER / PROMETHEUS_TOKEN; the user falls back to
 * `defaultUser` (the environment's grafana.prometheusUser). The pre-unification names are
 * refused with the rename rather than dropped, so a stale shell fails loudly, not with a 401.
 */
export function prometheusCredentials(
  env: Readonly<Record<string, string | undefined>>,
  defaultUser?: string,
): { user?: string; token?: string } {
  for (const [old, current] of Object.entries(RENAMED)) {
    if (env[old] !== undefined && env[current] === undefined) {
      throw new UsageError(`${old} is no longer read: rename it to ${current} (docs/rollout.md)`);
    }
  }
  const user = env[PROMETHEUS_ENV.user] || defaultUser;
  const token = env[PROMETHEUS_ENV.token] || undefined;
  return { user, token };
}

type QueryBody = {
  status?: string;
  error?: string;
  data?: { resultType?: string; result?: Array<{ value?: [number, string] }> };
};

/**
 * The value of an instant query: the first series' sample, or null when the vector is empty
 * or the sample is not a finite number. With `singleSeries`, more than one series is an error.
 */
export async function instantQuery(
  target: PrometheusTarget,
  query: string,
  options: InstantOptions = {},
): Promise<number | null> {
  const url = new URL(`${target.baseUrl.replace(/\/+$/, "")}/api/v1/query`);
  // fetch() refuses a URL with user:password@; naming the variables beats its TypeError.
  if (url.username !== "" || url.password !== "") {
    throw new PrometheusApiError(
      `prometheus: ${PROMETHEUS_ENV.url} must not carry credentials (user:password@host); ` +
        `set ${PROMETHEUS_ENV.user} and ${PROMETHEUS_ENV.token} instead`,
    );
  }
  // Named in every error: origin and path only, never a query string or credentials.
  const where = `GET ${url.origin}${url.pathname}`;
  url.searchParams.set("query", query);
  if (options.at !== undefined) url.searchParams.set("time", (options.at.getTime() / 1000).toFixed(3));
  const headers: Record<string, string> = { accept: "application/json" };
  if (target.token) {
    headers.authorization = `Basic ${Buffer.from(`${target.user ?? ""}:${target.token}`).toString("base64")}`;
  }
  let response: Response;
  try {
    response = await (target.fetcher ?? fetch)(url, {
      headers,
      signal: AbortSignal.timeout(target.timeoutMs ?? 30_000),
    });
  } catch (error) {
    throw new PrometheusApiError(`prometheus: ${where} failed (${error instanceof Error ? error.message : error})`);
  }
  if (response.status === 401 || response.status === 403) {
    throw new PrometheusApiError(
      `prometheus: ${where} answered HTTP ${response.status}: check ${PROMETHEUS_ENV.user} and ` +
        `${PROMETHEUS_ENV.token} (a token with metrics:read)`,
    );
  }
  const body = (await response.json().catch(() => null)) as QueryBody | null;
  if (body === null) {
    throw new PrometheusApiError(`prometheus: ${where} answered HTTP ${response.status} with a body that is not JSON`);
  }
  if (!response.ok || body.status !== "success") {
    const reason = String(body.error ?? "no error message").slice(0, 200);
    throw new PrometheusApiError(`prometheus: ${where} answered HTTP ${response.status}: ${reason}`);
  }
  if (body.data?.resultType !== "vector") {
    throw new PrometheusApiError(`prometheus: ${where} answered a ${body.data?.resultType}, expected a vector`);
  }
  const result = body.data.result ?? [];
  if (result.length === 0) return null;
  if (options.singleSeries && result.length > 1) {
    throw new PrometheusApiError(`prometheus: ${where} answered ${result.length} series, expected one for ${query}`);
  }
  return sampleValue(result[0].value?.[1]);
}

/**
 * A sample as Prometheus writes it (a string). "NaN" (0/0: no traffic) is no value. "+Inf" and
 * "-Inf" are values: histogram_quantile answers +Inf for a quantile past the last finite bucket,
 * i.e. slower than any bucket measures, which a latency objective must count as a miss, and a
 * gate compared with +Inf fails (rollback) rather than holding. (JavaScript's Number() reads
 * "Infinity", not Prometheus' "+Inf".)
 */
export function sampleValue(sample: unknown): number | null {
  if (sample === "+Inf") return Number.POSITIVE_INFINITY;
  if (sample === "-Inf") return Number.NEGATIVE_INFINITY;
  if (typeof sample !== "string" || sample.trim() === "") return null;
  const value = Number(sample);
  return Number.isFinite(value) ? value : null;
}

export interface GateQueryInput {
  environment: string;
  /** The canary pool's region label. */
  region: string;
  /** Availability objective in percent (config grafana.slo.availabilityPct), e.g. 99.95. */
  availabilityPct: number;
  /** Burn-rate window: the time the step has run (Prometheus duration, e.g. 5m). */
  burnWindow: string;
  /** Error-rate window: the most recent minute(s), e.g. 1m. */
  errorWindow: string;
}

/**
 * The rollout gate's two numbers: the canary pool's (its region label's) 5xx share, from the
 * same PromQL the dashboards and alert rules use (dashboards/signals.ts errorRatePct), and its
 * SLO burn rate: that share divided by the error budget (1 − availability objective), i.e. how
 * many times faster than sustainable the canary consumes the budget.
 */
export function gateQueries(input: GateQueryInput): { burnRate: string; errorRate: string } {
  const scope = [`environment="${input.environment}"`, `region="${input.region}"`];
  const budget = Number((1 - input.availabilityPct / 100).toPrecision(6));
  return {
    burnRate: `(${signals.errorRatePct(scope, input.burnWindow)}) / 100 / ${budget}`,
    errorRate: `(${signals.errorRatePct(scope, input.errorWindow)}) / 100`,
  };
}

/** Reads both numbers; an unreachable or failing Prometheus, or no sample, gives no reading (the gate holds). */
export async function readGate(
  target: PrometheusTarget,
  queries: { burnRate: string; errorRate: string },
  onError: (message: string) => void,
): Promise<GateReading> {
  const read = async (query: string) => {
    try {
      return await instantQuery(target, query);
    } catch (error) {
      if (error instanceof PrometheusApiError) {
        onError(error.message);
        return null;
      }
      throw error;
    }
  };
  return { burnRate: await read(queries.burnRate), errorRate: await read(queries.errorRate) };
}
