// Small helpers for talking to the GitHub Actions runner: step outputs, the job summary,
// and command-line flags. Outside Actions the files are unset and these are no-ops.
import { appendFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { HelpRequest, UsageError } from "../../cli/flags";

/** Appends `name=value` to $GITHUB_OUTPUT (multi-line values use a random heredoc delimiter). */
export function setOutput(name: string, value: string, env: NodeJS.ProcessEnv = process.env): void {
  appendKeyValue(env.GITHUB_OUTPUT, name, value);
}

export function appendStepSummary(markdown: string, env: NodeJS.ProcessEnv = process.env): void {
  const file = env.GITHUB_STEP_SUMMARY;
  if (file) appendFileSync(file, `${markdown}\n`);
}

/** Link to this workflow run, whose page shows every job summary. */
export function runUrl(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: runId } = env;
  if (!server || !repository || !runId) return undefined;
  return `${server}/${repository}/actions/runs/${runId}`;
}

export function warning(message: string, log: (line: string) => void = console.log): void {
  log(`::warning::${message.replace(/\r?\n/g, "%0A")}`);
}

export interface ParsedArgs {
  flags: Map<string, string[]>;
  positional: string[];
}

/** Parses `--name value`, `--name=value` and bare `--switch` flags; repeated flags accumulate. */
export function parseArgs(argv: string[], switches: readonly string[] = []): ParsedArgs {
  const flags = new Map<string, string[]>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = splitOnce(arg.slice(2), "=");
    let value = inline;
    if (value === undefined) value = switches.includes(name) ? "true" : argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return { flags, positional };
}

export interface CommandLineSpec {
  /** The script, for messages: "pipeline/plan-stacks.ts". */
  command: string;
  /** Flags that take a value. */
  flags: readonly string[];
  /** Flags that take none. */
  switches?: readonly string[];
  /** Positional arguments, as the usage line shows them: "[outdir]". */
  positional?: string;
}

/** The usage line of a pipeline command, from its flags. */
export function usageOf(spec: CommandLineSpec): string {
  const parts = [
    ...(spec.positional ? [spec.positional] : []),
    ...spec.flags.map((name) => `[--${name} VALUE]`),
    ...(spec.switches ?? []).map((name) => `[--${name}]`),
  ];
  return `usage: tsx ${spec.command} ${parts.join(" ")} | --help`;
}

/**
 * `parseArgs` for a pipeline command: --help throws HelpRequest (usage on stdout, exit 0); a
 * flag the command does not know, or one missing its value, throws UsageError naming it, with
 * the usage (exit 2), before any work. It never exits the process itself: a caller in this
 * process (the rehearsal) gets the error, and runAsEntry (script-entry.ts) prints it.
 */
export function commandLine(argv: string[], spec: CommandLineSpec): ParsedArgs {
  if (argv.includes("--help") || argv.includes("-h")) throw new HelpRequest(usageOf(spec));
  const switches = spec.switches ?? [];
  try {
    // Unknown flags first: "--bogus needs a value" would send the user looking for a value.
    for (let i = 0; i < argv.length; i++) {
      if (!argv[i].startsWith("--")) continue;
      const [name, inline] = splitOnce(argv[i].slice(2), "=");
      if (spec.flags.includes(name)) i += inline === undefined ? 1 : 0;
      else if (!switches.includes(name)) throw new Error(`unknown flag --${name}`);
    }
    return parseArgs(argv, switches);
  } catch (error) {
    throw new UsageError(`${spec.command}: ${error instanceof Error ? error.message : String(error)}`, usageOf(spec));
  }
}

export function flag(args: ParsedArgs, name: string): string | undefined {
  return args.flags.get(name)?.at(-1);
}

export function requiredFlag(args: ParsedArgs, name: string): string {
  const value = flag(args, name);
  if (value === undefined) throw new UsageError(`--${name} is required`);
  return value;
}

function appendKeyValue(file: string | undefined, name: string, value: string): void {
  if (!file) return;
  const delimiter = `EOF_${randomBytes(8).toString("hex")}`;
  appendFileSync(file, `${name}<<${delimiter}\n${value}\n${delimiter}\n`);
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const index = text.indexOf(separator);
  return index === -1 ? [text, undefined] : [text.slice(0, index), text.slice(index + 1)];
}
