// CLI: which pipeline stacks differ between two synth outputs.
//   tsx pipeline/changed-stacks.ts --base base/cdktf.out --head cdktf.out
// Prints the result as JSON and sets the step outputs `stacks` (JSON array, apply order),
// `removed`, `bootstrap-changed` and `any` ("true"/"false").
import { commandLine, flag, requiredFlag, setOutput } from "./github/github-actions";
import { processIo, runAsEntry, type ScriptIo } from "./script-entry";
import { diffSynthOutputs } from "./synth/stack-diff";

/** The command, in-process: `argv` and `env` as the workflow step passes them; returns the exit code. */
export function main(argv: string[], env: NodeJS.ProcessEnv, io: ScriptIo = processIo): Promise<number> {
  const args = commandLine(argv, { command: "pipeline/changed-stacks.ts", flags: ["base", "head"] });
  const changes = diffSynthOutputs(flag(args, "base"), requiredFlag(args, "head"));
  io.log(JSON.stringify(changes, null, 2));
  setOutput("stacks", JSON.stringify(changes.changed), env);
  setOutput("removed", JSON.stringify(changes.removed), env);
  setOutput("bootstrap-changed", JSON.stringify(changes.bootstrapChanged), env);
  setOutput("any", String(changes.changed.length > 0), env);
  return Promise.resolve(0);
}

runAsEntry("changed-stacks", main);
