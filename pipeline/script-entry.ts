// How a pipeline script runs. Its work is an exported `main(argv, env, io)` that returns the
// exit code, so a caller in this process (the rehearsal, offline-provider/simulator/rehearse.ts;
// the bench's pull-request path) runs it with the arguments and environment a workflow step
// passes, without a `tsx` start-up per step. `runAsEntry` is the thin CLI wrapper: it runs
// main when the file is the process's entry, under tsx (`tsx pipeline/plan-stacks.ts`, as the
// workflows call them) or app-runner's bundle (`.cache/…/pipeline_plan-stacks.cjs`).
import { basename } from "node:path";
import { HelpRequest, UsageError } from "../cli/flags";
import { Redactor } from "../secrets/redact";
import { knownSecrets } from "./plan/known-secrets";

/** Where a script's output goes: the terminal when run as a command, a buffer in-process. */
export interface ScriptIo {
  /** A line (or block) to stdout, like console.log. */
  log(text: string): void;
  /** A line to stderr, like console.error. */
  error(text: string): void;
  /** Raw text (Terraform's echoed output) to stdout or stderr. */
  write(stream: "stdout" | "stderr", text: string): void;
}

export const processIo: ScriptIo = {
  log: (text) => console.log(text),
  error: (text) => console.error(text),
  write: (stream, text) => void (stream === "stdout" ? process.stdout : process.stderr).write(text),
};

export type ScriptMain = (argv: string[], env: NodeJS.ProcessEnv, io?: ScriptIo) => Promise<number>;

/** An io that keeps what the script printed (stdout and stderr as it would have written them). */
export function capturedIo(): { io: ScriptIo; stdout: () => string; stderr: () => string } {
  let stdout = "";
  let stderr = "";
  const io: ScriptIo = {
    log: (text) => void (stdout += `${text}\n`),
    error: (text) => void (stderr += `${text}\n`),
    write: (stream, text) => void (stream === "stdout" ? (stdout += text) : (stderr += text)),
  };
  return { io, stdout: () => stdout, stderr: () => stderr };
}

/** True when `script` (e.g. "plan-stacks") is this process's entry file. */
export function isEntry(script: string, entry: string | undefined = process.argv[1]): boolean {
  if (entry === undefined) return false;
  const file = basename(entry);
  return file === `${script}.ts` || file === `pipeline_${script}.cjs`;
}

/**
 * How a throw from main ends the command: --help prints the usage on stdout (exit 0), bad
 * usage prints the message and the usage (exit 2), anything else its message (exit 1). Every
 * line passes through the redaction module, with the job's credential values.
 */
export function failureOutcome(
  error: unknown,
  env: NodeJS.ProcessEnv,
): { code: number; stdout: string[]; stderr: string[] } {
  if (error instanceof HelpRequest) return { code: 0, stdout: [error.usage], stderr: [] };
  const redactor = new Redactor(knownSecrets(env));
  const message = redactor.scrub(error instanceof Error ? error.message : String(error));
  if (error instanceof UsageError)
    return { code: 2, stdout: [], stderr: [message, ...(error.usage ? [error.usage] : [])] };
  return { code: 1, stdout: [], stderr: [message] };
}

/** Runs main as the command when `script` is the entry: its code is the exit code; a throw ends it as failureOutcome says. */
export function runAsEntry(script: string, main: ScriptMain): void {
  if (!isEntry(script)) return;
  // Through a promise: a main that is not async may throw before it returns one.
  Promise.resolve()
    .then(() => main(process.argv.slice(2), process.env))
    .then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        const { code, stdout, stderr } = failureOutcome(error, process.env);
        for (const line of stdout) console.log(line);
        for (const line of stderr) console.error(line);
        // Exit now, as before: a failed main may leave a handle (a server, a timer) open.
        process.exit(code);
      },
    );
}
