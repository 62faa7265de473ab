// `npm run mutate` runs Stryker incrementally: only mutants in changed code, or covered by
// changed tests, are re-run; the rest come from stryker-incremental.json (committed).
// `npm run mutate -- --full` re-runs every mutant (Stryker's --force) and rewrites that file.
// Then the per-module gates (bench/mutation-score.ts) read the JSON report: Stryker itself
// only knows one break threshold per run.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { checkGates, formatGate, type MutationReport } from "../bench/mutation-score";
import { redact } from "../secrets/redact";

const REPORT = "reports/mutation/mutation.json";
const CONFIG = "stryker.config.json";
const INCREMENTAL = "stryker-incremental.json";

/**
 * Stryker keeps each killing test's failure message (`statusReason`), and the secret
 * patterns' fixtures are credential-shaped, cut mid-token where no pattern matches any
 * more ("expected 'ghp_AbAb…' to be …"). A killed mutant's reason is dropped (the schema
 * makes it optional and reuse does not read it); every other reason passes through the
 * redaction module, like every other output.
 */
function scrubStatusReasons(file: string): void {
  if (!existsSync(file)) return;
  const text = readFileSync(file, "utf8");
  const report = JSON.parse(text) as { files?: Record<string, { mutants?: Array<Record<string, unknown>> }> };
  for (const { mutants = [] } of Object.values(report.files ?? {})) {
    for (const mutant of mutants) {
      if (typeof mutant.statusReason !== "string") continue;
      if (mutant.status === "Killed") delete mutant.statusReason;
      else mutant.statusReason = redact(mutant.statusReason);
    }
  }
  const scrubbed = JSON.stringify(report, null, 2);
  if (scrubbed !== text) writeFileSync(file, scrubbed);
}

const args = process.argv.slice(2);
const full = args.includes("--full");
const rest = args.filter((arg) => arg !== "--full");
const stryker = ["stryker", "run", ...(full ? ["--force"] : []), ...rest];

const started = Date.now();
const run = spawnSync("npx", stryker, { stdio: "inherit" });
const seconds = Math.round((Date.now() - started) / 1000);
console.log(`mutate (${full ? "full" : "incremental"}) took ${seconds} s (${(seconds / 60).toFixed(1)} min)`);
scrubStatusReasons(INCREMENTAL);
scrubStatusReasons(REPORT);

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
