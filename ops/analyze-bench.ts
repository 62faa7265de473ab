// npm run analyze-bench -- <k6-summary.json> [--p95-ms 400] [--max-error-rate-pct 5] [--min-rps-per-vu 0.5]
// Prints p50/p90/p95/p99, throughput and error rate of a k6 run, checks them against the
// budgets, and says where to look. Exit 0: budgets met; 1: a budget missed; 2: unreadable summary.
import { readFileSync } from "node:fs";
import { numberFlag, strictArgs, UsageError } from "../cli/flags";
import { runCommand } from "../cli/run";
import { analyzeBench, type BenchAnalysis, DEFAULT_LIMITS } from "./bench-analysis";
import { type BenchSummary, parseK6Summary, SummaryError } from "./k6-summary";
import { formatTable } from "./table";

const USAGE =
  "usage: npm run analyze-bench -- <k6-summary.json> [--p95-ms N] [--max-error-rate-pct N] [--min-rps-per-vu N]";

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

function main(argv: string[]): number {
  try {
    return analyse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`analyze-bench: ${error.message}\n${USAGE}`);
    return 2;
  }
}

function analyse(argv: string[]): number {
  const { values, positionals } = strictArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "p95-ms": { type: "string" },
      "max-error-rate-pct": { type: "string" },
      "min-rps-per-vu": { type: "string" },
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
  return analysis.ok ? 0 : 1;
}

if (require.main === module) runCommand(() => main(process.argv.slice(2)), { name: "analyze-bench", usage: USAGE });

export { main as analyzeBenchCli };
