// The pipeline scripts' in-process entry (pipeline/script-entry.ts): a script runs as the
// command only when it is the process's entry, and its exported main takes the environment
// it is given (step outputs, summary), not this process's, and returns its exit code.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { main as changedStacks } from "../../pipeline/changed-stacks";
import { HelpRequest, UsageError } from "../../cli/flags";
import { main as pipelineStacks } from "../../pipeline/pipeline-stacks";
import { main as reviewedPlan } from "../../pipeline/reviewed-plan";
import { capturedIo, failureOutcome, isEntry } from "../../pipeline/script-entry";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), "np-script-entry-"));
  dirs.push(dir);
  return dir;
}

/** A cdktf.out with one stack whose only resource has the given name. */
function synth(name: string): string {
  const dir = temp();
  const stack = "neuropilot-staging";
  mkdirSync(join(dir, "stacks", stack), { recursive: true });
  const body = { resource: { neon_branch: { branch: { name } } } };
  writeFileSync(join(dir, "stacks", stack, "cdk.tf.json"), JSON.stringify(body));
  const entry = { name: stack, constructPath: stack, dependencies: [], workingDirectory: `stacks/${stack}` };
  const manifest = {
    version: "0.21.0",
    stacks: { [stack]: { ...entry, synthesizedStackPath: `stacks/${stack}/cdk.tf.json` } },
  };
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
  return dir;
}

describe("isEntry", () => {
  it("is true for the script under tsx and for app-runner's bundle of it", () => {
    expect(isEntry("plan-stacks", "/repo/pipeline/plan-stacks.ts")).toBe(true);
    expect(isEntry("plan-stacks", "/repo/.cache/app-runner/pipeline_plan-stacks.cjs")).toBe(true);
  });

  it("is false for another script, a longer name ending the same way, and no entry", () => {
    expect(isEntry("plan-stacks", "/repo/pipeline/changed-stacks.ts")).toBe(false);
    expect(isEntry("plan-stacks", "/repo/pipeline/xplan-stacks.ts")).toBe(false);
    expect(isEntry("plan-stacks", "/repo/.cache/app-runner/pipeline_xplan-stacks.cjs")).toBe(false);
    expect(isEntry("plan-stacks", "/repo/node_modules/vitest/vitest.mjs")).toBe(false);
    expect(isEntry("plan-stacks", undefined)).toBe(false);
  });
});

describe("a pipeline script's main, in-process", () => {
  it("prints to the io it is given and writes step outputs to the GITHUB_OUTPUT of the env it is given", async () => {
    const output = join(temp(), "github-output");
    const before = process.env.GITHUB_OUTPUT;
    const { io, stdout, stderr } = capturedIo();
    const code = await changedStacks(
      ["--base", synth("main"), "--head", synth("main-2")],
      { GITHUB_OUTPUT: output },
      io,
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout())).toMatchObject({ changed: ["neuropilot-staging"] });
    expect(stderr()).toBe("");
    expect(readFileSync(output, "utf8")).toMatch(/^any<<EOF_[0-9a-f]{16}\ntrue\nEOF_[0-9a-f]{16}$/m);
    expect(process.env.GITHUB_OUTPUT).toBe(before);
  });
});

describe("bad usage and --help, in-process", () => {
  // The rehearsal runs these mains in the test's own process: they throw, never exit it.
  it("a main refuses an unknown flag or a flag without its value with UsageError, before any work", () => {
    const output = join(temp(), "github-output");
    const unknown = (() => {
      try {
        void changedStacks(["--bogus", "x"], { GITHUB_OUTPUT: output });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(unknown).toBeInstanceOf(UsageError);
    expect((unknown as UsageError).message).toBe("pipeline/changed-stacks.ts: unknown flag --bogus");
    expect((unknown as UsageError).usage).toBe(
      "usage: tsx pipeline/changed-stacks.ts [--base VALUE] [--head VALUE] | --help",
    );
    expect(() => changedStacks(["--head"], {})).toThrow(UsageError);
    expect(() => changedStacks(["--head"], {})).toThrow(/^pipeline\/changed-stacks\.ts: --head needs a value$/);
    expect(() => readFileSync(output)).toThrow(/ENOENT/);
  });

  it("an unknown subcommand is bad usage too (exit 2), named", async () => {
    const error = await reviewedPlan(["publish"], {}).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UsageError);
    expect(failureOutcome(error, {})).toEqual({
      code: 2,
      stdout: [],
      stderr: [
        'pipeline/reviewed-plan.ts: unknown command "publish"',
        "usage: tsx pipeline/reviewed-plan.ts fetch|approve|verify … | --help",
      ],
    });
  });

  it("--help and -h throw HelpRequest with the usage, wherever they stand", async () => {
    for (const argv of [["--help"], ["cdktf.out", "-h"]]) {
      await expect(pipelineStacks(argv, {})).rejects.toEqual(
        new HelpRequest("usage: tsx pipeline/pipeline-stacks.ts [cdktf.out] | --help"),
      );
    }
  });
});

describe("failureOutcome: how a throw ends the command", () => {
  it("--help: the usage on stdout, exit 0", () => {
    expect(failureOutcome(new HelpRequest("usage: x"), {})).toEqual({ code: 0, stdout: ["usage: x"], stderr: [] });
  });

  it("bad usage: the message, then the usage when known, on stderr, exit 2", () => {
    expect(failureOutcome(new UsageError("x: unknown flag --y", "usage: x"), {})).toEqual({
      code: 2,
      stdout: [],
      stderr: ["x: unknown flag --y", "usage: x"],
    });
    expect(failureOutcome(new UsageError("x: bad"), {})).toEqual({ code: 2, stdout: [], stderr: ["x: bad"] });
  });

  it("anything else: its message on stderr, exit 1, with the job's credential values and token forms scrubbed", () => {
    const key = "tfvar-value-3f9a7c1e55d2";
    const token = `ghp_${"a1B2c3D4e5".repeat(3)}abcdef`;
    const outcome = failureOutcome(new Error(`plan failed: ${key} and ${token}`), { TF_VAR_neon_api_key: key });
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toEqual([]);
    expect(outcome.stderr).toHaveLength(1);
    expect(outcome.stderr[0]).toMatch(/^plan failed: /);
    expect(outcome.stderr[0]).not.toContain(key);
    expect(outcome.stderr[0]).not.toContain(token.slice(4));
    expect(failureOutcome("a string", {})).toEqual({ code: 1, stdout: [], stderr: ["a string"] });
  });
});
