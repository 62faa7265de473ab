// Both drills against the simulated account (NEUROPILOT_SIMULATOR_DIR): no confirmation, no
// credentials, and the account exactly as before afterwards — a pool's `enabled` put back as
// it was (absent stays absent), the point-in-time branch and its endpoint gone.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadEnvironments } from "../../../config/load";
import type { EnvironmentConfig } from "../../../config/schema";
import { resetStore } from "../../../offline-provider/simulator/store";
import { main, type DrillIo } from "../../../ops/drills/cli";
import { SimulatedPools, simulatedProbe } from "../../../ops/drills/simulated-account";
import { bundledInputs, sourcesOf } from "../../support/configs";

let environments: EnvironmentConfig[];
beforeAll(() => {
  environments = loadEnvironments(sourcesOf(bundledInputs()));
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "drill-sim-"));
  const origin = (region: string) => [
    {
      name: region,
      address: `neuropilot-backend-${region}-production.up.railway.app`,
      enabled: true,
      header: { host: [`neuropilot-backend-${region}-production.up.railway.app`] },
    },
  ];
  resetStore(dir, {
    version: 1,
    objects: {
      cloudflare_load_balancer_pool: {
        aaaa: { id: "aaaa", name: "api-neuropilot-ai-us-east", origins: origin("us-east") },
        bbbb: { id: "bbbb", name: "api-neuropilot-ai-us-west", enabled: null, origins: origin("us-west") },
      },
      cloudflare_load_balancer: {
        lb01: { id: "lb01", name: "api.neuropilot.ai", default_pools: ["aaaa", "bbbb"], fallback_pool: "bbbb" },
      },
      neon_project: {
        "quiet-cell-12345678": {
          id: "quiet-cell-12345678",
          name: "neuropilot",
          default_branch_id: "br-main-1",
          branch: [{ name: "main" }],
        },
      },
      neon_branch: { "br-stage-2": { id: "br-stage-2", project_id: "quiet-cell-12345678", name: "staging" } },
    },
  });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const account = () => readFileSync(join(dir, "account.json"), "utf8");

function io(lines: string[]): DrillIo {
  // No credentials and no terminal: the simulated account needs neither.
  return {
    env: { NEUROPILOT_SIMULATOR_DIR: dir },
    interactive: false,
    print: (line) => lines.push(line),
    environments: () => environments,
  };
}

describe("drills against the simulated account", () => {
  it("failover: moves to us-west and leaves the account byte-for-byte as it was", async () => {
    const before = account();
    const lines: string[] = [];
    const code = await main(
      ["failover", "neuropilot-production", "--interval-ms", "100", "--stable-probes", "2"],
      io(lines),
    );
    expect(code).toBe(0);
    expect(account()).toBe(before);
    const out = lines.join("\n");
    expect(out).toContain("simulated account: failover drill of production");
    expect(out).toContain("PASS");
    expect(out).toContain("metrics (simulated account: printed, not pushed):");
  });

  it("the simulated edge answers from the first enabled pool, and 503 with none", async () => {
    const probe = simulatedProbe(dir, "api.neuropilot.ai", 200);
    const pools = new SimulatedPools(dir);
    expect(await probe()).toEqual({ status: 200, region: "us-east" });
    await pools.setEnabled("aaaa", false);
    expect(await probe()).toEqual({ status: 200, region: "us-west" });
    await pools.setEnabled("bbbb", false);
    expect(await probe()).toEqual({ status: 503 });
    await pools.setEnabled("bbbb", true);
    await pools.setEnabled("aaaa", true);
    const stored = JSON.parse(account()).objects.cloudflare_load_balancer_pool;
    expect("enabled" in stored.aaaa).toBe(false);
    expect(stored.bbbb.enabled).toBeNull();
  });

  it("restore: branches staging and removes the branch and its endpoint", async () => {
    const before = account();
    const lines: string[] = [];
    const code = await main(["restore", "neuropilot-staging", "--interval-ms", "100"], io(lines));
    expect(code).toBe(0);
    expect(account()).toBe(before);
    expect(lines.join("\n")).toMatch(/deleting branch drill-restore-staging-\d{8}-\d{6} \(br-drill-[0-9a-f]{8}\)/);
  });
});
