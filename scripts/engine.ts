// `npm run engine -- use <cdktf|cdktn>` switches the CDK engine (engine/switch.ts);
// `npm run engine -- compare A B` compares two synth outputs (engine/compare.ts).
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { ENGINE_USAGE, parseEngineArgs, type EngineCommand } from "../engine/cli-usage";
import { compareSynthOutputs } from "../engine/compare";
import { switchEngine } from "../engine/switch";

function run(command: EngineCommand): number {
  if (command.kind === "help") {
    console.log(ENGINE_USAGE);
    return 0;
  }
  if (command.kind === "compare") {
    const differences = compareSynthOutputs(command.first, command.second);
    for (const { stack, detail } of differences) console.error(`${stack}: ${detail}`);
    if (differences.length > 0) return 1;
    console.log(`same Terraform in every stack of ${command.first} and ${command.second} (metadata aside)`);
    return 0;
  }
  const next = switchEngine(JSON.parse(readFileSync("package.json", "utf8")), command.engine);
  writeFileSync("package.json", `${JSON.stringify(next, null, 2)}\n`);
  console.log(`package.json now uses ${command.engine}`);
  if (!command.install) {
    console.log("run npm install to install it");
    return 0;
  }
  return spawnSync("npm", ["install", "--no-audit", "--no-fund"], { stdio: "inherit" }).status ?? 1;
}

try {
  process.exitCode = run(parseEngineArgs(process.argv.slice(2)));
} catch (error) {
  console.error(`engine: ${error instanceof Error ? error.message : String(error)}`);
  console.error(ENGINE_USAGE);
  process.exitCode = 2;
}
