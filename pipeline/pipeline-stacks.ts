// CLI: the synthesised pipeline stacks in apply order.
//   tsx pipeline/pipeline-stacks.ts cdktf.out
// Prints a JSON array and sets the step output `stacks`.
import { commandLine, setOutput } from "./github/github-actions";
import { processIo, runAsEntry, type ScriptIo } from "./script-entry";
import { orderPipelineStacks } from "./synth/stack-order";
import { readManifest } from "./synth/synth-output";

export async function main(argv: string[], env: NodeJS.ProcessEnv, io: ScriptIo = processIo): Promise<number> {
  const [outDir = "cdktf.out"] = commandLine(argv, {
    command: "pipeline/pipeline-stacks.ts",
    flags: [],
    positional: "[cdktf.out]",
  }).positional;
  const stacks = orderPipelineStacks(readManifest(outDir));
  io.log(JSON.stringify(stacks));
  setOutput("stacks", JSON.stringify(stacks), env);
  return 0;
}

runAsEntry("pipeline-stacks", main);
