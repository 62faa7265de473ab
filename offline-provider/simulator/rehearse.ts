// The rehearsal: the pipeline's lifecycle against a fresh simulated account, with the real
// Terraform binary, the pipeline's own scripts run as the workflows run them
// (`tsx pipeline/<script>.ts …`, see .github/workflows/) and a loopback fake of the GitHub
// API. Each step prints one line; the run ends with a table of the steps and their results.
// Steps whose behaviour another branch delivers are listed as pending with the reason.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_ROOT, TSX_LOADER } from "../paths";
import { changeObject } from "./cli";
import { startFakeGitHub, type FakeGitHub } from "./github-api";
import { type SimulatorTerraform, deployStacks, simulatorTerraform, stacksInOrder } from "./terraform-runs";

export type Variant = "base" | "pr";

export const REHEARSAL_REPOSITORY = "neuropilot/neuropilot-infra";

export interface RehearsalOptions {
  /** Scratch folder (the account, the synth outputs, plans, comments). */
  work: string;
  /** Synthesises the bundled config (`base`) or the pull request's change (`pr`) into outdir, local backend. */
  synth(variant: Variant, outdir: string): void;
  /** The PR's change as the comment must show it, e.g. `suspend_timeout_seconds: 300 → 600`. */
  expectedUpdate: RegExp;
  log?(line: string): void;
}

export interface StepResult {
  step: string;
  result: "pass" | "fail" | "pending";
  detail: string;
}

const REPOSITORY = REHEARSAL_REPOSITORY;
const PR = 7;

