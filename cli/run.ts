// How every command ends: its exit code, or one line for an error. Bad usage prints the
// message and the usage (exit 2); an error a person fixes (config, policy, output folder, an
// unreachable service) prints its message (exit 1); anything else is a bug: one line saying
// so and where the details (the stack trace) were written (exit 70), never a stack trace on
// the terminal. Every line passes through the one redaction module.
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { redact } from "../secrets/redact";
import { UsageError } from "./flags";

export interface CommandOptions {
  /** The command's name in messages (e.g. "smoke"). */
  name: string;
  usage: string;
  /** Errors a person fixes: printed as their message alone. */
  isUserError?: (error: unknown) => error is Error;
}

/** EX_SOFTWARE (sysexits.h): an internal error. */
export const INTERNAL_ERROR_EXIT = 70;

/** The exit code and the lines to print for an error thrown by a command. */
export function describeFailure(
  error: unknown,
  options: CommandOptions,
  writeDetails: (details: string) => string,
): { code: number; lines: string[] } {
  if (error instanceof UsageError) return { code: 2, lines: [`${options.name}: ${error.message}`, options.usage] };
  if (options.isUserError?.(error)) return { code: 1, lines: [error.message] };
  const summary = error instanceof Error ? `${error.name}: ${error.message.split("\n")[0]}` : String(error);
  const where = writeDetails(redact(inspect(error, { depth: 4 })));
  return {
    code: INTERNAL_ERROR_EXIT,
    lines: [`${options.name}: internal error (${summary}); details in ${where}. Please report it.`],
  };
}

function writeDetailsFile(name: string): (details: string) => string {
  return (details) => {
    const file = join(tmpdir(), `neuropilot-${name}-error-${process.pid}.log`);
    writeFileSync(file, `${details}\n`);
    return file;
  };
}

/** Runs a command's main and exits with its code, or as `describeFailure` says. */
export function runCommand(main: () => Promise<number> | number, options: CommandOptions): void {
  Promise.resolve()
    .then(main)
    .then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        const { code, lines } = describeFailure(error, options, writeDetailsFile(options.name));
        for (const line of lines) console.error(redact(line));
        process.exitCode = code;
      },
    );
}
