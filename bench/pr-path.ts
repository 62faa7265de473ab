// The pull-request path against the simulated account, side by side with bare Terraform:
// synth → changed stacks → plan of the changed stacks → comment (the pipeline's own scripts,
// as pr.yml runs them, posting to a loopback GitHub API), against `terraform plan` of the same
// stacks in the same working folders. Round-robin runs; prints medians per stage and the ratio.
// plan-stacks vets each stack before planning (pipeline/vet/); --offline because the
// simulated account's state is local (the vet rules allow the local backend only offline).
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeGitHub } from "../offline-provider/simulator/github-api";
import { REHEARSAL_REPOSITORY, pipelineScript } from "../offline-provider/simulator/rehearse";
import { deployStacks, simulatorTerraform, stacksInOrder } from "../offline-provider/simulator/terraform-runs";

const ROOT = join(__dirname, "..");
const RUNS = Number(process.env.BENCH_PR_RUNS ?? 3);

function synth(variant: "base" | "pr", outdir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, "app-runner", "run-app.mjs"), "bench/synth-rehearsal.ts"], {
      cwd: ROOT,
      env: { ...process.env, CDKTF_OUTDIR: outdir, REHEARSAL_VARIANT: variant },
      stdio: ["ignore", "ignore", "inherit"],
    });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`synth ${variant} exited ${code}`))));
  });
}

async function ok(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const r = await pipelineScript(script, args, env);
  if (r.code !== 0) throw new Error(`pipeline/${script}.ts exited ${r.code}: ${r.stderr || r.stdout}`);
  return r.stdout;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "neuropilot-bench-pr-"));
  const github = await startFakeGitHub(REHEARSAL_REPOSITORY);
  const base = join(work, "base");
  await synth("base", base);
  const tf = await simulatorTerraform(join(work, "account"), base);
  try {
    await deployStacks(tf, stacksInOrder(base), base);
    const env = {
      ...tf.env,
      GITHUB_API_URL: github.url,
      GITHUB_REPOSITORY: REHEARSAL_REPOSITORY,
      GITHUB_TOKEN: "bench-token",
      GITHUB_OUTPUT: join(work, "github-output"),
      GITHUB_STEP_SUMMARY: join(work, "summary.md"),
    };
    let changed: string[] = [];
    const stages = new Map<string, number[]>();
    const timed = async <T>(stage: string, body: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      try {
        return await body();
      } finally {
        stages.set(stage, [...(stages.get(stage) ?? []), performance.now() - started]);
      }
    };
    const pipeline = async (run: number): Promise<number> => {
      const started = performance.now();
      const head = join(work, `head-${run}`);
      await timed("synth (one process)", () => synth("pr", head));
      const changes = await timed("changed-stacks.ts", () =>
        ok("changed-stacks", ["--base", base, "--head", head], env),
      );
      writeFileSync(join(work, "changes.json"), changes);
      changed = (JSON.parse(changes) as { changed: string[] }).changed;
      await timed("stage the changed stacks", () => tf.stage(changed, head));
      const plans = join(work, `plans-${run}`);
      mkdirSync(plans, { recursive: true });
      await timed("plan-stacks.ts (vet + terraform plan + show -json)", () =>
        ok(
          "plan-stacks",
          ["--synth", tf.dir, "--out", plans, "--offline", "--no-lock", "--stacks", JSON.stringify(changed)],
          env,
        ),
      );
      const comment = join(work, "comment.md");
      await timed("render-plan.ts", () =>
        ok(
          "render-plan",
          ["--plans", plans, "--synth", tf.dir, "--changes", join(work, "changes.json"), "--out", comment],
          env,
        ),
      );
      await timed("post-comment.ts", () => ok("post-comment", ["--pr", "7", "--body", comment], env));
      return performance.now() - started;
    };
    const bare = async (): Promise<number> => {
      const started = performance.now();
      for (const stack of changed) {
        const r = await tf.run(stack, ["plan", "-input=false", "-no-color", "-lock=false"]);
        if (r.code !== 0) throw new Error(`terraform plan ${stack}: ${r.stderr}`);
      }
      return performance.now() - started;
    };
    const pipelineMs: number[] = [];
    const bareMs: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      pipelineMs.push(await pipeline(i));
      bareMs.push(await bare());
    }
    const p = median(pipelineMs);
    const b = median(bareMs);
    console.log(
      `\npull-request path against the simulated account (${changed.join(", ")}), median of ${RUNS} round-robin runs`,
    );
    console.log(`| path | wall |\n|---|---|`);
    console.log(`| synth → changed stacks → plan-stacks → render → comment | ${(p / 1000).toFixed(2)} s |`);
    for (const [stage, ms] of stages) console.log(`| · ${stage} | ${(median(ms) / 1000).toFixed(2)} s |`);
    console.log(`| bare \`terraform plan\` of the same stacks | ${(b / 1000).toFixed(2)} s |`);
    console.log(`ratio: ${(p / b).toFixed(2)}× (goal ≤ 1.3×)`);
  } finally {
    tf.close();
    await github.close();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
