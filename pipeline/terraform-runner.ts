// Runs `terraform init / validate / plan / show -json` for one synthesised stack and
// records the outcome in the plan-results layout. The binary is $TERRAFORM_BIN or
// `terraform`; tests substitute a fake.
import { spawnSync } from "node:child_process";
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
  /**
   * False: -refresh=false, plan against the recorded state without asking the services (the
   * plan environment's placeholder credentials, placeholder-credentials.ts). Default true.
   */
  refresh?: boolean;
}

export function planStack(options: PlanOptions): PlanResult {
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
      ...(options.refresh === false ? ["-refresh=false"] : []),
      ...(options.lockTimeout ? [`-lock-timeout=${options.lockTimeout}`] : []),
    ],
  ];
  let planExit = 0;
  for (const args of steps) {
    const run = terraform(args, options, redactor, true);
    // -detailed-exitcode: 0 = no changes, 2 = changes, anything else = error.
    if (run.status === 0 || (args[0] === "plan" && run.status === 2)) {
      planExit = run.status;
      continue;
    }
    return fail(options, `terraform ${args[0]} failed (exit ${run.status ?? "signal"}):\n${run.output}`);
  }
  const show = terraform(["show", "-json", SAVED_PLAN], options, redactor, false);
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

function terraform(args: string[], options: PlanOptions, redactor: Redactor, echo: boolean): Run {
  const binary = options.env.TERRAFORM_BIN ?? "terraform";
  const child = spawnSync(binary, args, {
    cwd: options.workingDirectory,
    env: options.env,
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
  });
  const stdout = child.stdout ?? "";
  const stderr = child.stderr ?? (child.error ? String(child.error) : "");
  // Never echo `show -json`: the JSON plan holds sensitive values in clear text.
  if (echo) {
    process.stdout.write(redactor.scrub(stdout));
    process.stderr.write(redactor.scrub(stderr));
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
