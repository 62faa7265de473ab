// Runs `terraform init / validate / plan / show -json` for one synthesised stack and
// records the outcome in the plan-results layout. The binary is $TERRAFORM_BIN or
// `terraform`; tests substitute a fake. Terraform runs asynchronously, so that providers this
// process serves (the simulated account's, offline-provider/provider-host.ts) answer it while
// the plan runs: the rehearsal calls plan-stacks.ts in-process.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { Redactor } from "../secrets/redact";
import { knownSecrets } from "./known-secrets";
import { planJsonFile, stderrFile, writePlanResult, type PlanResult } from "./plan-results";

/** Saved plan, written next to cdk.tf.json so `terraform apply tfplan` finds it in the same directory. */
export const SAVED_PLAN = "tfplan";
const MAX_CAPTURED_OUTPUT = 200_000;

export interface PlanOptions {
  stack: string;
  workspace: string;
  workingDirectory: string;
  outDir: string;
  env: NodeJS.ProcessEnv;
  /** PR plans must not take the workspace lock an apply may need. */
  lock: boolean;
  lockTimeout?: string;
  /** Where Terraform's scrubbed text output is echoed; default this process's stdout and stderr. */
  echo?: (stream: "stdout" | "stderr", text: string) => void;
}

const processEcho = (stream: "stdout" | "stderr", text: string): void =>
  void (stream === "stdout" ? process.stdout : process.stderr).write(text);

export async function planStack(options: PlanOptions): Promise<PlanResult> {
  const { stack, workspace, outDir } = options;
  // Terraform's output is scrubbed (credentials this job holds, secret patterns) before it
  // is echoed to the log, cut to size or saved for the comment.
  const redactor = new Redactor(knownSecrets(options.env));
  const steps: string[][] = [
    ["init", "-input=false", "-no-color"],
    ["validate", "-no-color"],
    [
      "plan",
      "-input=false",
      "-no-color",
      "-detailed-exitcode",
      `-out=${SAVED_PLAN}`,
      ...(options.lock ? [] : ["-lock=false"]),
      ...(options.lockTimeout ? [`-lock-timeout=${options.lockTimeout}`] : []),
    ],
  ];
  let planExit = 0;
  for (const args of steps) {
    const run = await terraform(args, options, redactor, true);
    // -detailed-exitcode: 0 = no changes, 2 = changes, anything else = error.
    if (run.status === 0 || (args[0] === "plan" && run.status === 2)) {
      planExit = run.status;
      continue;
    }
    return fail(options, `terraform ${args[0]} failed (exit ${run.status ?? "signal"}):\n${run.output}`);
  }
  const show = await terraform(["show", "-json", SAVED_PLAN], options, redactor, false);
  if (show.status !== 0) return fail(options, `terraform show -json failed:\n${show.output}`);
  writeFileSync(planJsonFile(outDir, stack), show.stdout);
  const result: PlanResult = { stack, workspace, status: planExit === 2 ? "changes" : "no-changes" };
  writePlanResult(outDir, result);
  return result;
}

interface Run {
  status: number | null;
  stdout: string;
  /** stdout and stderr together, scrubbed, then trimmed to the last MAX_CAPTURED_OUTPUT characters. */
  output: string;
}

async function terraform(args: string[], options: PlanOptions, redactor: Redactor, echo: boolean): Promise<Run> {
  const binary = options.env.TERRAFORM_BIN ?? "terraform";
  const child = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const proc = spawn(binary, args, { cwd: options.workingDirectory, env: options.env, stdio: "pipe" });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    proc.stdout.on("data", (d: Buffer) => out.push(d));
    proc.stderr.on("data", (d: Buffer) => err.push(d));
    // A binary that cannot start (ENOENT) reports as a failed run, as spawnSync's error did.
    proc.on("error", (error) => resolve({ status: null, stdout: "", stderr: String(error) }));
    proc.on("close", (status) =>
      resolve({ status, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }),
    );
  });
  const { stdout, stderr } = child;
  // Never echo `show -json`: the JSON plan holds sensitive values in clear text.
  if (echo) {
    const write = options.echo ?? processEcho;
    write("stdout", redactor.scrub(stdout));
    write("stderr", redactor.scrub(stderr));
  }
  // stdout stays raw for `show -json` (parsed, never printed); the text output is scrubbed whole, then cut.
  const output = redactor.scrub(`${stdout}${stderr}`);
  return { status: child.status, stdout, output: output.slice(-MAX_CAPTURED_OUTPUT) };
}

function fail(options: PlanOptions, output: string): PlanResult {
  writeFileSync(stderrFile(options.outDir, options.stack), output);
  const result: PlanResult = { stack: options.stack, workspace: options.workspace, status: "failed" };
  writePlanResult(options.outDir, result);
  return result;
}
