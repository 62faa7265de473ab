// The rollout's Prometheus client and gate reading. One documented call: the HTTP API's instant
// query, GET /api/v1/query?query=… answering
// { status: "success", data: { resultType: "vector", result: [{ metric, value: [time, "1.5"] }] } }
// (prometheus.io/docs/prometheus/latest/querying/api/#instant-queries). The gate's two numbers are
// the canary pool's (its region label's) 5xx share, from the same PromQL the dashboards and alert
// rules use (dashboards/signals.ts errorRatePct), and its SLO burn rate: that share divided by the
// error budget (1 − availability objective), i.e. how many times faster than sustainable the
// canary consumes the budget.
import { signals } from "../dashboards/signals";
import type { GateReading } from "./rollout-gates";

/** A Prometheus answer the operator acts on: one line, never the password. */
export class PrometheusApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PrometheusApiError";
  }
}

export interface PrometheusOptions {
  /** Root of the HTTP API (the part before /api/v1), e.g. a Grafana Cloud Prometheus URL. */
  baseUrl: string;
  /** Basic auth (Grafana Cloud: instance id and an access token), from the environment. */
  username?: string;
  password?: string;
  timeoutMs?: number;
}

export class PrometheusClient {
  constructor(private readonly options: PrometheusOptions) {}

  /** The first sample of an instant query, or null when the vector is empty or not a number. */
  async instant(query: string): Promise<number | null> {
    const url = new URL(`${this.options.baseUrl.replace(/\/+$/, "")}/api/v1/query`);
    url.searchParams.set("query", query);
    const headers: Record<string, string> = {};
    if (this.options.username !== undefined || this.options.password !== undefined) {
      const pair = `${this.options.username ?? ""}:${this.options.password ?? ""}`;
      headers.authorization = `Basic ${Buffer.from(pair).toString("base64")}`;
    }
    let response: Response;
    try {
      response = await fetch(url, { headers, signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000) });
    } catch (error) {
      throw new PrometheusApiError(`prometheus: GET /api/v1/query failed (${(error as Error).message})`);
    }
    if (response.status === 401 || response.status === 403) {
      throw new PrometheusApiError(
        `prometheus: ${response.status} on GET /api/v1/query: check PROMETHEUS_USERNAME and PROMETHEUS_PASSWORD`,
      );
    }
    let body: { status?: string; error?: string; data?: { result?: Array<{ value?: [number, string] }> } };
    try {
      body = (await response.json()) as typeof body;
    } catch {
      throw new PrometheusApiError(
        `prometheus: GET /api/v1/query answered ${response.status} with a body that is not JSON`,
      );
    }
    if (response.status !== 200 || body.status !== "success") {
      throw new PrometheusApiError(
        `prometheus: GET /api/v1/query answered ${response.status}: ${String(body.error ?? "no error message").slice(0, 200)}`,
      );
    }
    const sample = body.data?.result?.[0]?.value?.[1];
    if (sample === undefined) return null;
    const value = Number(sample);
    return Number.isFinite(value) ? value : null;
  }
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

export function gateQueries(input: GateQueryInput): { burnRate: string; errorRate: string } {
  const scope = [`environment="${input.environment}"`, `region="${input.region}"`];
  const budget = Number((1 - input.availabilityPct / 100).toPrecision(6));
  return {
    burnRate: `(${signals.errorRatePct(scope, input.burnWindow)}) / 100 / ${budget}`,
    errorRate: `(${signals.errorRatePct(scope, input.errorWindow)}) / 100`,
  };
}

/** Reads both numbers; an unreachable or failing Prometheus gives no reading (the gate holds). */
export async function readGate(
  client: PrometheusClient,
  queries: { burnRate: string; errorRate: string },
  onError: (message: string) => void,
): Promise<GateReading> {
  const read = async (query: string) => {
    try {
      return await client.instant(query);
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
