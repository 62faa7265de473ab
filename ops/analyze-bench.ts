// npm run analyze-bench -- <k6-summary.json> [--p95-ms 400] [--max-error-rate-pct 5] [--min-rps-per-vu 0.5]
//   [--environment staging] [--profile 1x|10x] [--history DIR] [--record DIR] [--push]
// Prints p50/p90/p95/p99, throughput and error rate of a k6 run, checks them against the
// budgets, and says where to look. With --history, compares the run with the earlier runs of
// its environment and profile (ops/loadtest-history.ts) and gives a regression verdict; with
// --record, adds the run to that folder; with --push, sends it to Grafana Cloud for the
// dashboard's load-test history (GRAFANA_PUSH_TOKEN from the environment).
// Exit 0: budgets met and no regression; 1: a budget missed or a regression; 2: bad usage,
// unreadable summary or history.
import { readFileSync } from "node:fs";
import { ENVIRONMENT_SOURCES } from "../config";
import { loadEnvironments } from "../config/load";
import { numberFlag, stackNameArg, strictArgs, UsageError } from "../cli/flags";
import { runCommand } from "../cli/run";
import { LOAD_PROFILES } from "../dashboards/loadtest-series";
import { analyzeBench, type BenchAnalysis, DEFAULT_LIMITS } from "./bench-analysis";
import { type BenchSummary, parseK6Summary, SummaryError } from "./k6-summary";
import {
  compareWithHistory,
  DEFAULT_REGRESSION_THRESHOLDS,
  HistoryError,
  readHistory,
  type RegressionVerdict,
  runRecord,
  writeRecord,
} from "./loadtest-history";
import { PushError, pushRun, pushTargetOf } from "./loadtest-push";
import { formatTable } from "./table";

const USAGE =
  "usage: npm run analyze-bench -- <k6-summary.json> [--p95-ms N] [--max-error-rate-pct N] [--min-rps-per-vu N]\n" +
  "  [--environment NAME] [--profile 1x|10x] [--history DIR] [--record DIR] [--push]\n" +
  "  [--max-latency-increase-pct N] [--max-error-rate-increase-pts N] [--baseline-runs N]";

const ms = (v: number | null) => (v === null ? "n/a" : `${v.toFixed(1)} ms`);

export function renderAnalysis(file: string, summary: BenchSummary, analysis: BenchAnalysis): string {
  const seconds = summary.testRunDurationMs === null ? "" : `, ${(summary.testRunDurationMs / 1000).toFixed(1)} s`;
  const vus = summary.vusMax === null ? "" : `, ${summary.vusMax} VUs`;
  const stats = formatTable(
    ["metric", "value"],
    [
      ["p50", ms(summary.latency.med)],
      ["p90", ms(summary.latency.p90)],
      ["p95", ms(summary.latency.p95)],
      ["p99", summary.latency.p99 === null ? 'n/a (add "p(99)" to summaryTrendStats)' : ms(summary.latency.p99)],
      ["throughput", `${summary.requestsPerSecond.toFixed(1)} req/s (${summary.requests} requests)`],
      ["error rate", `${(summary.errorRate * 100).toFixed(2)}%`],
      ...(summary.rateLimited === null ? [] : [["rate limited (429)", String(summary.rateLimited)]]),
    ],
  );
  const budgets = formatTable(
    ["budget", "limit", "actual", "result"],
    analysis.results.map((r) => [r.name, r.limit, r.actual, r.ok ? "PASS" : "FAIL"]),
  );
  // The script's own thresholds, for reference: the budgets above (overridable here) decide.
  const k6 = summary.thresholds.length
    ? formatTable(
        ["k6 threshold", "expression", "result"],
        summary.thresholds.map((t) => [t.metric, t.source, t.ok ? "met" : "crossed"]),
      )
    : "k6 thresholds: none in the summary";
  const verdict = analysis.ok
    ? "All budgets met."
    : `${analysis.results.filter((r) => !r.ok).length} budget(s) missed.`;
  return [
    `k6 summary ${file} (${summary.format} format${seconds}${vus})`,
    "",
    stats,
    "",
    budgets,
    "",
    k6,
    "",
    "Recommendations:",
    ...analysis.recommendations.map((r) => `- ${r}`),
    "",
    verdict,
  ].join("\n");
}

export function renderVerdict(verdict: RegressionVerdict): string {
  if (verdict.verdict === "no-baseline") {
    return "Regression check: no earlier run of this environment and profile in the history; nothing to compare.";
  }
  const f = (v: number) => v.toFixed(2);
  const table = formatTable(
    ["vs. history", "baseline (median)", "limit", "this run", "result"],
    verdict.comparisons.map((c) => [
      c.name,
      f(c.baseline),
      `<= ${f(c.limit)}`,
      f(c.current),
      c.regressed ? "WORSE" : "ok",
    ]),
  );
  const line =
    verdict.verdict === "regression"
      ? `Regression: worse than the median of the last ${verdict.baselineRuns} run(s) beyond the limits.`
      : `No regression against the median of the last ${verdict.baselineRuns} run(s).`;
  return `${table}\n${line}`;
}

