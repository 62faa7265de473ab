// What keeps a drill safe: it changes a real account only when someone said so (--yes, or
// the environment's name typed at a terminal prompt; no terminal and no --yes: refused, exit
// 2), and whatever it changed is put back — after success, after an error, and on
// SIGINT/SIGTERM (the signal stops the drill's loop; the cleanup runs once, then the drill
// ends with 128 + the signal's number).
import { createInterface } from "node:readline/promises";
import { UsageError } from "../../cli/flags";

export interface ConfirmOptions {
  /** The simulated account (NEUROPILOT_SIMULATOR_DIR): nothing real changes, no question. */
  simulated: boolean;
  yes: boolean;
  interactive: boolean;
  /** What the drill will do, shown in the question. */
  action: string;
  environment: string;
  ask?: (question: string) => Promise<string>;
}

async function askTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

export async function confirmRealAccount(options: ConfirmOptions): Promise<void> {
  if (options.simulated || options.yes) return;
  if (!options.interactive)
    throw new UsageError(
      `refusing to ${options.action} in the real ${options.environment} account without confirmation: pass --yes (no terminal to ask at)`,
    );
  const answer = await (options.ask ?? askTerminal)(
    `This will ${options.action} in the real ${options.environment} account. Type "${options.environment}" to go on: `,
  );
  if (answer.trim() !== options.environment)
    throw new UsageError(
      `not confirmed (typed "${answer.trim()}", expected "${options.environment}"); nothing changed`,
    );
}

/** A drill stopped by a signal; its exit code is 128 + the signal's number. */
export class DrillInterrupted extends Error {
  constructor(readonly signalName: "SIGINT" | "SIGTERM") {
    super(`interrupted by ${signalName}`);
    this.name = "DrillInterrupted";
  }

  get exitCode(): number {
    return this.signalName === "SIGINT" ? 130 : 143;
  }
}

/** Where signal handlers are installed: the process, or a stand-in in tests. */
export interface SignalSource {
  on(event: "SIGINT" | "SIGTERM", listener: () => void): unknown;
  off(event: "SIGINT" | "SIGTERM", listener: () => void): unknown;
}

/**
 * Runs `drill` with an AbortSignal that SIGINT/SIGTERM abort (with a DrillInterrupted
 * reason), and then `cleanup` exactly once whatever happened. The handlers stay installed
 * until the cleanup is done, so a second Ctrl-C cannot cut the restore short.
 */
export async function withCleanup<T>(
  drill: (signal: AbortSignal) => Promise<T>,
  cleanup: () => Promise<void>,
  source: SignalSource = process,
): Promise<T> {
  const controller = new AbortController();
  const handlers = (["SIGINT", "SIGTERM"] as const).map((name) => {
    const listener = () => {
      if (!controller.signal.aborted) controller.abort(new DrillInterrupted(name));
    };
    source.on(name, listener);
    return [name, listener] as const;
  });
  try {
    return await drill(controller.signal);
  } finally {
    try {
      await cleanup();
    } finally {
      for (const [name, listener] of handlers) source.off(name, listener);
    }
  }
}

/** Waits `ms`, or rejects with the signal's reason as soon as it is aborted. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Throws the signal's reason when the drill was interrupted. */
export function checkAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason as Error;
}
