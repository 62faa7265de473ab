// The command line of `npm run engine`: parsed strictly (unknown words and flags refused).
import { ENGINES, type Engine } from "./switch";

export type EngineCommand =
  | { kind: "help" }
  | { kind: "use"; engine: Engine; install: boolean }
  | { kind: "compare"; first: string; second: string };

export const ENGINE_USAGE = `Usage:
  npm run engine -- use <${ENGINES.join("|")}> [--no-install]
      set package.json up for that CDK engine, then run npm install (unless --no-install)
  npm run engine -- compare <synth-dir> <synth-dir>
      compare two synth outputs stack by stack, the engines' "//" metadata aside
  npm run engine -- --help`;

export function parseEngineArgs(args: readonly string[]): EngineCommand {
  if (args.includes("--help") || args.includes("-h")) return { kind: "help" };
  const [command, ...rest] = args;
  if (command === "use") {
    const flags = rest.filter((arg) => arg.startsWith("-"));
    const words = rest.filter((arg) => !arg.startsWith("-"));
    const unknown = flags.filter((flag) => flag !== "--no-install");
    if (unknown.length > 0) throw new Error(`unknown flag ${unknown[0]} for "use"`);
    if (words.length !== 1) throw new Error(`"use" takes one engine: ${ENGINES.join(" or ")}`);
    const engine = ENGINES.find((candidate) => candidate === words[0]);
    if (engine === undefined) throw new Error(`unknown engine "${words[0]}": use ${ENGINES.join(" or ")}`);
    return { kind: "use", engine, install: !flags.includes("--no-install") };
  }
  if (command === "compare") {
    const flag = rest.find((arg) => arg.startsWith("-"));
    if (flag !== undefined) throw new Error(`unknown flag ${flag} for "compare"`);
    if (rest.length !== 2) throw new Error(`"compare" takes two synth folders (e.g. cdktf.out other/cdktf.out)`);
    return { kind: "compare", first: rest[0], second: rest[1] };
  }
  throw new Error(command === undefined ? "no command given" : `unknown command "${command}"`);
}