async function main(argv: string[]): Promise<number> {
  try {
    return await analyse(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`analyze-bench: ${error.message}\n${USAGE}`);
      return 2;
    }
    if (error instanceof HistoryError || error instanceof PushError) {
      console.error(`analyze-bench: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

function environmentOf(name: string) {
  const environments = loadEnvironments(ENVIRONMENT_SOURCES);
  const known = environments.map((e) => e.name);
  const chosen = stackNameArg(name.replace(/^neuropilot-/, ""), known);
  return environments.find((e) => e.name === chosen)!;
}

async function analyse(argv: string[]): Promise<number> {
  const { values, positionals } = strictArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "p95-ms": { type: "string" },
      "max-error-rate-pct": { type: "string" },
      "min-rps-per-vu": { type: "string" },
      environment: { type: "string" },
      profile: { type: "string" },
      history: { type: "string" },
      record: { type: "string" },
      push: { type: "boolean" },
      "max-latency-increase-pct": { type: "string" },
      "max-error-rate-increase-pts": { type: "string" },
      "baseline-runs": { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError("give one k6 summary file");
  const limits = {
    p95Ms: numberFlag(values, "p95-ms", { min: 0, max: 600_000, example: "--p95-ms 500" }, DEFAULT_LIMITS.p95Ms),
    maxErrorRatePct: numberFlag(
      values,
      "max-error-rate-pct",
      { min: 0, max: 100, example: "--max-error-rate-pct 1" },
      DEFAULT_LIMITS.maxErrorRatePct,
    ),
    minRpsPerVu: numberFlag(
      values,
      "min-rps-per-vu",
      { min: 0, max: 1_000_000, example: "--min-rps-per-vu 2" },
      DEFAULT_LIMITS.minRpsPerVu,
    ),
  };
  const defaults = DEFAULT_REGRESSION_THRESHOLDS;
  const thresholds = {
    ...defaults,
    latencyIncreasePct: numberFlag(
      values,
      "max-latency-increase-pct",
      { min: 0.01, max: 1000, example: "--max-latency-increase-pct 25" },
      defaults.latencyIncreasePct,
    ),
    errorRateIncreasePts: numberFlag(
      values,
      "max-error-rate-increase-pts",
      { min: 0.01, max: 100, example: "--max-error-rate-increase-pts 1" },
      defaults.errorRateIncreasePts,
    ),
    baselineRuns: numberFlag(
      values,
      "baseline-runs",
      { min: 1, max: 50, integer: true, example: "--baseline-runs 5" },
      defaults.baselineRuns,
    ),
  };
  const tracked = values.history !== undefined || values.record !== undefined || values.push === true;
  if (tracked && values.environment === undefined) {
    throw new UsageError("--history, --record and --push need --environment (e.g. --environment staging)");
  }
  if (values.profile !== undefined && !(LOAD_PROFILES as readonly string[]).includes(values.profile)) {
    throw new UsageError(`--profile must be one of ${LOAD_PROFILES.join(", ")}, got ${JSON.stringify(values.profile)}`);
  }
  const environment = values.environment === undefined ? undefined : environmentOf(values.environment);
  const token = process.env.GRAFANA_PUSH_TOKEN;
  if (values.push && !token) {
    throw new UsageError(
      "--push needs GRAFANA_PUSH_TOKEN in the environment (a Grafana Cloud token with metrics:write)",
    );
  }

  const file = positionals[0];
  let summary: BenchSummary;
  try {
    summary = parseK6Summary(JSON.parse(readFileSync(file, "utf8")));
  } catch (error) {
    const reason = error instanceof SummaryError || error instanceof Error ? error.message : String(error);
    console.error(`cannot analyse ${file}: ${reason}`);
    return 2;
  }
  const analysis = analyzeBench(summary, limits);
  console.log(renderAnalysis(file, summary, analysis));
  if (!environment) return analysis.ok ? 0 : 1;

  // The summary's own profile (loadtest/k6/api.js records it) unless the flag names one.
  const profile = values.profile ?? summary.profile ?? "1x";
  const record = runRecord(summary, environment.name, profile, new Date());
  let regressed = false;
  if (values.history !== undefined) {
    const verdict = compareWithHistory(record, readHistory(values.history), thresholds);
    console.log(`\n${renderVerdict(verdict)}`);
    regressed = verdict.verdict === "regression";
  }
  if (values.record !== undefined) console.log(`Recorded the run in ${writeRecord(values.record, record)}.`);
  if (values.push && token) {
    const target = pushTargetOf(environment, token);
    const { lines } = await pushRun(record, target);
    console.log(`Pushed ${lines} series of the run to ${new URL(target.url).host}.`);
  }
  return analysis.ok && !regressed ? 0 : 1;
}

if (require.main === module) runCommand(() => main(process.argv.slice(2)), { name: "analyze-bench", usage: USAGE });

export { main as analyzeBenchCli };
