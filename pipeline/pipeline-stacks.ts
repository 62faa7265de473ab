// CLI: the synthesised pipeline stacks in apply order.
//   tsx pipeline/pipeline-stacks.ts cdktf.out
// Prints a JSON array and sets the step output `stacks`.
import { commandLine, setOutput } from "./github/github-actions";
import { orderPipelineStacks } from "./synth/stack-order";
import { readManifest } from "./synth/synth-output";

function main(): void {
  const [outDir = "cdktf.out"] = commandLine(process.argv.slice(2), {
    command: "pipeline/pipeline-stacks.ts",
    flags: [],
    positional: "[cdktf.out]",
  }).positional;
  const stacks = orderPipelineStacks(readManifest(outDir));
  console.log(JSON.stringify(stacks));
  setOutput("stacks", JSON.stringify(stacks));
}

main();
