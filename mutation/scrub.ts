// Stryker keeps each killing test's failure message (`statusReason`) in its reports, and the
// secret patterns' fixtures are credential-shaped, cut mid-token where no pattern matches any
// more ("expected 'ghp_AbAb…' to be …"). A killed mutant's reason is dropped (the schema makes
// it optional and incremental reuse does not read it); every other reason passes through the
// redaction module, like every other output.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { redact } from "../secrets/redact";

interface ReportText {
  files?: Record<string, { mutants?: Array<Record<string, unknown>> }>;
}

/** The report with killed mutants' reasons dropped and every other reason redacted. */
export function scrubReport<T extends ReportText>(report: T): T {
  for (const { mutants = [] } of Object.values(report.files ?? {})) {
    for (const mutant of mutants) {
      if (typeof mutant.statusReason !== "string") continue;
      if (mutant.status === "Killed") delete mutant.statusReason;
      else mutant.statusReason = redact(mutant.statusReason);
    }
  }
  return report;
}

/** Scrubs a report file in place; rewrites it only when something changed. */
export function scrubStatusReasons(file: string): void {
  if (!existsSync(file)) return;
  const text = readFileSync(file, "utf8");
  const scrubbed = JSON.stringify(scrubReport(JSON.parse(text) as ReportText), null, 2);
  if (scrubbed !== text) writeFileSync(file, scrubbed);
}
