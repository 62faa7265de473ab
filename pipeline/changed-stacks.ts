// CLI: which pipeline stacks differ between two synth outputs.
//   tsx pipeline/changed-stacks.ts --base base/cdktf.out --head cdktf.out
// Prints the result as JSON and sets the step outputs `stacks` (JSON array, apply order),
// `removed`, `bootstrap-changed` and `any` ("true"/"false").
import { commandLine, flag, requiredFlag, setOutput } from "./github-actions";
import { diffSynthOutputs } from "./stack-diff";

function main(): void {
  const args = commandLine(process.argv.slice(2), { command: "pipeline/changed-stacks.ts", flags: ["base", "head"] });
  const changes = diffSynthOutputs(flag(args, "base"), requiredFlag(args, "head"));
  console.log(JSON.stringify(changes, null, 2));
  setOutput("stacks", JSON.stringify(changes.changed));
  setOutput("removed", JSON.stringify(changes.removed));
  setOutput("bootstrap-changed", JSON.stringify(changes.bootstrapChanged));
  setOutput("any", String(changes.changed.length > 0));
}

main();
