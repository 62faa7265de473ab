// Runs the Terraform CLI with a hard time limit; never leaves it running.
import { spawn } from "node:child_process";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const TERRAFORM_BIN = process.env.TERRAFORM_BIN ?? "terraform";

export function runTerraform(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs = 120_000,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(TERRAFORM_BIN, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    let killTimer: NodeJS.Timeout | undefined;
    // SIGTERM lets Terraform stop its providers; SIGKILL if it does not listen.
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      killTimer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${TERRAFORM_BIN}: ${e.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      if (signal)
        reject(new Error(`terraform ${args[0]} stopped by ${signal} (time limit ${timeoutMs} ms)\n${stderr}`));
      else resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}
