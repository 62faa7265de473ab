// One real signal to a real drill process (the in-process tests call the handler): `npm run
// drill` started as a child against the loopback fakes, SIGINT sent once the pool is out;
// the child puts the pool back and exits 130. A child process is slow to start (tsx), so
// this is the only one.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cloudflareFake, edgeFake, type Fake } from "./fakes";

const ROOT = join(__dirname, "..", "..", "..");
const open: Fake[] = [];
afterAll(async () => {
  await Promise.all(open.map((f) => f.close()));
});

describe("a drill process interrupted by SIGINT", () => {
  it("re-enables the pool it disabled and exits 130", async () => {
    // The bundled production config: its Cloudflare account and pool names.
    const cf = await cloudflareFake("5f0c6a7d2e8b4c1a9d3e7f6a1b2c3d4e", [
      { id: "0123456789abcdef0123456789abcdef", name: "api-neuropilot-ai-us-east", enabled: true, region: "us-east" },
      { id: "fedcba9876543210fedcba9876543210", name: "api-neuropilot-ai-us-west", enabled: true, region: "us-west" },
    ]);
    const edge = await edgeFake(cf);
    open.push(cf, edge);
    edge.stuckOn = "us-east";
    const child = spawn(
      process.execPath,
      // The origins' precheck is skipped: their real hosts are not reachable from a test.
      [
        "--import",
        "tsx",
        "ops/drills/cli.ts",
        "failover",
        "neuropilot-production",
        "--yes",
        "--url",
        edge.url,
        "--skip-origin-check",
      ],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH,
          CLOUDFLARE_API_TOKEN: ["drill", "cf", "token", "x".repeat(24)].join("-"),
          CLOUDFLARE_API_BASE_URL: cf.url,
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while (cf.patches.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(cf.patches, output).toEqual([{ id: "0123456789abcdef0123456789abcdef", enabled: false }]);
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(cf.patches.at(-1)).toEqual({ id: "0123456789abcdef0123456789abcdef", enabled: true });
    expect(cf.pools.every((p) => p.enabled)).toBe(true);
    expect(output).toContain("drill interrupted by SIGINT; what it changed was put back");
  }, 60_000);
});
