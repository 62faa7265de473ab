// The work of pr-plan.ts (its header says what and why), callable in-process: changed
// stacks → vetting → plans, as one function of the command line. Like every pipeline
// script's main (script-entry.ts), it takes the step's argv and env and prints through io,
// so the rehearsal runs it as plan-pr.yml calls it, without a process per step.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { strictArgs, numberFlag, UsageError } from "../../cli/flags";
import { setOutput } from "../github/github-actions";
import { MAX_CONCURRENCY, reportPlanRun } from "./plan-report";
import { planRunExitCode, planStacks } from "./plan-run";
import { placeholderProviders } from "./placeholder-credentials";
import { processIo, type ScriptIo } from "../script-entry";
import { diffSynthOutputs } from "../synth/stack-diff";

export const USAGE =
  "usage: pipeline/pr-plan.ts --synth DIR [--base-synth DIR] [--out DIR] [--changes FILE] " +
  "[--no-lock] [--lock-timeout DURATION] [--offline] [--concurrency N] [--placeholder-credentials neon,railway] | --help";

/** A synth output given on the command line: a folder holding manifest.json. */
function synthFolder(flag: string, dir: string): string {
  if (!existsSync(join(dir, "manifest.json"))) {
    throw new UsageError(`--${flag} ${dir} holds no manifest.json: pass the folder a synth (or import-synth.ts) wrote`);
  }
  return dir;
}

/** The command, in-process: `argv` and `env` as the workflow step passes them; returns the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv, io: ScriptIo = processIo): Promise<number> {
  const { values } = strictArgs({
    args: argv,
    options: {
      synth: { type: "string" },
      "base-synth": { type: "string" },
      out: { type: "string" },
      changes: { type: "string" },
      "no-lock": { type: "boolean" },
      "lock-timeout": { type: "string" },
      offline: { type: "boolean" },
      concurrency: { type: "string" },
      "placeholder-credentials": { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    io.log(USAGE);
    return 0;
  }
  if (values.synth === undefined) throw new UsageError("--synth is required (the PR's synth output, e.g. cdktf.out)");
  const head = synthFolder("synth", values.synth);
  // A missing base (the base did not synthesise) plans every stack, as changed-stacks.ts does.
  const base = values["base-synth"];
  const lockTimeout = values["lock-timeout"];
  if (lockTimeout !== undefined && !/^[1-9][0-9]*[smh]$/.test(lockTimeout)) {
    throw new UsageError(`--lock-timeout must be a duration such as 5m or 30s, got ${JSON.stringify(lockTimeout)}`);
  }
  const concurrency = numberFlag(
    values,
    "concurrency",
    { min: 1, max: MAX_CONCURRENCY, integer: true, example: "--concurrency 2" },
    1,
  );

  const started = performance.now();
  const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(2)} s`;
  const changes = diffSynthOutputs(base, head);
  if (values.changes !== undefined) writeFileSync(values.changes, `${JSON.stringify(changes, null, 2)}\n`);
  const output = (name: string, value: string): void => setOutput(name, value, env);
  output("stacks", JSON.stringify(changes.changed));
  output("any", String(changes.changed.length > 0));
  io.log(`changed stacks: ${changes.changed.length > 0 ? changes.changed.join(", ") : "none"} (${elapsed()})`);
  if (changes.changed.length === 0) {
    output("changed", "[]");
    output("failed", "[]");
    return 0;
  }
  const outcome = await planStacks({
    synthDir: head,
    outDir: values.out ?? "plans",
    stacks: changes.changed,
    offline: values.offline === true,
    lock: values["no-lock"] !== true,
    lockTimeout,
    env,
    concurrency,
    placeholders: placeholderProviders(values["placeholder-credentials"]),
    log: io.log,
  });
  reportPlanRun(outcome, output, io.log);
  io.log(`pr-plan: vetted and planned in ${elapsed()}`);
  return planRunExitCode(outcome);
}
