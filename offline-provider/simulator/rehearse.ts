// The rehearsal: the pipeline's lifecycle against a fresh simulated account, with the real
// Terraform binary, the pipeline's own scripts called as the workflows call them (the same
// arguments and environment as `tsx pipeline/<script>.ts …` in .github/workflows/, run
// in-process through each script's exported main, see pipeline/script-entry.ts) and a
// loopback fake of the GitHub API. Each step prints one line; the run ends with a table of
// the steps and their results.
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { main as changedStacks } from "../../pipeline/changed-stacks";
import { main as dataLossGate } from "../../pipeline/data-loss-gate";
import { main as driftIssues } from "../../pipeline/drift-issues";
import { main as planStacks } from "../../pipeline/plan-stacks";
import { PLACEHOLDER_PROVIDERS } from "../../pipeline/plan/placeholder-credentials";
import { main as postComment } from "../../pipeline/post-comment";
import { main as prPlan } from "../../pipeline/pr-plan";
import { main as renderPlan } from "../../pipeline/render-plan";
import { main as reviewedPlan } from "../../pipeline/reviewed-plan";
import { type ScriptMain, capturedIo } from "../../pipeline/script-entry";
import type { AdoptionSource } from "../../config/adoption";
import { adoptSeedPlatform, seedAccount } from "./adoption";
import { changeObject } from "./cli";
import { type FakeComment, type FakeGitHub, type FakeIssue, startFakeGitHub } from "./github-api";
import { type SimulatorTerraform, deployStacks, simulatorTerraform, stacksInOrder } from "./terraform-runs";

export type Variant = "base" | "pr" | "second-a" | "second-b" | "second-ab";

export const REHEARSAL_REPOSITORY = "neuropilot/neuropilot-infra";

export interface RehearsalOptions {
  /** Scratch folder (the account, the synth outputs, plans, comments). */
  work: string;
  /**
   * Synthesises the bundled config (`base`) or the pull request's change (`pr`) into outdir,
   * local backend, with the adoption lists given (none before adoption, then adopt's).
   */
  synth(variant: Variant, outdir: string, adoption: readonly AdoptionSource[]): void;
  /** The PR's change as the comment must show it, e.g. `suspend_timeout_seconds: 300 → 0`. */
  expectedUpdate: RegExp;
  log?(line: string): void;
  /** Called once at the end with everything posted to the loopback GitHub API. */
  posted?(github: { comments: readonly FakeComment[]; issues: readonly FakeIssue[] }): void;
  /** Called once at the end with where the time went. */
  profile?(profile: RehearsalProfile): void;
}

export interface StepResult {
  step: string;
  result: "pass" | "fail";
  detail: string;
}

const REPOSITORY = REHEARSAL_REPOSITORY;
const PR = 7;
const SECOND_A = 8;
const SECOND_B = 9;
/** The record key's variable (constructs/github/workflow-contract.ts RECORD_KEY_SECRET). */
const KEY_ENV = "REVIEWED_PLAN_HMAC_KEY";

/** A stable 40-hex commit id for a rehearsal commit (the record binds PR head and base commits). */
function sha(label: string): string {
  return createHash("sha1").update(`rehearsal:${label}`).digest("hex");
}

interface ScriptRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Where the rehearsal's time goes: pipeline script runs and their wall time, synths. */
export interface RehearsalProfile {
  scriptRuns: number;
  scriptMs: number;
  synths: number;
  synthMs: number;
  totalMs: number;
}

const scriptClock = { runs: 0, ms: 0 };

/** The workflows' pipeline scripts, by file name (pipeline/<name>.ts). */
const SCRIPTS: Record<string, ScriptMain> = {
  "changed-stacks": changedStacks,
  "data-loss-gate": dataLossGate,
  "drift-issues": driftIssues,
  "plan-stacks": planStacks,
  "post-comment": postComment,
  "pr-plan": prPlan,
  "render-plan": renderPlan,
  "reviewed-plan": reviewedPlan,
};

/**
 * Runs pipeline/<script>.ts with the arguments and environment a workflow step gives it, in
 * this process; its output is kept, and a throw is exit 1 with the message, as the command.
 */
