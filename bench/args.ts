// The bench commands take no arguments: their knobs are environment variables. `--help`
// prints the usage and exits 0; anything else is refused (exit 2) before minutes of
// measurement start, and so is a knob that is not a whole number in its range.

export interface BenchUsage {
  /** The command, e.g. "npm run bench". */
  command: string;
  /** One line per environment variable: "BENCH_RUNS=7  runs of each case". */
  knobs: readonly string[];
}

export function usageText(usage: BenchUsage): string {
  return [`usage: ${usage.command}  (no arguments; environment variables:)`, ...usage.knobs.map((k) => `  ${k}`)].join(
    "\n",
  );
}

/** What the arguments ask for: the usage (help), a refusal, or to run. */
export function argumentsOutcome(argv: readonly string[], usage: BenchUsage): { exit?: 0 | 2; text?: string } {
  if (argv.includes("--help") || argv.includes("-h")) return { exit: 0, text: usageText(usage) };
  if (argv.length > 0)
    return {
      exit: 2,
      text: `${usage.command}: takes no arguments, got ${JSON.stringify(argv[0])}\n${usageText(usage)}`,
    };
  return {};
}

/** Exits as argumentsOutcome says, or returns to run. */
export function checkArguments(usage: BenchUsage, argv: readonly string[] = process.argv.slice(2)): void {
  const { exit, text } = argumentsOutcome(argv, usage);
  if (exit === undefined) return;
  (exit === 0 ? console.log : console.error)(text);
  process.exit(exit);
}

/** A whole-number knob from the environment, `fallback` when unset; refused outside [min, max]. */
export function countFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

/** Checks the arguments, then reads the knobs; a bad knob prints its message and the usage, exit 2. */
export function benchSettings<T>(usage: BenchUsage, read: (env: NodeJS.ProcessEnv) => T): T {
  checkArguments(usage);
  try {
    return read(process.env);
  } catch (error) {
    console.error(`${usage.command}: ${error instanceof Error ? error.message : String(error)}\n${usageText(usage)}`);
    process.exit(2);
  }
}

/** A switch knob from the environment: unset, "" or "0" is off, "1" is on; anything else is refused. */
export function switchFromEnv(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "" || raw === "0") return false;
  if (raw === "1") return true;
  throw new Error(`${name} must be 1 (on) or 0 (off), got ${JSON.stringify(raw)}`);
}
