// CLI: plans stacks and leaves plan-results files in --out (the work is plan-run.ts's).
//   tsx pipeline/plan-stacks.ts --synth cdktf.out --out plans [--no-lock] [--lock-timeout 5m] [--offline] [--concurrency 2] [stack ...]
// Every stack is vetted first (pipeline/vet/): when any is refused, no terraform process
// starts at all, each refused stack gets a failed result whose output is the refusal (the
// comment shows it) and the others are not planned. --offline allows the local backend (the
// credential-free preview). --unvetted skips vetting for tests that plan terraform_data
// stacks; no workflow may pass it (test/pipeline/workflows.test.ts).
// Stacks come as arguments or as a JSON array (--stacks '["neuropilot-staging"]', straight
// from a step output); without either it plans every pipeline stack. Sensitive input variables come from
// the TF_VAR_<NAME> variables the workflow step names one by one, see stack-variables.ts.
// Step outputs: `changed` and `failed` (JSON arrays). Exits 1 when any plan failed, or when
// a plan that imports also creates a data resource (plan-summary.ts dataCreatesWhileAdopting).
// --placeholder-credentials neon,railway (the plan environment, which holds no Neon or Railway
// key): those providers get a non-secret placeholder, and a stack configuring one is planned
// with -refresh=false against its recorded state (placeholder-credentials.ts).
import { commandLine, flag, setOutput } from "./github/github-actions";
import { placeholderProviders } from "./plan/placeholder-credentials";
import { parseConcurrency, parseStackList, reportPlanRun } from "./plan/plan-report";
import { planRunExitCode, planStacks } from "./plan/plan-run";
import { processIo, runAsEntry, type ScriptIo } from "./script-entry";

/** The command, in-process: `argv` and `env` as the workflow step passes them; returns the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv, io: ScriptIo = processIo): Promise<number> {
  const args = commandLine(argv, {
    command: "pipeline/plan-stacks.ts",
    flags: ["synth", "out", "stacks", "lock-timeout", "concurrency", "placeholder-credentials"],
    switches: ["no-lock", "offline", "unvetted"],
  });
  const outcome = await planStacks({
    synthDir: flag(args, "synth") ?? "cdktf.out",
    outDir: flag(args, "out") ?? "plans",
    stacks: [...args.positional, ...parseStackList(flag(args, "stacks"))],
    offline: flag(args, "offline") === "true",
    unvetted: flag(args, "unvetted") === "true",
    lock: flag(args, "no-lock") !== "true",
    lockTimeout: flag(args, "lock-timeout"),
    env,
    concurrency: parseConcurrency(flag(args, "concurrency")),
    placeholders: placeholderProviders(flag(args, "placeholder-credentials")),
    log: io.log,
  });
  reportPlanRun(outcome, (name, value) => setOutput(name, value, env), io.log);
  return planRunExitCode(outcome);
}

runAsEntry("plan-stacks", main);