interface ScriptRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `tsx pipeline/<script>.ts args` the way a workflow step does. */
export function pipelineScript(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", pathToFileURL(TSX_LOADER).href, `pipeline/${script}.ts`, ...args],
      {
        cwd: REPO_ROOT,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

async function script(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<ScriptRun> {
  const run = await pipelineScript(script, args, env);
  if (run.code !== 0)
    throw new Error(`pipeline/${script}.ts exited ${run.code}: ${(run.stderr || run.stdout).trim().slice(-2000)}`);
  return run;
}

function statuses(plansDir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(plansDir)
      .filter((f) => f.endsWith(".result.json"))
      .map((f) => {
        const r = JSON.parse(readFileSync(join(plansDir, f), "utf8")) as { stack: string; status: string };
        return [r.stack, r.status];
      }),
  );
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

/** The first managed resource of `type` in a stack's local state, as `<stack>/<type>.<name>`. */
function addressOf(tf: SimulatorTerraform, stack: string, type: string): string {
  const state = JSON.parse(readFileSync(join(tf.workdir(stack), `terraform.${stack}.tfstate`), "utf8")) as {
    resources: { mode: string; type: string; name: string }[];
  };
  const found = state.resources.find((r) => r.mode === "managed" && r.type === type);
  if (!found) throw new Error(`${stack} has no ${type} in its state`);
  return `${stack}/${type}.${found.name}`;
}

export async function rehearse(options: RehearsalOptions): Promise<StepResult[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  const work = options.work;
  const baseOut = join(work, "base-cdktf.out");
  const prOut = join(work, "pr-cdktf.out");
  mkdirSync(work, { recursive: true });
  options.synth("base", baseOut);
  const github: FakeGitHub = await startFakeGitHub(REPOSITORY);
  const tf = await simulatorTerraform(join(work, "account"), baseOut);
  const env: NodeJS.ProcessEnv = {
    ...tf.env,
    GITHUB_API_URL: github.url,
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_TOKEN: "rehearsal-token",
    GITHUB_OUTPUT: join(work, "github-output"),
    GITHUB_STEP_SUMMARY: join(work, "step-summary.md"),
  };
  const results: StepResult[] = [];
  const step = async (name: string, body: () => Promise<string>): Promise<void> => {
    const started = Date.now();
    try {
      const detail = await body();
      results.push({ step: name, result: "pass", detail });
      log(`✔ ${name}: ${detail} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (e) {
      const detail = (e instanceof Error ? e.message : String(e)).split("\n")[0];
      results.push({ step: name, result: "fail", detail });
      log(`✘ ${name}: ${detail}`);
    }
  };
  const pending = (name: string, detail: string): void => {
    results.push({ step: name, result: "pending", detail });
    log(`… ${name}: pending, ${detail}`);
  };

  try {
    const all = stacksInOrder(baseOut);
    await step("deploy the platform to a fresh account", async () => {
      const applied = await deployStacks(tf, all, baseOut);
      for (const r of applied) check(/^Apply complete! Resources: [1-9]/.test(r.summary), `${r.stack}: ${r.summary}`);
      return applied
        .map((r) => `${r.stack} ${r.summary.replace("Apply complete! Resources: ", "").split(",")[0]}`)
        .join(", ");
    });
    pending(
      "adopt the seed platform and apply the imports",
      "the account is not yet seeded from the adoption fakes' fixture (test/support/fake-account.ts); the rehearsal deploys instead",
    );

    await step("re-plan every stack → no changes (plan-stacks.ts)", async () => {
      await tf.stage(all, baseOut);
      const plans = join(work, "plans-replan");
      await script("plan-stacks", ["--synth", tf.dir, "--out", plans, "--no-lock"], env);
      const got = statuses(plans);
      const changed = Object.entries(got).filter(([, s]) => s !== "no-changes");
      check(Object.keys(got).length > 0 && changed.length === 0, `not clean: ${JSON.stringify(got)}`);
      return `${Object.keys(got).length} pipeline stacks: no changes`;
    });

    let changed: string[] = [];
    await step("pull request: config change → comment shows before → after", async () => {
      options.synth("pr", prOut);
      const changes = await script("changed-stacks", ["--base", baseOut, "--head", prOut], env);
      writeFileSync(join(work, "changes.json"), changes.stdout);
      changed = (JSON.parse(changes.stdout) as { changed: string[] }).changed;
      check(changed.length > 0, "changed-stacks found no changed stack");
      await tf.stage(changed, prOut);
      const plans = join(work, "plans-pr");
      await script(
        "plan-stacks",
        ["--synth", tf.dir, "--out", plans, "--no-lock", "--stacks", JSON.stringify(changed)],
        env,
      );
      const comment = join(work, "comment.md");
      await script(
        "render-plan",
        ["--plans", plans, "--synth", tf.dir, "--changes", join(work, "changes.json"), "--out", comment],
        env,
      );
      await script("post-comment", ["--pr", String(PR), "--body", comment], env);
      const posted = github.comments.filter((c) => c.issue === PR);
      check(posted.length === 1, `expected one comment on #${PR}, found ${posted.length}`);
      check(options.expectedUpdate.test(posted[0].body), `the comment lacks ${String(options.expectedUpdate)}`);
      check(
        /\| *1 *\|/.test(posted[0].body) || /1 to change/.test(posted[0].body),
        "the comment does not count one update",
      );
      return `${changed.join(", ")}: comment on #${PR} shows ${options.expectedUpdate.exec(posted[0].body)?.[0] ?? "?"}`;
    });

    pending(
      "merge → the reviewed digest matches → apply",
      "the reviewed-plan record is being rebuilt (wip-trusted: HMAC record); the apply below runs without the digest check",
    );
    await step("merge → apply in order", async () => {
      const applied = await deployStacks(tf, stacksInOrder(prOut), prOut);
      const updated = applied.filter((r) => r.changed);
      check(
        updated.map((r) => r.stack).join() === changed.join(),
        `applied changes in ${updated.map((r) => r.stack).join(", ") || "no stack"}, expected ${changed.join(", ")}`,
      );
      return updated.map((r) => `${r.stack}: ${r.summary}`).join("; ");
    });

    await step("out-of-band change → the drift run opens one issue for that stack", async () => {
      const stack = "neuropilot-staging";
      const address = addressOf(tf, stack, "neon_endpoint");
      changeObject(tf.dir, address, "suspend_timeout_seconds=120");
      const plans = join(work, "plans-drift");
      const reports = join(work, "drift-reports");
      mkdirSync(reports, { recursive: true });
      for (const s of ["neuropilot-platform", stack]) {
        await script("plan-stacks", ["--synth", tf.dir, "--out", plans, "--no-lock", s], env);
        writeFileSync(join(reports, `${s}.result.json`), readFileSync(join(plans, `${s}.result.json`)));
        await script(
          "render-plan",
          ["--plans", plans, "--synth", tf.dir, "--drift", s, "--out", join(reports, `${s}.md`)],
          env,
        );
      }
      await script("drift-issues", ["--reports", reports], env);
      const open = github.issues.filter((i) => i.state === "open");
      check(open.length === 1, `expected one open drift issue, found ${open.length}`);
      check(open[0].title.includes(stack), `issue title "${open[0].title}" does not name ${stack}`);
      check(
        /suspend_timeout_seconds: 120 → 600/.test(open[0].body),
        "the drift issue does not show suspend_timeout_seconds: 120 → 600",
      );
      check(open[0].labels.includes("drift"), "the drift issue has no drift label");
      return `issue #${open[0].number} "${open[0].title}"`;
    });

    pending(
      "Neon branch replacement → data-loss gate blocks until labelled; prevent_destroy stops a project replacement",
      "replacement planning comes from wip-rules (the offline planner's RequiresReplace/ForceNew rules)",
    );
    pending(
      "two PRs planned against the same state, merged in turn → main refuses the second and posts the refusal",
      "needs the reviewed-plan record of wip-trusted",
    );
  } finally {
    tf.close();
    await github.close();
  }
  return results;
}

/** The closing table: one row per step. */
export function resultTable(results: readonly StepResult[]): string {
  const width = Math.max(4, ...results.map((r) => r.step.length));
  const rows = results.map((r) => `| ${r.step.padEnd(width)} | ${r.result.padEnd(7)} |`);
  return [`| ${"step".padEnd(width)} | result  |`, `|${"-".repeat(width + 2)}|---------|`, ...rows].join("\n");
}
