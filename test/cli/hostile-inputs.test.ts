// Hostile and careless inputs at the command line and the output folder (issue 30): each is
// refused before anything is written, with an exit code and a message naming the flag,
// variable or file, and never a stack trace.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { main } from "../../adopt/cli";
import { numberFlag, pathFlag, stackNameArg, UsageError } from "../../cli/flags";
import { bundleSourceAt, loadModule, ModuleLoadError, thrownIn } from "../../cli/load-error";
import { describeFailure, INTERNAL_ERROR_EXIT } from "../../cli/run";
import { literalIssues } from "../../config/literals";
import { isUserError, outdirProblem, synthesize } from "../../synthesize";
import type { EnvironmentSource } from "../../config/load";

const ROOT = resolve(__dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "hostile-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Case {
  command: string[];
  exit: number;
  /** A part of the one message the command prints on stderr. */
  names: string;
  env?: Record<string, string>;
}

function run(command: string[], env: Record<string, string> = {}) {
  const [script, ...args] = command;
  return spawnSync(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
}

/** Pipeline commands with a main (pipeline/github/github-actions.ts commandLine). */
const PIPELINE_COMMANDS = [
  "changed-stacks",
  "commit-status",
  "data-loss-gate",
  "drift-issues",
  "find-pull-request",
  "import-synth",
  "pipeline-stacks",
  "plan-stacks",
  "post-comment",
  "render-plan",
  "reviewed-plan",
].map((name) => `pipeline/${name}.ts`);

const emptyDir = join(work, "empty");
mkdirSync(emptyDir);

const CASES: Case[] = [
  {
    command: ["ops/smoke.ts", "--attempts", "abc", "staging"],
    exit: 2,
    names: '--attempts must be a whole number from 1 to 20 (e.g. --attempts 5), got "abc"',
  },
  {
    command: ["ops/smoke.ts", "--attempts", "0", "staging"],
    exit: 2,
    names: "--attempts must be a whole number from 1 to 20",
  },
  {
    command: ["ops/smoke.ts", "--latency-budget-ms=abc", "https://127.0.0.1:9"],
    exit: 2,
    names: "--latency-budget-ms must be",
  },
  {
    command: ["ops/smoke.ts", "--health-path", "health", "https://127.0.0.1:9"],
    exit: 2,
    names: '--health-path must be a path starting with "/"',
  },
  { command: ["ops/smoke.ts", "--bogus", "staging"], exit: 2, names: "Unknown option '--bogus'" },
  { command: ["ops/smoke.ts", "--attempts"], exit: 2, names: "argument missing" },
  { command: ["ops/smoke.ts", "../stacks/x"], exit: 2, names: 'unknown stack or environment "../stacks/x"' },
  { command: ["ops/smoke.ts"], exit: 2, names: "name a stack, an environment or a URL" },
  { command: ["scripts/cost.ts", "--base"], exit: 2, names: "Option '--base <value>' argument missing" },
  {
    command: ["scripts/cost.ts", "--base", emptyDir],
    exit: 2,
    names: `--base ${emptyDir} holds no synthesized stacks`,
  },
  {
    command: ["scripts/cost.ts", "--outdir", emptyDir],
    exit: 2,
    names: `--outdir ${emptyDir} holds no synthesized stacks`,
  },
  { command: ["scripts/cost.ts", "--bogus"], exit: 2, names: "Unknown option '--bogus'" },
  { command: ["scripts/cost.ts", "extra"], exit: 2, names: "Unexpected argument 'extra'" },
  { command: ["adopt/cli.ts", "--synth"], exit: 2, names: "Option '--synth <value>' argument missing" },
  {
    command: ["adopt/cli.ts", "../stacks/x", "--synth", emptyDir],
    exit: 2,
    names: `--synth ${emptyDir} holds no synthesized stacks`,
  },
  { command: ["adopt/cli.ts", "--bogus", "x"], exit: 2, names: "Unknown option '--bogus'" },
  { command: ["adopt/cli.ts"], exit: 2, names: "name exactly one stack to adopt" },
  // Every other npm script and pipeline command: an unknown flag is refused before any work.
  { command: ["ops/analyze-bench.ts", "--bogus", "x.json"], exit: 2, names: "analyze-bench: Unknown option '--bogus'" },
  { command: ["ops/analyze-bench.ts", "x.json", "--p95-ms", "abc"], exit: 2, names: "--p95-ms must be a number" },
  { command: ["scripts/check-secrets.ts", "--bogus"], exit: 2, names: "check:secrets: Unknown option '--bogus'" },
  { command: ["offline-provider/preview.ts", "--bogus"], exit: 2, names: "preview: unknown option --bogus" },
  { command: ["offline-provider/preview.ts", "--stacks-dir"], exit: 2, names: "--stacks-dir needs a folder" },
  { command: ["pipeline/worker-secrets.ts", "--bogus"], exit: 2, names: "Unknown option '--bogus'" },
  { command: ["offline-provider/simulator/cli.ts", "show", "--bogus"], exit: 2, names: "simulate: unknown option" },
  { command: ["scripts/rehearse.ts", "--bogus"], exit: 2, names: "rehearse: unknown option --bogus" },
  { command: ["scripts/engine.ts", "--bogus"], exit: 2, names: 'engine: unknown command "--bogus"' },
  { command: ["pipeline/pr-plan.ts", "--bogus"], exit: 2, names: "pr-plan: Unknown option '--bogus'" },
  { command: ["ops/rollout.ts", "staging", "--bogus"], exit: 2, names: "rollout: Unknown option '--bogus'" },
  ...PIPELINE_COMMANDS.map((script) => ({
    command: [script, "--bogus", "x"],
    exit: 2,
    names: `${script}: unknown flag --bogus`,
  })),
];

describe("command lines", () => {
  it.each(CASES)("$command.0 $command.1: exit $exit", ({ command, exit, names, env }) => {
    const before = readdirSync(join(ROOT, "config", "adopt")).sort();
    const result = run(command, env);
    expect(result.status).toBe(exit);
    expect(result.stderr).toContain(names);
    expect(result.stderr).not.toMatch(/^\s+at /m); // no stack trace
    expect(readdirSync(join(ROOT, "config", "adopt")).sort()).toEqual(before);
  });

  it.each([
    "ops/smoke.ts",
    "scripts/cost.ts",
    "adopt/cli.ts",
    "ops/analyze-bench.ts",
    "scripts/check-secrets.ts",
    "offline-provider/preview.ts",
    "pipeline/worker-secrets.ts",
    "offline-provider/simulator/cli.ts",
    "scripts/rehearse.ts",
    "ops/rollout.ts",
  ])("%s --help exits 0 with its usage", (script) => {
    const result = run([script, "--help"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^usage: npm run /);
  });

  it.each(PIPELINE_COMMANDS)("%s --help exits 0 with its usage", (script) => {
    const result = run([script, "--help"], { GITHUB_OUTPUT: "" });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^usage: tsx ${script} `));
  });
});

describe("flag values", () => {
  const rule = { min: 1, max: 20, integer: true, example: "--attempts 5" };
  it("takes the fallback when absent, and values at both ends of the range", () => {
    expect(numberFlag({}, "attempts", rule, 5)).toBe(5);
    expect(numberFlag({ attempts: "1" }, "attempts", rule, 5)).toBe(1);
    expect(numberFlag({ attempts: "20" }, "attempts", rule, 5)).toBe(20);
  });
  it.each(["0", "21", "abc", "", " 5", "1e1", "0x10", "1.5", "Infinity", "NaN", "-1"])("refuses %j", (raw) => {
    expect(() => numberFlag({ attempts: raw }, "attempts", rule, 5)).toThrow(UsageError);
  });
  it("takes fractions only where allowed", () => {
    expect(numberFlag({ r: "0.5" }, "r", { min: 0, max: 1, example: "--r 0.5" }, 1)).toBe(0.5);
  });
  it("takes paths that start with one slash", () => {
    expect(pathFlag({ p: "/health" }, "p", "/health")).toBe("/health");
    for (const bad of ["health", "//evil.example/x", "/a b", "https://x/y"]) {
      expect(() => pathFlag({ p: bad }, "p", "/health")).toThrow(UsageError);
    }
  });
  it("takes stack names, never paths", () => {
    expect(stackNameArg("neuropilot-staging", ["neuropilot-staging"])).toBe("neuropilot-staging");
    expect(() => stackNameArg("../stacks/x", ["neuropilot-staging"])).toThrow("is not a stack name");
    expect(() => stackNameArg("neuropilot-x", ["neuropilot-staging"])).toThrow('unknown stack "neuropilot-x"');
  });
});

describe("how a command fails", () => {
  const options = { name: "demo", usage: "usage: demo" };
  it("bad usage: the message and the usage, exit 2", () => {
    expect(describeFailure(new UsageError("--x is wrong"), options, () => "unused")).toEqual({
      code: 2,
      lines: ["demo: --x is wrong", "usage: demo"],
    });
  });
  it("an internal error: one line saying so and where the details are, exit 70", () => {
    let details = "";
    const failure = describeFailure(new TypeError("boom\nsecond line"), options, (d) => {
      details = d;
      return "/tmp/demo.log";
    });
    expect(failure.code).toBe(INTERNAL_ERROR_EXIT);
    expect(failure.lines).toEqual([
      "demo: internal error (TypeError: boom); details in /tmp/demo.log. Please report it.",
    ]);
    expect(details).toContain("at "); // the stack trace goes to the file
  });
});

describe("where output goes", () => {
  it.each([
    ["", "output directory is empty"],
    [ROOT, "is the repository or a folder above it"],
    [resolve(ROOT, ".."), "is the repository or a folder above it"],
    [join(ROOT, "config", "out"), "inside the repository's config/ folder"],
    [join(work, "a-file", "out"), "is a file, not a folder"],
    [join(work, "a-file"), "is a file; remove it"],
    [join(work, "missing", "out"), "its parent folder"],
  ])("refuses %j", (outdir, message) => {
    writeFileSync(join(work, "a-file"), "");
    expect(outdirProblem(outdir, ROOT)).toContain(message);
  });
  // A repository of its own, so the cases do not depend on whether this clone has synthesized
  // (cdktf.out/nested needs cdktf.out/ to exist).
  it.each([["cdktf.out"], ["cdktf.out", "nested"], ["new-output"]])("accepts %j inside a repository", (...parts) => {
    const repository = join(work, "repository");
    mkdirSync(join(repository, "cdktf.out"), { recursive: true });
    mkdirSync(join(repository, "config"), { recursive: true });
    expect(outdirProblem(join(repository, ...parts), repository)).toBeUndefined();
  });
  it("accepts a folder outside the repository", () => {
    expect(outdirProblem(join(work, "out"), ROOT)).toBeUndefined();
  });
  it("a synth into the repository root writes nothing and says why, in one line", () => {
    const result = spawnSync(process.execPath, ["app-runner/run-app.mjs", "main.ts"], {
      cwd: ROOT,
      env: { ...process.env, CDKTF_OUTDIR: ROOT },
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("is the repository or a folder above it");
    expect(existsSync(join(ROOT, "stacks", "neuropilot-staging"))).toBe(false);
  });
  it("an unwritable place is one line naming the folder", () => {
    const result = spawnSync(process.execPath, ["app-runner/run-app.mjs", "main.ts"], {
      cwd: ROOT,
      env: { ...process.env, CDKTF_OUTDIR: "/proc/neuropilot-out" },
      encoding: "utf8",
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^output directory \/proc\/neuropilot-out: cannot write in \/proc \(E[A-Z]+\)/),
    ]);
  });
});

describe("broken config values", () => {
  it("a cyclic object is one problem at the path where it closes", () => {
    const value: Record<string, unknown> = { name: "staging", railway: {} };
    (value.railway as Record<string, unknown>).self = value;
    expect(literalIssues(value)).toEqual([
      {
        path: ["railway", "self"],
        message: "refers back to an object that contains it (a cycle); config must be plain data",
      },
    ]);
  });
  it("the same object twice, without a cycle, is fine", () => {
    const shared = { a: "x" };
    expect(literalIssues({ one: shared, two: shared })).toEqual([]);
  });
  it("a syntax error in an adoption list names the file, and nothing is written", async () => {
    const root = join(work, "repo");
    const list = join(root, "config", "adopt", "neuropilot-staging.ts");
    mkdirSync(join(root, "config", "adopt"), { recursive: true });
    mkdirSync(join(root, "cdktf.out", "stacks", "neuropilot-staging"), { recursive: true });
    writeFileSync(join(root, "cdktf.out", "stacks", "neuropilot-staging", "cdk.tf.json"), "{}");
    writeFileSync(list, "export const x = {{;\n");
    const synth = join(root, "cdktf.out");
    const printed = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      expect(await main(["neuropilot-staging", "--synth", synth], {}, root)).toBe(1);
      expect(printed.mock.calls.flat().join("\n")).toContain(`${list}: (the whole file): cannot be loaded`);
    } finally {
      printed.mockRestore();
    }
    expect(readFileSync(list, "utf8")).toBe("export const x = {{;\n");
  });
});

// Broken config files (issue 30), as main.ts meets them: each file is imported lazily
// (cli/load-error.ts loadModule), then synthesised; the failure goes through cli/run.ts.
// Each case: exit 1, one line naming the file, no stack trace, no output folder.
interface BrokenFile {
  name: string;
  file: string;
  source: string;
  /** A part of the one line. */
  says: string;
}

const BROKEN_FILES: BrokenFile[] = [
  {
    name: "a config file that throws at import",
    file: "config/production.ts",
    source: 'throw new Error("no API host configured");\nexport const production = {};\n',
    says: "config/production.ts: cannot be loaded (Error: no API host configured)",
  },
  {
    name: "a config file whose top-level value throws (a bad URL)",
    file: "config/staging.ts",
    source: 'export const staging = { url: new URL("not a url").origin };\n',
    says: "config/staging.ts: cannot be loaded (TypeError: Invalid URL)",
  },
  {
    name: "a syntax error in an adoption list",
    file: "config/adopt/neuropilot-staging.ts",
    source: "export const adoptStaging = {{;\n",
    says: "config/adopt/neuropilot-staging.ts: cannot be loaded",
  },
  {
    name: "a cyclic object in a config file",
    file: "config/staging.ts",
    source:
      'const staging: Record<string, unknown> = { name: "staging" };\nstaging.railway = { self: staging };\nexport { staging };\n',
    says: "config/staging.ts: staging.railway.self: refers back to an object that contains it (a cycle)",
  },
];

describe("broken config files", () => {
  const options = {
    name: "synth",
    usage: "usage: npm run synth",
    isUserError: (error: unknown): error is Error => isUserError(error) || error instanceof ModuleLoadError,
  };

  it.each(BROKEN_FILES.map((c, index) => [c.name, c, index] as const))("%s", async (_name, c, index) => {
    const root = join(work, `broken-${index}`);
    const path = join(root, c.file);
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, c.source);
    const outdir = join(root, "cdktf.out");
    let failure: { code: number; lines: string[] } | undefined;
    try {
      const loaded = await loadModule(() => import(path) as Promise<Record<string, unknown>>, root);
      const value = Object.values(loaded).find((v) => typeof v === "object" && v !== null);
      const sources = [{ file: c.file, value }] as EnvironmentSource[];
      synthesize(sources, { backend: "local", outdir });
    } catch (error) {
      failure = describeFailure(error, options, () => "unused");
    }
    expect(failure?.code).toBe(1);
    expect(failure?.lines).toHaveLength(1);
    expect(failure?.lines[0]).toContain(c.says);
    // One line naming the file (config errors put their one problem under a count line).
    expect(failure?.lines[0]).not.toMatch(/^\s+at /m);
    expect(failure?.lines[0].split("\n").filter((line) => line.includes(c.file))).toHaveLength(1);
    expect(existsSync(outdir)).toBe(false);
  });

  it("finds the file a transform error names relative to the working folder (Vite), wherever the clone is", () => {
    const root = join(work, "relative");
    const file = join(root, "config", "adopt", "neuropilot-staging.ts");
    const error = new Error(
      `Transform failed with 1 error:\n[PARSE_ERROR] Unexpected token\n ╭─[ ${relative(process.cwd(), file)}:1:19 ]`,
    );
    error.stack = `Error: ${error.message}`;
    expect(thrownIn(error, root)).toBe("config/adopt/neuropilot-staging.ts");
    expect(thrownIn(new Error("[ ../elsewhere/config/a.ts:1:1 ]"), root)).toBeUndefined();
  });

  it("maps a frame in the app bundle to its module through esbuild's path comments", () => {
    const root = join(work, "bundled");
    const bundle = join(root, "node_modules", ".cache", "neuropilot-app", "main.cjs");
    mkdirSync(join(bundle, ".."), { recursive: true });
    writeFileSync(
      bundle,
      ["// config/shared.ts", "var a = 1;", "", "// config/production.ts", "var b = x();"].join("\n"),
    );
    const error = new TypeError("Invalid URL");
    error.stack = [
      "TypeError: Invalid URL",
      "    at new URL (node:internal/url:806:29)",
      `    at ${join(root, "node_modules", "zod", "index.js")}:1:1`,
      `    at Object.<anonymous> (${bundle}:5:9)`,
      `    at main (${bundle}:2:1)`,
    ].join("\n");
    expect(thrownIn(error, root)).toBe("config/production.ts");
    expect(bundleSourceAt("// a.ts\nx\n// b.ts\ny", 2)).toBe("a.ts");
    expect(bundleSourceAt("// a.ts\nx\n// b.ts\ny", 3)).toBe("b.ts");
    expect(bundleSourceAt("x", 1)).toBeUndefined();
  });

  it("leaves an error from outside the repository, or not an Error, as it is", async () => {
    const root = join(work, "elsewhere");
    const error = new Error("boom");
    error.stack = "Error: boom\n    at f (/somewhere/else/x.ts:1:1)";
    expect(thrownIn(error, root)).toBeUndefined();
    expect(thrownIn("a string", root)).toBeUndefined();
    await expect(loadModule(() => Promise.reject(error), root)).rejects.toBe(error);
    await expect(loadModule(() => Promise.resolve(42), root)).resolves.toBe(42);
  });
});
