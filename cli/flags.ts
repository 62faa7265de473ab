// Command-line values checked at the boundary: every flag's value is validated before any
// work starts, and a bad one is refused in one line naming the flag, what is allowed and an
// example. Shared by every command (npm run smoke, cost, adopt, preview, analyze-bench, ...).
import { parseArgs, type ParseArgsConfig } from "node:util";

/** Bad usage: the command prints the message and its usage, and exits 2. */
export class UsageError extends Error {
  /** The command's usage, when the thrower knows it better than the command's runner. */
  readonly usage?: string;
  constructor(message: string, usage?: string) {
    super(message);
    this.name = "UsageError";
    this.usage = usage;
  }
}

/** `--help`: the command prints its usage on stdout and exits 0, having done nothing. */
export class HelpRequest extends Error {
  readonly usage: string;
  constructor(usage: string) {
    super("help requested");
    this.name = "HelpRequest";
    this.usage = usage;
  }
}

export interface NumberRule {
  min: number;
  max: number;
  /** Whole numbers only (counts, milliseconds, days). */
  integer?: boolean;
  /** Shown in the message, e.g. "--attempts 5". */
  example: string;
}

/**
 * The value of `--name`, or `fallback` when the flag is absent. Refuses empty text, text that
 * is not a plain decimal number ("abc", "1e3", "0x10", " 5"), fractions where whole numbers
 * are needed, and values outside [min, max].
 */
export function numberFlag(
  flags: Readonly<Record<string, unknown>>,
  name: string,
  rule: NumberRule,
  fallback: number,
): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  const allowed = `${rule.integer ? "a whole number" : "a number"} from ${rule.min} to ${rule.max} (e.g. ${rule.example})`;
  const pattern = rule.integer ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/;
  if (typeof raw !== "string" || !pattern.test(raw)) {
    throw new UsageError(`--${name} must be ${allowed}, got ${JSON.stringify(raw)}`);
  }
  const value = Number(raw);
  if (value < rule.min || value > rule.max) throw new UsageError(`--${name} must be ${allowed}, got ${raw}`);
  return value;
}

/** A URL path flag (`--health-path /health`): starts with one "/", no scheme, host or spaces. */
export function pathFlag(flags: Readonly<Record<string, unknown>>, name: string, fallback: string): string {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== "string" || !/^\/(?!\/)[^\s?#]*(\?[^\s#]*)?$/.test(raw)) {
    throw new UsageError(
      `--${name} must be a path starting with "/" (e.g. --${name} ${fallback}), got ${JSON.stringify(raw)}`,
    );
  }
  return raw;
}

/**
 * A stack or environment name given on the command line: letters, digits and hyphens only
 * (never a path such as ../stacks/x), and one of `known`.
 */
export function stackNameArg(raw: string, known: readonly string[]): string {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(raw)) {
    throw new UsageError(
      `"${raw}" is not a stack name: use lower-case letters, digits and hyphens (known: ${known.join(", ")})`,
    );
  }
  if (!known.includes(raw)) throw new UsageError(`unknown stack "${raw}" (known: ${known.join(", ")})`);
  return raw;
}

/**
 * node:util parseArgs in strict mode (unknown flags and missing values refused), with its
 * errors turned into UsageError so they print as bad usage.
 */
export function strictArgs<T extends ParseArgsConfig & { strict?: true }>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_")) {
      throw new UsageError((error as Error).message.split("\n")[0]);
    }
    throw error;
  }
}
