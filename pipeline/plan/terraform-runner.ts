// Runs `terraform init / plan -out / show -json` for one synthesised stack and records the
// outcome in the plan-results layout. The binary is $TERRAFORM_BIN or `terraform`; tests
// substitute a fake. No separate `terraform validate`: plan validates the configuration
// itself before planning (the local operation runs `Core.Validate` when OpValidation is set,
// hashicorp/terraform internal/backend/local/backend_local.go, `localRun`, trace line
// "backend/local: running validation operation", present in the v1.11.4 TF_LOG=TRACE of a
// plan), so a second pass cost a Terraform start-up and a provider schema load for nothing.
// Asynchronous (spawn, not spawnSync): a caller may serve the providers from its own event
// loop (the simulated account) or plan several stacks at once.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { Redactor } from "../../secrets/redact";
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
  /**
   * False: -refresh=false, plan against the recorded state without asking the services (the
   * plan environment's placeholder credentials, placeholder-credentials.ts). Default true.
   */
  refresh?: boolean;
  /** Where Terraform's scrubbed text output goes; the process's own streams when absent. */
  echo?: (stream: "stdout" | "stderr", text: string) => void;
}

const echoToProcess = (stream: "stdout" | "stderr", text: string): void => {
  (stream === "stdout" ? process.stdout : process.stderr).write(text);
};

export async function planStack(options: PlanOptions): Promise<PlanResult> {
  const { stack, workspace, outDir } = options;
  // Terraform's output is scrubbed (credentials this job holds, secret patterns) before it
  // is echoed to the log, cut to size or saved for the comment.
  const redactor = new Redactor(knownSecrets(options.env));
  const steps: string[][] = [
    ["init", "-input=false", "-no-color"],
    [
      "plan",
      "-input=false",
      "-no-color",
      "-detailed-exitcode",
      `-out=${SAVED_PLAN}`,
      ...(options.lock ? [] : ["-lock=false"]),
      ...(options.refresh === false ? ["-refresh=false"] : []),
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
    return fail(options, `terraform ${args[0]} failed (exit ${run.status ?? "signal"}):\n${run.output()}`);
  }
  const show = await terraform(["show", "-json", SAVED_PLAN], options, redactor, false);
  if (show.status !== 0) return fail(options, `terraform show -json failed:\n${show.output()}`);
  writeFileSync(planJsonFile(outDir, stack), show.stdout);
  const result: PlanResult = { stack, workspace, status: planExit === 2 ? "changes" : "no-changes" };
  writePlanResult(outDir, result);
  return result;
}

interface Run {
  status: number | null;
  stdout: string;
  /**
   * stdout and stderr together, scrubbed, then trimmed to the last MAX_CAPTURED_OUTPUT
   * characters. Computed when asked (a failure): scrubbing the whole `show -json` plan on
   * every success cost more than the show itself.
   */
  output: () => string;
}

async function terraform(args: string[], options: PlanOptions, redactor: Redactor, echo: boolean): Promise<Run> {
  const binary = options.env.TERRAFORM_BIN ?? "terraform";
  const started = performance.now();
  const child = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    const proc = spawn(binary, args, { cwd: options.workingDirectory, env: options.env, stdio: "pipe" });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    proc.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    proc.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    proc.on("error", (error) => resolve({ status: null, stdout: "", stderr: String(error) }));
    proc.on("close", (status) =>
      resolve({ status, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }),
    );
  });
  const { stdout, stderr } = child;
  // Never echo `show -json`: the JSON plan holds sensitive values in clear text.
  const write = options.echo ?? echoToProcess;
  if (echo) {
    write("stdout", redactor.scrub(stdout));
    write("stderr", redactor.scrub(stderr));
  }
  write("stdout", `(terraform ${args[0]}: ${((performance.now() - started) / 1000).toFixed(2)} s)\n`);
  // stdout stays raw for `show -json` (parsed, never printed); the text output is scrubbed whole, then cut.
  const output = (): string => redactor.scrub(`${stdout}${stderr}`).slice(-MAX_CAPTURED_OUTPUT);
  return { status: child.status, stdout, output };
}

function fail(options: PlanOptions, output: string): PlanResult {
  writeFileSync(stderrFile(options.outDir, options.stack), output);
  const result: PlanResult = { stack: options.stack, workspace: options.workspace, status: "failed" };
  writePlanResult(options.outDir, result);
  return result;
}
