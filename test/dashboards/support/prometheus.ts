// A throwaway Prometheus on loopback: temp config and data dir, random port, 1 s scrapes.
// stop() kills the process and removes the temp dir; call it from afterAll so it runs
// even when a test (or start-up itself) fails.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const SCRAPE_JOB = "neuropilot";

export interface PrometheusQueryResult {
  status: "success" | "error";
  error?: string;
  data?: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> };
}

export class TestPrometheus {
  private process: ChildProcess | undefined;
  private logs = "";
  readonly dir = mkdtempSync(join(tmpdir(), "neuropilot-prometheus-"));
  baseUrl = "";

  constructor(private readonly binary: string) {}

  async start(scrapeTarget: string, timeoutMs: number): Promise<void> {
    const binary = this.binary;
    const port = await freePort();
    const config = join(this.dir, "prometheus.yml");
    // JSON is valid YAML.
    writeFileSync(
      config,
      JSON.stringify({
        global: { scrape_interval: "1s", scrape_timeout: "1s", evaluation_interval: "1s" },
        scrape_configs: [{ job_name: SCRAPE_JOB, static_configs: [{ targets: [scrapeTarget] }] }],
      }),
    );
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.process = spawn(
      binary,
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(this.dir, "data")}`,
        `--web.listen-address=127.0.0.1:${port}`,
        "--log.level=warn",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    this.process.stdout?.on("data", (chunk: Buffer) => (this.logs += chunk.toString()));
    this.process.stderr?.on("data", (chunk: Buffer) => (this.logs += chunk.toString()));
    await this.waitFor("Prometheus to become ready", timeoutMs, async () => {
      const response = await fetch(`${this.baseUrl}/-/ready`).catch(() => undefined);
      return response?.ok === true;
    });
  }

  /** Waits until the scrape job has `scrapes` successful scrapes. */
  async waitForScrapes(scrapes: number, timeoutMs: number): Promise<void> {
    await this.waitFor(`${scrapes} successful scrapes`, timeoutMs, async () => {
      const result = await this.query(`sum_over_time(up{job="${SCRAPE_JOB}"}[1m])`);
      return Number(result.data?.result[0]?.value[1] ?? 0) >= scrapes;
    });
  }

  async query(expr: string): Promise<PrometheusQueryResult> {
    const response = await fetch(`${this.baseUrl}/api/v1/query?query=${encodeURIComponent(expr)}`);
    return (await response.json()) as PrometheusQueryResult;
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const killTimer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(killTimer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async waitFor(what: string, timeoutMs: number, ready: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.process?.exitCode !== null && this.process?.exitCode !== undefined) {
        throw new Error(`prometheus exited with ${this.process.exitCode} while waiting for ${what}:\n${this.logs}`);
      }
      if (await ready()) return;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; prometheus logs:\n${this.logs}`);
  }
}

/** A port the OS just handed out on loopback (released before Prometheus binds it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
