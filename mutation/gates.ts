// Per-module mutation-score gates over Stryker's JSON report (mutation-testing-report-schema).
// Stryker has one break threshold per run (80 %, stryker.config.json); redaction, policy,
// budget and the modules a reviewer trusts (plan digest, plan comment values, adoption
// matching, config cross-field rules) must reach 90 %, so `npm run mutate` checks them here
// after every run.

/** The part of a mutation-testing-report-schema report that the gates read. */
export interface MutationReport {
  files: Record<string, { mutants: ReadonlyArray<{ status: string }> }>;
}

export interface ModuleGate {
  name: string;
  /** Repository-relative file paths, or folder prefixes ending in "/" ("" is every file). */
  paths: readonly string[];
  /** Lowest passing score in percent: a score exactly at it passes. */
  min: number;
}

/** Stryker's own definition: Killed and Timeout are detected; Survived and NoCoverage are not. */
const DETECTED = new Set(["Killed", "Timeout"]);
const UNDETECTED = new Set(["Survived", "NoCoverage"]);

export const MODULE_GATES: readonly ModuleGate[] = [
  { name: "redaction", paths: ["secrets/redact.ts", "secrets/patterns.ts"], min: 90 },
  { name: "policy", paths: ["policy/"], min: 90 },
  { name: "budget", paths: ["cost/budget.ts"], min: 90 },
  // What main trusts a reviewer saw (issue 30): the digest of the reviewed plan, and the
  // values the plan comment shows or masks.
  { name: "plan digest", paths: ["pipeline/record/plan-digest.ts"], min: 90 },
  { name: "plan comment values", paths: ["pipeline/comment/attribute-diff.ts"], min: 90 },
  { name: "adoption matching", paths: ["adopt/match.ts"], min: 90 },
  // The environment schema's cross-field rules (the line ranges in stryker.config.json).
  { name: "config cross-field rules", paths: ["config/schema.ts"], min: 90 },
];

export interface GateResult {
  name: string;
  min: number;
  detected: number;
  /** Detected plus undetected: compile and runtime errors and ignored mutants do not count. */
  valid: number;
  /** Percent; undefined when no valid mutant is in scope (a gate over nothing fails). */
  score: number | undefined;
  passed: boolean;
}

function covers(gate: ModuleGate, file: string): boolean {
  return gate.paths.some((path) => (path === "" || path.endsWith("/") ? file.startsWith(path) : file === path));
}

/** Report paths are relative to the project root; older reports may use backslashes. */
function normalised(file: string): string {
  return file.replace(/\\/g, "/").replace(/^\.\//, "");
}

export function gateResult(report: MutationReport, gate: ModuleGate): GateResult {
  let detected = 0;
  let valid = 0;
  for (const [file, { mutants }] of Object.entries(report.files)) {
    if (!covers(gate, normalised(file))) continue;
    for (const { status } of mutants) {
      if (DETECTED.has(status)) detected++;
      if (DETECTED.has(status) || UNDETECTED.has(status)) valid++;
    }
  }
  const score = valid === 0 ? undefined : (detected / valid) * 100;
  return { name: gate.name, min: gate.min, detected, valid, score, passed: score !== undefined && score >= gate.min };
}

/** Every gate, plus "overall" over all files at the run's break threshold. */
export function checkGates(report: MutationReport, overallMin: number, gates = MODULE_GATES): GateResult[] {
  return [{ name: "overall", paths: [""], min: overallMin }, ...gates].map((gate) => gateResult(report, gate));
}

export function formatGate(result: GateResult): string {
  const score = result.score === undefined ? "no mutants" : `${result.score.toFixed(2)} %`;
  const counts = `${result.detected}/${result.valid} detected`;
  if (result.passed) return `ok    ${result.name}: ${score} (${counts}, needs ≥ ${result.min} %)`;
  return `FAIL  ${result.name}: ${score} (${counts}) is below its threshold of ${result.min} %`;
}
