// `npm run mutate` runs Stryker incrementally: only mutants in changed code, or covered by
// changed tests, are re-run; the rest come from stryker-incremental.json (committed).
// `npm run mutate -- --full` re-runs every mutant (Stryker's --force) and rewrites that file.
// Then the per-module gates (bench/mutation-score.ts) read the JSON report: Stryker itself
// only knows one break threshold per run.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { checkGates, formatGate, type MutationReport } from "../bench/mutation-score";

const REPORT = "reports/mutation/mutation.json";
const CONFIG = "stryker.config.json";

const args = process.argv.slice(2);
const full = args.includes("--full");
const rest = args.filter((arg) => arg !== "--full");
const stryker = ["stryker", "run", ...(full ? ["--force"] : []), ...rest];

const started = Date.now();
const run = spawnSync("npx", stryker, { stdio: "inherit" });
const seconds = Math.round((Date.now() - started) / 1000);
console.log(`mutate (${full ? "full" : "incremental"}) took ${seconds} s (${(seconds / 60).toFixed(1)} min)`);

// A report older than this run is a previous run's: never gate on it.
if (!existsSync(REPORT) || statSync(REPORT).mtimeMs < started) {
  console.error(`mutate: Stryker wrote no ${REPORT} (exit ${run.status ?? "signal"}); nothing to gate`);
  process.exit(run.status || 1);
}
const report = JSON.parse(readFileSync(REPORT, "utf8")) as MutationReport;
const config = JSON.parse(readFileSync(CONFIG, "utf8")) as { thresholds: { break: number } };
const results = checkGates(report, config.thresholds.break);
console.log("mutation score gates:");
for (const result of results) console.log(`  ${formatGate(result)}`);
const failed = results.filter((result) => !result.passed).map((result) => result.name);
if (failed.length > 0) console.error(`mutate: below threshold: ${failed.join(", ")}`);
process.exit(failed.length > 0 ? 1 : (run.status ?? 1));
