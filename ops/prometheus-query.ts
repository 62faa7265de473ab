// One instant query against a Prometheus HTTP API (GET <base>/api/v1/query; Grafana Cloud's
// is https://prometheus-….grafana.net/api/prom with Basic auth, metrics instance id : token).
// Response shape: prometheus.io/docs/prometheus/latest/querying/api/#instant-queries
// ({ status, data: { resultType: "vector", result: [{ metric, value: [ts, "str"] }] } }).

export interface PrometheusTarget {
  /** Base URL up to (not including) /api/v1, e.g. https://prometheus-prod-13-prod-us-east-0.grafana.net/api/prom */
  baseUrl: string;
  user?: string;
  /** From the environment only (PROMETHEUS_TOKEN). */
  token?: string;
}

export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QueryError";
  }
}

const TIMEOUT_MS = 30_000;

/**
 * The single value of an instant query, or null when the result is empty. A result of more
 * than one series is refused: every review query aggregates to one number.
 */
export async function instantQuery(
  target: PrometheusTarget,
  query: string,
  at: Date,
  fetcher: typeof fetch = fetch,
): Promise<number | null> {
  const url = new URL(`${target.baseUrl.replace(/\/+$/, "")}/api/v1/query`);
  url.searchParams.set("query", query);
  url.searchParams.set("time", (at.getTime() / 1000).toFixed(3));
  const headers: Record<string, string> = { accept: "application/json" };
  if (target.token) {
    headers.authorization = `Basic ${Buffer.from(`${target.user ?? ""}:${target.token}`).toString("base64")}`;
  }
  let response: Response;
  try {
    response = await fetcher(url, { headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new QueryError(`${url.host}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (response.status === 401 || response.status === 403) {
    throw new QueryError(
      `${url.host} answered HTTP ${response.status}: check PROMETHEUS_USER and PROMETHEUS_TOKEN (a token with metrics:read)`,
    );
  }
  const body = (await response.json().catch(() => null)) as {
    status?: string;
    error?: string;
    data?: { resultType?: string; result?: Array<{ value?: [number, string] }> };
  } | null;
  if (!response.ok || body?.status !== "success") {
    throw new QueryError(`${url.host} refused the query (HTTP ${response.status}): ${body?.error ?? "no JSON body"}`);
  }
  const result = body.data?.result ?? [];
  if (body.data?.resultType !== "vector") throw new QueryError(`expected a vector, got ${body.data?.resultType}`);
  if (result.length === 0) return null;
  if (result.length > 1) throw new QueryError(`expected one series, got ${result.length} for ${query}`);
  const value = Number(result[0].value?.[1]);
  return Number.isNaN(value) ? null : value;
}
