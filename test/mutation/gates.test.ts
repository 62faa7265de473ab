// The per-module mutation-score gates: Stryker's score definition, exact boundaries at 90 and
// 80, which files each gate reads, and the messages `npm run mutate` prints.
import { describe, expect, it } from "vitest";
import {
  checkGates,
  formatGate,
  gateResult,
  MODULE_GATES,
  type ModuleGate,
  type MutationReport,
} from "../../mutation/gates";

type Statuses = Record<string, number>;

function mutants(statuses: Statuses): Array<{ status: string }> {
  return Object.entries(statuses).flatMap(([status, n]) => Array.from({ length: n }, () => ({ status })));
}

function report(files: Record<string, Statuses>): MutationReport {
  return { files: Object.fromEntries(Object.entries(files).map(([file, s]) => [file, { mutants: mutants(s) }])) };
}

const gate = (name: string) => MODULE_GATES.find((g) => g.name === name) as ModuleGate;

describe("gateResult", () => {
  it("passes a 90 % gate at exactly 90 % and fails it one mutant below", () => {
    const at = gateResult(report({ "secrets/redact.ts": { Killed: 9, Survived: 1 } }), gate("redaction"));
    expect(at).toEqual({ name: "redaction", min: 90, detected: 9, valid: 10, score: 90, passed: true });
    const below = gateResult(report({ "secrets/redact.ts": { Killed: 8999, Survived: 1001 } }), gate("redaction"));
    expect(below.score).toBeCloseTo(89.99, 10);
    expect(below.passed).toBe(false);
    const above = gateResult(report({ "secrets/redact.ts": { Killed: 9001, Survived: 999 } }), gate("redaction"));
    expect(above.passed).toBe(true);
  });

  it("counts Timeout as detected, NoCoverage as undetected, and errors, Ignored and Pending as neither", () => {
    const result = gateResult(
      report({
        "cost/budget.ts": { Killed: 3, Timeout: 1, Survived: 1, NoCoverage: 1 },
        "policy/waivers.ts": { Killed: 100 },
      }),
      gate("budget"),
    );
    expect(result).toMatchObject({ detected: 4, valid: 6 });
    expect(result.score).toBeCloseTo(66.67, 2);
    const noise = { CompileError: 5, RuntimeError: 5, Ignored: 5, Pending: 5 };
    expect(
      gateResult(report({ "cost/budget.ts": { Killed: 9, Survived: 1, ...noise } }), gate("budget")),
    ).toMatchObject({ detected: 9, valid: 10, score: 90, passed: true });
  });

  it("reads a folder gate's whole folder, subfolders too, and nothing that only shares its prefix", () => {
    const result = gateResult(
      report({
        "policy/waivers.ts": { Killed: 1 },
        "policy/api-constraints/neon.ts": { Survived: 1 },
        "policyx/other.ts": { Survived: 5 },
        "cost/budget.ts": { Survived: 5 },
      }),
      gate("policy"),
    );
    expect(result).toMatchObject({ detected: 1, valid: 2, score: 50, passed: false });
  });

  it("matches a file gate exactly, with Windows separators and a leading ./ normalised", () => {
    const result = gateResult(
      report({
        "secrets\\redact.ts": { Killed: 1 },
        "./secrets/patterns.ts": { Killed: 1 },
        "secrets/redact.test.ts": { Survived: 1 },
        "secrets/scan.ts": { Survived: 1 },
      }),
      gate("redaction"),
    );
    expect(result).toMatchObject({ detected: 2, valid: 2, score: 100, passed: true });
  });

  it("fails a gate that finds no valid mutant (a renamed file must not pass silently)", () => {
    const result = gateResult(report({ "cost/budget.ts": { CompileError: 3 } }), gate("budget"));
    expect(result).toMatchObject({ detected: 0, valid: 0, score: undefined, passed: false });
  });
});

describe("checkGates", () => {
  it("adds an overall gate over every file at the given break threshold, exactly at 80 passing", () => {
    const files = {
      "secrets/redact.ts": { Killed: 9, Survived: 1 },
      "policy/waivers.ts": { Killed: 9, Survived: 1 },
      "cost/budget.ts": { Killed: 9, Survived: 1 },
      "pipeline/record/plan-digest.ts": { Killed: 9, Survived: 1 },
      "pipeline/comment/attribute-diff.ts": { Killed: 9, Survived: 1 },
      "adopt/match.ts": { Killed: 9, Survived: 1 },
      "config/schema.ts": { Killed: 9, Survived: 1 },
      // 80 of 100 detected overall: exactly 80 %.
      "pipeline/comment/render.ts": { Killed: 17, Survived: 13 },
    };
    const results = checkGates(report(files), 80);
    expect(results.map((r) => [r.name, r.score, r.passed])).toEqual([
      ["overall", 80, true],
      ["redaction", 90, true],
      ["policy", 90, true],
      ["budget", 90, true],
      ["plan digest", 90, true],
      ["plan comment values", 90, true],
      ["adoption matching", 90, true],
      ["config cross-field rules", 90, true],
    ]);
    const below = checkGates(report({ ...files, "pipeline/comment/render.ts": { Killed: 16, Survived: 14 } }), 80);
    expect(below[0]).toMatchObject({ name: "overall", passed: false });
    expect(below[0].score).toBeCloseTo((79 / 100) * 100, 10);
  });

  it("gates redaction, policy and budget code at 90 %", () => {
    expect(MODULE_GATES.map((g) => [g.name, g.min, g.paths])).toEqual([
      ["redaction", 90, ["secrets/redact.ts", "secrets/patterns.ts"]],
      ["policy", 90, ["policy/"]],
      ["budget", 90, ["cost/budget.ts"]],
      ["plan digest", 90, ["pipeline/record/plan-digest.ts"]],
      ["plan comment values", 90, ["pipeline/comment/attribute-diff.ts"]],
      ["adoption matching", 90, ["adopt/match.ts"]],
      ["config cross-field rules", 90, ["config/schema.ts"]],
    ]);
  });
});

describe("formatGate", () => {
  it("says which module failed, its score and its threshold", () => {
    const [, redaction] = checkGates(report({ "secrets/redact.ts": { Killed: 8, Survived: 2 } }), 80);
    expect(formatGate(redaction)).toBe("FAIL  redaction: 80.00 % (8/10 detected) is below its threshold of 90 %");
  });

  it("prints a passing module with what it needs, and a gate over nothing as such", () => {
    const [overall, , , budget] = checkGates(report({ "secrets/redact.ts": { Killed: 1 } }), 80);
    expect(formatGate(overall)).toBe("ok    overall: 100.00 % (1/1 detected, needs ≥ 80 %)");
    expect(formatGate(budget)).toBe("FAIL  budget: no mutants (0/0 detected) is below its threshold of 90 %");
  });
});
