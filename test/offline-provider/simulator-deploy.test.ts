// `npm run simulate -- deploy` end to end with the real Terraform binary: every stack of the
// bundled config and of config/examples/global.ts is applied to a fresh simulated account;
// a re-plan then shows no changes for every stack, a second deploy changes nothing, and an
// out-of-band change shows as a planned update.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GLOBAL_SOURCES } from "../../config/examples/global";
import { changeObject } from "../../offline-provider/simulator/cli";
import {
  type StackResult,
  deployStacks,
  planStacks,
  simulatorTerraform,
  stacksInOrder,
} from "../../offline-provider/simulator/terraform-runs";
import { readStore } from "../../offline-provider/simulator/store";
import { synthesize } from "../../synthesize";
import { bundledInputs, sourcesOf } from "../support/configs";

const work = mkdtempSync(join(tmpdir(), "np-sim-deploy-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const summaries = (results: StackResult[]) => Object.fromEntries(results.map((r) => [r.stack, r.summary]));

describe.each([
  ["the bundled config", () => sourcesOf(bundledInputs())],
  ["config/examples/global.ts", () => GLOBAL_SOURCES],
])("deploying %s to the simulated account", (name, sources) => {
  it("applies every stack; the re-plan and a second deploy change nothing; drift shows as an update", async () => {
    const base = join(work, name.replace(/\W+/g, "-"));
    const outdir = join(base, "cdktf.out");
    const account = join(base, "account");
    mkdirSync(base, { recursive: true });
    synthesize(sources(), { backend: "local", outdir });
    const stacks = stacksInOrder(outdir);
    expect(stacks[0]).toBe("neuropilot-github");
    expect(stacks.indexOf("neuropilot-platform")).toBeLessThan(stacks.indexOf("neuropilot-production"));
    const tf = await simulatorTerraform(account, outdir);
    try {
      const first = await deployStacks(tf, stacks);
      for (const r of first)
        expect(r.summary).toMatch(/^Apply complete! Resources: [1-9]\d* added, 0 changed, 0 destroyed\.$/);
      expect(Object.keys(readStore(account).objects)).toEqual(
        expect.arrayContaining([
          "neon_project",
          "railway_service",
          "cloudflare_dns_record",
          "sentry_key",
          "grafana_folder",
        ]),
      );

      const replan = await planStacks(tf, stacks);
      expect(summaries(replan)).toEqual(
        Object.fromEntries(stacks.map((s) => [s, "No changes. Your infrastructure matches the configuration."])),
      );
      const again = await deployStacks(tf, stacks);
      for (const r of again) expect(r.summary).toBe("Apply complete! Resources: 0 added, 0 changed, 0 destroyed.");

      // Drift: the project's history retention changed in the console.
      const [project] = Object.keys(readStore(account).objects.neon_project);
      changeObject(account, `neon_project/${project}`, "history_retention_seconds=3600");
      const [drifted] = await planStacks(tf, ["neuropilot-platform"]);
      expect(drifted.changed).toBe(true);
      expect(drifted.summary).toBe("Plan: 0 to add, 1 to change, 0 to destroy.");
      expect(drifted.output).toMatch(/~ history_retention_seconds\s+= 3600 -> \d+/);
    } finally {
      tf.close();
    }
  }, 600_000);
});
