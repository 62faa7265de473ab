// `npm run mutate`: Stryker incrementally (only mutants in changed code, or covered by changed
// tests, are re-run; the rest come from stryker-incremental.json, committed), or every mutant
// with `--full` (Stryker's --force, rewriting that file). Then the per-module gates (gates.ts)
// read the JSON report: Stryker itself only knows one break threshold per run.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { checkGates, formatGate, type MutationReport } from "./gates";
import { scrubStatusReasons } from "./scrub";

export const REPORT = "reports/mutation/mutation.json";
export const CONFIG = "stryker.config.json";
export const INCREMENTAL = "stryker-incremental.json";

/** The Stryker command line: `--full` becomes `--force`; every other argument passes through. */
export function strykerArgs(args: readonly string[]): { full: boolean; argv: string[] } {
  const full = args.includes("--full");
  const rest = args.filter((arg) => arg !== "--full");
  return { full, argv: ["stryker", "run", ...(full ? ["--force"] : []), ...rest] };
}

/** Runs Stryker, scrubs its reports, applies the gates; returns the exit code. */
export function mutate(args: readonly string[]): number {
  const { full, argv } = strykerArgs(args);
  const started = Date.now();
  const run = spawnSync("npx", argv, { stdio: "inherit" });
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(`mutate (${full ? "full" : "incremental"}) took ${seconds} s (${(seconds / 60).toFixed(1)} min)`);
  scrubStatusReasons(INCREMENTAL);
  scrubStatusReasons(REPORT);

  // A report older than this run is a previous run's: never gate on it.
  if (!existsSync(REPORT) || statSync(REPORT).mtimeMs < started) {
    console.error(`mutate: Stryker wrote no ${REPORT} (exit ${run.status ?? "signal"}); nothing to gate`);
    return run.status || 1;
  }
  const report = JSON.parse(readFileSync(REPORT, "utf8")) as MutationReport;
  const config = JSON.parse(readFileSync(CONFIG, "utf8")) as { thresholds: { break: number } };
  const results = checkGates(report, config.thresholds.break);
  console.log("mutation score gates:");
  for (const result of results) console.log(`  ${formatGate(result)}`);
  const failed = results.filter((result) => !result.passed).map((result) => result.name);
  if (failed.length > 0) console.error(`mutate: below threshold: ${failed.join(", ")}`);
  return failed.length > 0 ? 1 : (run.status ?? 1);
}
