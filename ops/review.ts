// npm run review -- --window 30d [--environment production] [--at 2026-12-07T00:00:00Z]
// The v18 GO/ADJUST/REBUILD decision (ops/review-matrix.ts) over a window of one
// environment's telemetry, read from the Prometheus query API of its Grafana stack:
// PROMETHEUS_URL (default: the environment's grafana.prometheusUrl), PROMETHEUS_USER
// (default: grafana.prometheusUser) and PROMETHEUS_TOKEN (a token with metrics:read) from the
// environment (ops/prometheus.ts). Exit 0 with a decision; 1 when the query API fails; 2 on bad
// usage. Every printed line passes through the redaction module, the token a known value.
import { ENVIRONMENT_SOURCES } from "../config";
import { loadEnvironments } from "../config/load";
import { numberFlag, stackNameArg, strictArgs, UsageError } from "../cli/flags";
import { runCommand } from "../cli/run";
import { redact } from "../secrets/redact";
import {
  instantQuery,
  PROMETHEUS_ENV,
  PrometheusApiError,
  prometheusCredentials,
  type PrometheusTarget,
} from "./prometheus";
import {
  classify,
  decide,
  MINIMUM_WINDOW_DAYS,
  NOT_MEASURED,
  REVIEW_METRICS,
  type Review,
  type MetricResult,
} from "./review-matrix";
import { formatTable } from "./table";

const USAGE = "usage: npm run review -- --window <days>d [--environment NAME] [--at ISO-8601 time]";

export async function runReview(
  environment: string,
  windowDays: number,
  target: PrometheusTarget,
  at: Date,
): Promise<Review> {
  const window = `${windowDays}d`;
  const results: MetricResult[] = [];
  for (const metric of REVIEW_METRICS) {
    // Every review query aggregates to one number: a second series is a query bug, not data.
    const value = await instantQuery(target, metric.query(environment, window), { at, singleSeries: true });
    results.push({ metric, value, status: classify(metric, value) });
  }
  return decide(results, windowDays);
}

export function renderReview(environment: string, windowDays: number, review: Review): string {
  const fmt = (r: MetricResult) => (r.value === null ? "no data" : `${Number(r.value.toFixed(3))} ${r.metric.unit}`);
  const bound = (r: MetricResult) => `${r.metric.direction === "at-least" ? ">=" : "<="} ${r.metric.target}`;
  const table = formatTable(
    ["metric", "target", "critical beyond", "value", "status"],
    review.results.map((r) => [r.metric.title, bound(r), String(r.metric.critical), fmt(r), r.status]),
  );
  return [
    `v18 review of ${environment} over ${windowDays}d`,
    "",
    table,
    "",
    `Not measured: ${NOT_MEASURED.join("; ")}.`,
    "",
    `Decision: ${review.decision} (${review.reason})${review.decision === "GO" ? " — on the measured metrics only" : ""}.`,
    ...(review.provisional
      ? [`Provisional: the seeds ask for ${MINIMUM_WINDOW_DAYS} days of telemetry; this window is ${windowDays}.`]
      : []),
  ].join("\n");
}

async function main(argv: string[], env: NodeJS.ProcessEnv = process.env, fetcher: typeof fetch = fetch) {
  const { values, positionals } = strictArgs({
    args: argv,
    allowPositionals: false,
    options: {
      window: { type: "string" },
      environment: { type: "string", default: "production" },
      at: { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  void positionals;
  const raw = values.window;
  if (raw === undefined || !/^\d+d$/.test(raw)) {
    throw new UsageError(`--window must be whole days such as 30d, got ${JSON.stringify(raw ?? "nothing")}`);
  }
  const windowDays = numberFlag(
    { window: raw.slice(0, -1) },
    "window",
    {
      min: 1,
      max: 365,
      integer: true,
      example: "--window 30d",
    },
    0,
  );
  const at = values.at === undefined ? new Date() : new Date(values.at);
  if (Number.isNaN(at.getTime())) throw new UsageError(`--at must be an ISO 8601 time, got ${values.at}`);
  const environments = loadEnvironments(ENVIRONMENT_SOURCES);
  const name = stackNameArg(
    values.environment.replace(/^neuropilot-/, ""),
    environments.map((e) => e.name),
  );
  const config = environments.find((e) => e.name === name)!;
  const target: PrometheusTarget = {
    baseUrl: env[PROMETHEUS_ENV.url] ?? config.grafana.prometheusUrl,
    ...prometheusCredentials(env, config.grafana.prometheusUser),
    fetcher,
  };
  const known = [target.token].filter((v): v is string => !!v);
  try {
    const review = await runReview(name, windowDays, target, at);
    console.log(redact(renderReview(name, windowDays, review), known));
    return 0;
  } catch (error) {
    if (!(error instanceof PrometheusApiError)) throw error;
    console.error(redact(`review: ${error.message}`, known));
    return 1;
  }
}

if (require.main === module) runCommand(() => main(process.argv.slice(2)), { name: "review", usage: USAGE });

export { main as reviewCli, USAGE as REVIEW_USAGE };
