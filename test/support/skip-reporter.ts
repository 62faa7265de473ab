// Vitest reporter: collects the suites skipped for a missing tool (test/support/tools.ts)
// and prints them in one line at the very end of the run. With NEUROPILOT_FAIL_ON_SKIP=1
// (set by .ci/run, where everything is installed) a skip fails the run.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Reporter } from "vitest/reporters";
import { SKIP_LOG_VARIABLE, type SkipRecord } from "./tools";

/** One line: which suites were skipped, why, and how to install what was missing. */
export function skipSummary(records: SkipRecord[]): string {
  if (records.length === 0) return "Skipped suites: none.";
  const byTool = new Map<string, { reason: string; hint: string; suites: Set<string> }>();
  for (const record of records) {
    const entry = byTool.get(record.tool) ?? { reason: record.reason, hint: record.hint, suites: new Set<string>() };
    entry.suites.add(record.suite);
    byTool.set(record.tool, entry);
  }
  const suites = new Set(records.map((r) => r.suite));
  const parts = [...byTool.values()].map(
    (e) => `${e.reason} (install: ${e.hint}) → skipped ${[...e.suites].sort().join(", ")}`,
  );
  return `Skipped suites: ${suites.size} — ${parts.join("; ")}.`;
}

export function parseSkipLog(text: string): SkipRecord[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as SkipRecord);
}

export default class SkipReporter implements Reporter {
  private dir = "";
  private log = "";

  onInit(): void {
    // Set before the worker processes start, so they inherit it.
    this.dir = mkdtempSync(join(tmpdir(), "neuropilot-skips-"));
    this.log = join(this.dir, "skips.jsonl");
    writeFileSync(this.log, "");
    process.env[SKIP_LOG_VARIABLE] = this.log;
  }

  onTestRunEnd(): void {
    const records = parseSkipLog(readFileSync(this.log, "utf8"));
    rmSync(this.dir, { recursive: true, force: true });
    console.log(`\n${skipSummary(records)}`);
    if (records.length > 0 && process.env.NEUROPILOT_FAIL_ON_SKIP === "1") {
      console.log("NEUROPILOT_FAIL_ON_SKIP=1: failing the run because suites were skipped.");
      process.exitCode = 1;
    }
  }
}