export async function pipelineScript(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<ScriptRun> {
  const main = SCRIPTS[script];
  if (main === undefined) throw new Error(`pipeline/${script}.ts is not one of the rehearsal's scripts`);
  const started = Date.now();
  scriptClock.runs++;
  const { io, stdout, stderr } = capturedIo();
  let code: number;
  try {
    code = await main(args, env, io);
  } catch (error) {
    io.error(error instanceof Error ? error.message : String(error));
    code = 1;
  }
  scriptClock.ms += Date.now() - started;
  return { code, stdout: stdout(), stderr: stderr() };
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
  const plainOut = join(work, "plain-cdktf.out");
  const baseOut = join(work, "base-cdktf.out");
  const prOut = join(work, "pr-cdktf.out");
  mkdirSync(work, { recursive: true });
  const began = Date.now();
  scriptClock.runs = 0;
  scriptClock.ms = 0;
  const synthClock = { runs: 0, ms: 0 };
  // Adoption's lists, once written: every later synth carries them, as the committed
  // config/adopt/<stack>.ts files would.
  let adoption: readonly AdoptionSource[] = [];
  const synth = (variant: Variant, outdir: string): void => {
    const started = Date.now();
    options.synth(variant, outdir, adoption);
    synthClock.runs++;
    synthClock.ms += Date.now() - started;
  };
  synth("base", plainOut);
  const github: FakeGitHub = await startFakeGitHub(REPOSITORY);
  const tf = await simulatorTerraform(join(work, "account"), plainOut);
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

  try {
    const all = stacksInOrder(plainOut);
    await step("adopt the seed platform and apply the imports", async () => {
      const adopted = await adoptSeedPlatform(plainOut, all, work);
      adoption = adopted.sources;
      synth("base", baseOut);
      const seeded = seedAccount(tf.dir, baseOut, adopted.lists);
      const listed = adopted.lists.reduce((n, l) => n + l.resources.length, 0);
      check(listed > 0 && seeded === listed, `seeded ${seeded} objects for ${listed} adopted resources`);
      const applied = await deployStacks(tf, all, baseOut);
      const counts = applied.map((r) => {
        const n = (what: string): number => Number(new RegExp(`(\\d+) ${what}`).exec(r.summary)?.[1] ?? 0);
        check(/^Apply complete!/.test(r.summary), `${r.stack}: ${r.summary}`);
        const replaced = [...r.output.matchAll(/# (\S+) must be replaced/g)].map((m) => m[1]);
        check(n("destroyed") === 0, `${r.stack} replaced what it adopted (${replaced.join(", ")}): ${r.summary}`);
        return { stack: r.stack, imported: n("imported"), added: n("added"), changed: n("changed") };
      });
      const imported = counts.reduce((n, c) => n + c.imported, 0);
      check(imported === listed, `imported ${imported} of the ${listed} adopted resources`);
      return `${listed} resources adopted and imported (${counts
        .map((c) => `${c.stack} ${c.imported} imported, ${c.added} added, ${c.changed} changed`)
        .join("; ")})`;
    });

    await step("re-plan every stack → no changes (plan-stacks.ts)", async () => {
      await tf.stage(all, baseOut);
      const plans = join(work, "plans-replan");
      await script("plan-stacks", ["--synth", tf.dir, "--out", plans, "--offline", "--no-lock"], env);
      const got = statuses(plans);
      const changed = Object.entries(got).filter(([, s]) => s !== "no-changes");
      check(Object.keys(got).length > 0 && changed.length === 0, `not clean: ${JSON.stringify(got)}`);
      // The bootstrap stacks (neuropilot-github) are no pipeline stack: plain terraform plan.
      const others = all.filter((s) => got[s] === undefined);
      for (const stack of others) {
        const r = await tf.run(stack, ["plan", "-detailed-exitcode", "-input=false", "-no-color", "-lock=false"]);
        check(r.code === 0, `${stack} is not clean after the adoption (plan exit ${r.code})`);
      }
      return `${Object.keys(got).length} pipeline stacks and ${others.join(", ")}: no changes`;
    });

    const key = randomBytes(32).toString("hex");
    const keyed: NodeJS.ProcessEnv = { ...env, [KEY_ENV]: key };
    // The plan environment holds no Neon or Railway key (constructs/github/workflow-contract.ts).
    const planEnv: NodeJS.ProcessEnv = Object.fromEntries(
      Object.entries(env).filter(([name]) => !PLACEHOLDER_PROVIDERS.some((p) => p.env === name)),
    );

    /**
     * plan-pr.yml for one pull request: ingest's changed-stacks.ts (the changes file the
     * comment reads), the plan job's pr-plan.ts with the step's flags (changed stacks → vet →
     * plan; no Neon or Railway key, so those stacks plan with -refresh=false against the
     * recorded state), the comment rendered with the authenticated reviewed-plan record (the
     * key only here), posted as the sticky comment. Returns the changed stacks.
     */
    const pullRequest = async (pr: number, headOut: string, baseSynth: string, base: string): Promise<string[]> => {
      const changes = await script("changed-stacks", ["--base", baseSynth, "--head", headOut], env);
      const changesFile = join(work, `changes-${pr}.json`);
      writeFileSync(changesFile, changes.stdout);
      const stacks = (JSON.parse(changes.stdout) as { changed: string[] }).changed;
      check(stacks.length > 0, `changed-stacks found no changed stack in #${pr}`);
      // The head synth, laid out for the account: pr-plan.ts finds the changed stacks itself.
      await tf.stage(stacksInOrder(headOut), headOut);
      const plans = join(work, `plans-pr-${pr}`);
      // plan-pr.yml's "Vet and plan changed stacks" step, word for word, plus --offline (the
      // account's local backend; the workflow plans in Terraform Cloud).
      const planRun = await script(
        "pr-plan",
        [
          ...["--synth", tf.dir, "--base-synth", baseSynth, "--out", plans, "--no-lock", "--concurrency", "2"],
          ...["--placeholder-credentials", "neon,railway", "--offline"],
        ],
        planEnv,
      );
      for (const stack of stacks) {
        const config = JSON.parse(readFileSync(join(tf.workdir(stack), "cdk.tf.json"), "utf8")) as {
          provider?: Record<string, unknown>;
        };
        const keyless = PLACEHOLDER_PROVIDERS.some((p) => config.provider?.[p.provider] !== undefined);
        check(
          !keyless || planRun.stdout.includes(`${stack}: -refresh=false`),
          `pr-plan.ts did not plan ${stack} with -refresh=false: ${planRun.stdout.trim().slice(-500)}`,
        );
      }
      const planned = Object.keys(statuses(plans));
      check(
        [...planned].sort().join() === [...stacks].sort().join(),
        `pr-plan.ts planned ${planned.join()}, changed-stacks found ${stacks.join()}`,
      );
      const comment = join(work, `comment-${pr}.md`);
      await script(
        "render-plan",
        [
          ...["--plans", plans, "--synth", tf.dir, "--base-synth", baseSynth, "--changes", changesFile],
          ...["--record-pr", String(pr), "--record-head", sha(`head-${pr}`), "--record-base", sha(base)],
          ...["--out", comment],
        ],
        keyed,
      );
      await script("post-comment", ["--pr", String(pr), "--body", comment], env);
      return stacks;
    };

    interface MainRun {
      applied: string[];
      refused?: { stack: string; body: string };
    }
    /**
     * deploy.yml after merging `pr`: reviewed-plan.ts fetch (the merged PR from the API), then
     * per stack in apply order terraform-stack.yml's plan → verify against the authenticated
     * record → `terraform apply tfplan`; a refusal stops the run and the refused job posts it
     * on the merged PR.
     */
    const deployMain = async (pr: number, mainOut: string, stacks: readonly string[]): Promise<MainRun> => {
      const merge = sha(`merge-${pr}`);
      github.pulls.push({ number: pr, headSha: sha(`head-${pr}`), mergeCommitSha: merge, labels: [] });
      const mainEnv = { ...env, GITHUB_SHA: merge };
      const reviewed = join(work, `reviewed-${pr}.json`);
      // deploy.yml's reviewed job holds the key too: it keeps only markers whose MAC verifies.
      await script("reviewed-plan", ["fetch", "--out", reviewed], { ...mainEnv, [KEY_ENV]: key });
      const plans = join(work, `plans-main-${pr}`);
      const applied: string[] = [];
      for (const stack of stacks) {
        await tf.stage([stack], mainOut);
        await script(
          "plan-stacks",
          ["--synth", tf.dir, "--out", plans, "--offline", "--lock-timeout", "10s", stack],
          mainEnv,
        );
        const refusal = join(work, `refused-${pr}-${stack}.md`);
        const verdict = await pipelineScript(
          "reviewed-plan",
          ["verify", "--reviewed", reviewed, "--plans", plans, "--stack", stack, "--refusal", refusal],
          { ...mainEnv, [KEY_ENV]: key },
        );
        if (verdict.code !== 0) {
          check(existsSync(refusal), `reviewed-plan.ts verify failed without a refusal: ${verdict.stderr.trim()}`);
          const body = readFileSync(refusal, "utf8");
          const marker = body.split("\n")[0];
          await script("post-comment", ["--pr", String(pr), "--body", refusal, "--marker", marker], mainEnv);
          return { applied, refused: { stack, body } };
        }
        check(verdict.stdout.includes("✅"), `${stack}: verify passed without a verdict: ${verdict.stdout.trim()}`);
        if (statuses(plans)[stack] === "changes") {
          const r = await tf.run(stack, ["apply", "-input=false", "-no-color", "tfplan"]);
          check(r.code === 0, `terraform apply tfplan (${stack}) exited ${r.code}: ${r.stderr.trim().slice(-500)}`);
          applied.push(stack);
        }
      }
      return { applied };
    };

    let changed: string[] = [];
    await step("pull request: config change → comment shows before → after", async () => {
      synth("pr", prOut);
      changed = await pullRequest(PR, prOut, baseOut, "main-0");
      const posted = github.comments.filter((c) => c.issue === PR);
      check(posted.length === 1, `expected one comment on #${PR}, found ${posted.length}`);
      check(options.expectedUpdate.test(posted[0].body), `the comment lacks ${String(options.expectedUpdate)}`);
      check(
        /\| *1 *\|/.test(posted[0].body) || /1 to change/.test(posted[0].body),
        "the comment does not count one update",
      );
      check(posted[0].body.includes("<!-- neuropilot-reviewed-plan:"), "the comment carries no reviewed-plan record");
      return `${changed.join(", ")}: comment on #${PR} shows ${options.expectedUpdate.exec(posted[0].body)?.[0] ?? "?"}`;
    });

    await step("merge → the reviewed digest matches → apply in order (reviewed-plan.ts)", async () => {
      const run = await deployMain(PR, prOut, stacksInOrder(prOut));
      check(run.refused === undefined, `main refused ${run.refused?.stack}: ${run.refused?.body.split("\n")[1]}`);
      check(
        run.applied.join() === changed.join(),
        `applied ${run.applied.join(", ") || "no stack"}, expected ${changed.join(", ")}`,
      );
      const after = await tf.run(changed[0], [
        "plan",
        "-detailed-exitcode",
        "-input=false",
        "-no-color",
        "-lock=false",
      ]);
      check(after.code === 0, `${changed[0]} is not clean after the apply (plan exit ${after.code})`);
      return `${run.applied.join(", ")}: verified against the record of #${PR}, applied; re-plan clean`;
    });

    await step("out-of-band change → the drift run opens one issue for that stack", async () => {
      const stack = "neuropilot-staging";
      const address = addressOf(tf, stack, "neon_endpoint");
      // Someone turns scale to zero off in the console (never suspend).
      changeObject(tf.dir, address, "suspend_timeout_seconds=-1");
      const plans = join(work, "plans-drift");
      const reports = join(work, "drift-reports");
      mkdirSync(reports, { recursive: true });
      for (const s of ["neuropilot-platform", stack]) {
        await script("plan-stacks", ["--synth", tf.dir, "--out", plans, "--offline", "--no-lock", s], env);
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
        /suspend_timeout_seconds: -1 → 0/.test(open[0].body),
        "the drift issue does not show suspend_timeout_seconds: -1 → 0",
      );
      check(open[0].labels.includes("drift"), "the drift issue has no drift label");
      return `issue #${open[0].number} "${open[0].title}"`;
    });

    /** The live value of one attribute of the first `type` in a stack's state. */
    const stateValue = (stack: string, type: string, attribute: string): string => {
      const state = JSON.parse(readFileSync(join(tf.workdir(stack), `terraform.${stack}.tfstate`), "utf8")) as {
        resources: { mode: string; type: string; instances: { attributes: Record<string, unknown> }[] }[];
      };
      const found = state.resources.find((r) => r.mode === "managed" && r.type === type);
      return String(found?.instances[0]?.attributes[attribute]);
    };
    /** Every text file plan-stacks.ts wrote for a stack (result, saved output, errors). */
    const planOutput = (plans: string, stack: string): string =>
      readdirSync(plans)
        .filter((f) => f.startsWith(stack) && !f.endsWith(".tfplan"))
        .map((f) => readFileSync(join(plans, f), "utf8"))
        .join("\n");

    await step("a replace-forcing change → the data-loss gate blocks it until labelled", async () => {
      // The role's branch moves out of band; its branch_id is ForceNew (kislerdm/neon v0.15.0
      // provider/resource_role.go; providers/offline/rules/neon.json), so the plan replaces it.
      const stack = "neuropilot-staging";
      const role = addressOf(tf, stack, "neon_role");
      const branchId = stateValue(stack, "neon_role", "branch_id");
      changeObject(tf.dir, role, "branch_id=br-moved-out-of-band-000000");
      try {
        const plans = join(work, "plans-replace");
        await script("plan-stacks", ["--synth", tf.dir, "--out", plans, "--offline", "--no-lock", stack], env);
        const plan = JSON.parse(readFileSync(join(plans, `${stack}.plan.json`), "utf8")) as {
          resource_changes: { type: string; change: { actions: string[] } }[];
        };
        const replaced = plan.resource_changes.filter(
          (c) => c.type === "neon_role" && c.change.actions.includes("delete") && c.change.actions.includes("create"),
        );
        check(replaced.length > 0, "the role's ForceNew change was not planned as a replacement");
        const blocked = await pipelineScript("data-loss-gate", ["--plans", plans, "--labels", "[]"], env);
        check(blocked.code === 1, `the data-loss gate let an unlabelled replacement through (exit ${blocked.code})`);
        check(/neon_role/.test(blocked.stdout + blocked.stderr), "the gate's refusal does not name the neon_role");
        const labelled = await pipelineScript(
          "data-loss-gate",
          ["--plans", plans, "--labels", JSON.stringify(["approve-data-loss"])],
          env,
        );
        check(labelled.code === 0, `the gate refused a labelled replacement (exit ${labelled.code})`);
        return `${replaced.length} neon_role replace planned; gate exit 1 without the label, 0 with it`;
      } finally {
        changeObject(tf.dir, role, `branch_id=${branchId}`);
      }
    });

    await step("a replacement of the Neon project → prevent_destroy stops the plan", async () => {
      // region_id is ForceNew (provider/helper.go); the project has lifecycle.prevent_destroy.
      const stack = "neuropilot-platform";
      const project = addressOf(tf, stack, "neon_project");
      const region = stateValue(stack, "neon_project", "region_id");
      changeObject(tf.dir, project, "region_id=aws-ap-southeast-1");
      try {
        const plans = join(work, "plans-project");
        const run = await pipelineScript(
          "plan-stacks",
          ["--synth", tf.dir, "--out", plans, "--offline", "--no-lock", stack],
          env,
        );
        check(run.code !== 0, "plan-stacks.ts planned a replacement of the database project");
        check(statuses(plans)[stack] === "failed", `the platform plan is ${statuses(plans)[stack]}, not failed`);
        const said = planOutput(plans, stack) + run.stdout + run.stderr;
        check(/Instance cannot be destroyed/.test(said), "the failure is not Terraform's prevent_destroy refusal");
        return "plan failed: Instance cannot be destroyed (neon_project, prevent_destroy); nothing applied";
      } finally {
        changeObject(tf.dir, project, `region_id=${region}`);
      }
    });

    await step(
      "two PRs planned against the same state, merged in turn → main refuses the second and posts the refusal",
      async () => {
        const aOut = join(work, "second-a-cdktf.out");
        const bOut = join(work, "second-b-cdktf.out");
        const abOut = join(work, "second-ab-cdktf.out");
        synth("second-a", aOut);
        synth("second-b", bOut);
        synth("second-ab", abOut);
        const a = await pullRequest(SECOND_A, aOut, prOut, `merge-${PR}`);
        const b = await pullRequest(SECOND_B, bOut, prOut, `merge-${PR}`);
        const stack = "neuropilot-staging";
        check(
          a.join() === stack && b.join() === stack,
          `expected both PRs to change ${stack}: ${a.join()} / ${b.join()}`,
        );
        // The PR plans did not refresh staging (no Neon key in the plan environment): #8 and #9
        // were planned against the recorded 0, not the -1 the drift step left live.
        // Main's apply plan refreshes, so with the drift still live its plan of #8 (-1 → 300)
        // would differ from #8's record (0 → 300) and main would refuse #8 too. The drift is
        // put back first, as the drift issue asks.
        changeObject(tf.dir, addressOf(tf, stack, "neon_endpoint"), "suspend_timeout_seconds=0");
        // Only the stack both PRs change is planned on main (changed-stacks: the others are equal).
        const first = await deployMain(SECOND_A, aOut, [stack]);
        check(first.refused === undefined && first.applied.join() === stack, `#${SECOND_A} was not applied`);
        const second = await deployMain(SECOND_B, abOut, [stack]);
        check(second.refused !== undefined, `main applied #${SECOND_B} although its plan was made before #${SECOND_A}`);
        const endpoint = addressOf(tf, stack, "neon_endpoint").slice(stack.length + 1);
        const posted = github.comments.filter(
          (c) => c.issue === SECOND_B && c.body.startsWith("<!-- neuropilot-refused:"),
        );
        check(posted.length === 1, `expected one refusal comment on #${SECOND_B}, found ${posted.length}`);
        const body = posted[0].body;
        check(body.startsWith(`<!-- neuropilot-refused:${stack} -->`), "the refusal's marker does not name the stack");
        check(
          body.includes(`### ⛔ \`${stack}\`: main's plan differs from the reviewed plan, so nothing was applied`),
          "the refusal lacks its headline",
        );
        check(body.includes(`- Reviewed: PR #${SECOND_B}`), `the refusal does not name the reviewed PR #${SECOND_B}`);
        check(
          new RegExp(`Changing differently than reviewed: \`[^\`]*${endpoint.replace(/[.]/g, "\\.")}\``).test(body),
          `the refusal does not list ${endpoint} as changing differently`,
        );
        check(
          new RegExp(`\`approve\` set to \`${stack}=sha256:[0-9a-f]{64}\``).test(body),
          "the refusal does not give the re-approval input",
        );
        const state = JSON.parse(readFileSync(join(tf.workdir(stack), `terraform.${stack}.tfstate`), "utf8")) as {
          resources: { type: string; instances: { attributes: Record<string, unknown> }[] }[];
        };
        const live = state.resources.find((r) => r.type === "neon_endpoint")?.instances[0]?.attributes;
        check(
          live?.suspend_timeout_seconds === 300 && live.autoscaling_limit_max_cu === 1,
          `the state moved: suspend ${String(live?.suspend_timeout_seconds)}, max ${String(live?.autoscaling_limit_max_cu)}`,
        );
        return `#${SECOND_A} applied; #${SECOND_B} refused (${endpoint} changes differently), refusal posted on #${SECOND_B}`;
      },
    );
  } finally {
    tf.close();
    await github.close();
  }
  options.posted?.({ comments: github.comments, issues: github.issues });
  options.profile?.({
    scriptRuns: scriptClock.runs,
    scriptMs: scriptClock.ms,
    synths: synthClock.runs,
    synthMs: synthClock.ms,
    totalMs: Date.now() - began,
  });
  return results;
}

/** The closing table: one row per step. */
export function resultTable(results: readonly StepResult[]): string {
  const width = Math.max(4, ...results.map((r) => r.step.length));
  const rows = results.map((r) => `| ${r.step.padEnd(width)} | ${r.result.padEnd(7)} |`);
  return [`| ${"step".padEnd(width)} | result  |`, `|${"-".repeat(width + 2)}|---------|`, ...rows].join("\n");
}
