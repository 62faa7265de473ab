// The pull-request path against the simulated account, side by side with bare Terraform.
// The path is what plan-pr.yml runs, process for process, started as it starts them
// (`node app-runner/run-app.mjs pipeline/<script>.ts`): synth of the PR (pr.yml) → the synth
// output laid into the stacks' working folders (import-synth.ts's place) → pr-plan.ts, ONE
// process: changed stacks → vetting → terraform init / plan -out / show -json of the changed
// stacks → render-plan.ts with the reviewed-plan record (its own process: the record key must
// never share a process with terraform) → post-comment.ts to a loopback GitHub API (its own
// process: the report job's write token). Bare: `terraform plan` of the same stacks, in the
// same already-initialised working folders, one after another. Round-robin runs; prints the
// median of each stage and two ratios: with synth (the definition) and after synth.
// --offline because the simulated account's state is local (the vet rules allow the local
// backend only offline).
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { benchSettings, countFromEnv, switchFromEnv } from "./args";
import { startFakeGitHub } from "../offline-provider/simulator/github-api";
import { REHEARSAL_REPOSITORY } from "../offline-provider/simulator/rehearse";
import { deployStacks, simulatorTerraform, stacksInOrder } from "../offline-provider/simulator/terraform-runs";

const ROOT = join(__dirname, "..");
const { RUNS, VERBOSE } = benchSettings(
  {
    command: "npm run bench:pr",
    knobs: [
      "BENCH_PR_RUNS=3      runs of the path and of bare terraform plan (1-99)",
      "BENCH_PR_VERBOSE=1   print pr-plan.ts's log",
    ],
  },
  (env) => ({ RUNS: countFromEnv(env, "BENCH_PR_RUNS", 3, 1, 99), VERBOSE: switchFromEnv(env, "BENCH_PR_VERBOSE") }),
);
const RUN_APP = join(ROOT, "app-runner", "run-app.mjs");
const SYNTH = "synth (pr.yml, one process)";
const PR_PLAN = "pr-plan.ts (changed stacks → vet → init / plan -out / show -json)";

/** `node app-runner/run-app.mjs <entry> args`, as the workflows start a script; stdout on success. */
function runApp(entry: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUN_APP, entry, ...args], { cwd: ROOT, env, stdio: "pipe" });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${entry} exited ${code}: ${out.trim().slice(-2000)}`)),
    );
  });
}

const synth = (variant: "base" | "pr", outdir: string): Promise<string> =>
  runApp("bench/synth-rehearsal.ts", [], { ...process.env, CDKTF_OUTDIR: outdir, REHEARSAL_VARIANT: variant });

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const fakeSha = (label: string): string => createHash("sha1").update(label).digest("hex");

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
    const keyed = { ...env, REVIEWED_PLAN_HMAC_KEY: randomBytes(32).toString("hex") };
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
      await timed(SYNTH, () => synth("pr", head));
      await timed("lay the synth output into the working folders", () => tf.stage(stacksInOrder(head), head));
      const plans = join(work, `plans-${run}`);
      const changes = join(work, `changes-${run}.json`);
      const output = await timed(PR_PLAN, () =>
        runApp(
          "pipeline/pr-plan.ts",
          [
            ...["--synth", tf.dir, "--base-synth", base, "--out", plans, "--changes", changes],
            ...["--offline", "--no-lock", "--concurrency", "2"],
          ],
          env,
        ),
      );
      if (VERBOSE) console.log(output);
      // Inside pr-plan.ts: the time of each terraform command (plan-run.ts logs them).
      for (const [, command, secs] of output.matchAll(/^\(terraform (\w+): ([\d.]+) s\)$/gm)) {
        const stage = `·· terraform ${command}`;
        stages.set(stage, [...(stages.get(stage) ?? []), Number(secs) * 1000]);
      }
      const inProcess = /^pr-plan: vetted and planned in ([\d.]+) s$/m.exec(output);
      if (inProcess) {
        const stage = "·· from main() to the end (the rest is the process start-up)";
        stages.set(stage, [...(stages.get(stage) ?? []), Number(inProcess[1]) * 1000]);
      }
      changed = (JSON.parse(readFileSync(changes, "utf8")) as { changed: string[] }).changed;
      if (changed.length === 0) throw new Error("pr-plan.ts found no changed stack");
      const comment = join(work, `comment-${run}.md`);
      await timed("render-plan.ts (with the reviewed-plan record)", () =>
        runApp(
          "pipeline/render-plan.ts",
          [
            ...["--plans", plans, "--synth", tf.dir, "--base-synth", base, "--changes", changes],
            ...["--record-pr", "7", "--record-head", fakeSha("head"), "--record-base", fakeSha("base")],
            ...["--out", comment],
          ],
          keyed,
        ),
      );
      if (!readFileSync(comment, "utf8").includes(changed[0]))
        throw new Error(`${comment} does not name ${changed[0]}`);
      await timed("post-comment.ts", () => runApp("pipeline/post-comment.ts", ["--pr", "7", "--body", comment], env));
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
    // Untimed: builds (or checks) each script's cached bundle, as the first step of a job does.
    for (const entry of ["pr-plan", "render-plan", "post-comment"])
      await runApp(`pipeline/${entry}.ts`, ["--help"], env);
    const pipelineMs: number[] = [];
    const afterSynthMs: number[] = [];
    const bareMs: number[] = [];
    const loads: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      loads.push(loadavg()[0]);
      const total = await pipeline(i);
      pipelineMs.push(total);
      afterSynthMs.push(total - (stages.get(SYNTH)?.at(-1) ?? 0));
      bareMs.push(await bare());
    }
    const p = median(pipelineMs);
    const a = median(afterSynthMs);
    const b = median(bareMs);
    console.log(
      `\npull-request path against the simulated account (${changed.join(", ")}), median of ${RUNS} round-robin runs, ` +
        `load average ${loads.map((l) => l.toFixed(2)).join(", ")} at the runs' starts`,
    );
    console.log(`| path | wall |\n|---|---|`);
    console.log(`| synth → pr-plan → render → comment | ${seconds(p)} |`);
    for (const [stage, ms] of stages) {
      console.log(`| ${stage.startsWith("·") ? "" : "· "}${stage} | ${seconds(median(ms))} |`);
    }
    console.log(`| the same, after synth | ${seconds(a)} |`);
    console.log(`| bare \`terraform plan\` of the same stacks | ${seconds(b)} |`);
    console.log(`ratio with synth: ${(p / b).toFixed(2)}×; after synth: ${(a / b).toFixed(2)}× (goal ≤ 1.3×)`);
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
