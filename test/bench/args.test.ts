// The bench commands' arguments (bench/args.ts): --help answers at once, anything else and a
// bad knob are refused before minutes of measurement start.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { argumentsOutcome, countFromEnv, switchFromEnv, usageText } from "../../bench/args";

const ROOT = join(__dirname, "../..");
const USAGE = { command: "npm run bench", knobs: ["BENCH_RUNS=7  runs"] };

describe("bench arguments", () => {
  it("--help and -h print the usage (exit 0); no argument runs", () => {
    expect(argumentsOutcome(["--help"], USAGE)).toEqual({ exit: 0, text: usageText(USAGE) });
    expect(argumentsOutcome(["x", "-h"], USAGE)).toEqual({ exit: 0, text: usageText(USAGE) });
    expect(argumentsOutcome([], USAGE)).toEqual({});
    expect(usageText(USAGE)).toBe("usage: npm run bench  (no arguments; environment variables:)\n  BENCH_RUNS=7  runs");
  });

  it("any argument is refused, named, with the usage (exit 2)", () => {
    expect(argumentsOutcome(["--runs", "3"], USAGE)).toEqual({
      exit: 2,
      text: `npm run bench: takes no arguments, got "--runs"\n${usageText(USAGE)}`,
    });
  });

  it("a knob is a whole number in its range: at each bound, one past it, and not a number", () => {
    const env = (value: string) => ({ BENCH_RUNS: value });
    expect(countFromEnv({}, "BENCH_RUNS", 7, 1, 99)).toBe(7);
    expect(countFromEnv(env(""), "BENCH_RUNS", 7, 1, 99)).toBe(7);
    expect(countFromEnv(env("1"), "BENCH_RUNS", 7, 1, 99)).toBe(1);
    expect(countFromEnv(env("99"), "BENCH_RUNS", 7, 1, 99)).toBe(99);
    for (const bad of ["0", "100", "abc", "2.5", "-1", " 3"])
      expect(() => countFromEnv(env(bad), "BENCH_RUNS", 7, 1, 99), bad).toThrow(
        `BENCH_RUNS must be a whole number from 1 to 99, got ${JSON.stringify(bad)}`,
      );
  });

  it("a switch is 1 or 0 (unset and empty are off); anything else is refused", () => {
    expect(switchFromEnv({}, "BENCH_SKIP_PR")).toBe(false);
    expect(switchFromEnv({ BENCH_SKIP_PR: "" }, "BENCH_SKIP_PR")).toBe(false);
    expect(switchFromEnv({ BENCH_SKIP_PR: "0" }, "BENCH_SKIP_PR")).toBe(false);
    expect(switchFromEnv({ BENCH_SKIP_PR: "1" }, "BENCH_SKIP_PR")).toBe(true);
    expect(() => switchFromEnv({ BENCH_SKIP_PR: "true" }, "BENCH_SKIP_PR")).toThrow(
      'BENCH_SKIP_PR must be 1 (on) or 0 (off), got "true"',
    );
  });

  it("the commands answer --help and refuse a bad knob at once, before any measurement", () => {
    const run = (script: string, args: string[], env: Record<string, string> = {}) =>
      spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "bench", script), ...args], {
        cwd: ROOT,
        env: { ...process.env, ...env },
        encoding: "utf8",
        timeout: 30_000,
      });
    const help = run("bench.ts", ["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("usage: npm run bench");
    const pr = run("pr-path.ts", ["--bogus"]);
    expect(pr.status).toBe(2);
    expect(pr.stderr).toContain('npm run bench:pr: takes no arguments, got "--bogus"');
    const knob = run("bench.ts", [], { BENCH_RUNS: "0" });
    expect(knob.status).toBe(2);
    expect(knob.stderr).toContain('npm run bench: BENCH_RUNS must be a whole number from 1 to 99, got "0"');
    expect(run("test-suite.ts", ["-h"]).status).toBe(0);
    const floor = (arg: string) =>
      spawnSync(process.execPath, [join(ROOT, "bench", "floor.mjs"), arg], { cwd: ROOT, encoding: "utf8" });
    expect(floor("--help").status).toBe(0);
    expect(floor("--out").status).toBe(2);
    expect(floor("--out").stderr).toContain("bench:floor: unknown option --out");
    // The pull-request path's knob is checked by npm run bench before its own cases run.
    const prKnob = run("bench.ts", [], { BENCH_PR_RUNS: "0" });
    expect(prKnob.status).toBe(2);
    expect(prKnob.stderr).toContain('npm run bench: BENCH_PR_RUNS must be a whole number from 1 to 99, got "0"');
  });
});
