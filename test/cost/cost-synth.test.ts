// The cost model on synthesised resources: it agrees with the config-side estimate for
// the bundled configs, `npm run cost` prints it, and costDelta compares two outputs.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEnvironments } from "../../config/load";
import { estimateOutdir } from "../../cost/app-estimate";
import { PRICING_CONTEXT_FILE } from "../../cost/context";
import { costDelta } from "../../cost/delta";
import { estimateEnvironment } from "../../cost/estimate";
import { usageFromConfig } from "../../cost/from-config";
import { formatAppEstimate } from "../../cost/report";
import { bundledInputs, sourcesOf } from "../support/configs";
import { type SynthOutput, bundledSynth } from "../support/synth";

let out: SynthOutput;
let scratch: string;
beforeAll(() => {
  out = bundledSynth();
  scratch = mkdtempSync(join(tmpdir(), "neuropilot-cost-"));
});
afterAll(() => {
  out.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

/** A copy of the bundled output whose stack JSON `edit` changes. */
function editedCopy(
  name: string,
  stack: string,
  edit: (json: Record<string, Record<string, Record<string, Record<string, unknown>>>>) => void,
): string {
  const dir = join(scratch, name);
  cpSync(out.outdir, dir, { recursive: true });
  const file = join(dir, "stacks", stack, "cdk.tf.json");
  const json = JSON.parse(readFileSync(file, "utf8"));
  edit(json);
  writeFileSync(file, JSON.stringify(json, null, 2));
  return dir;
}

describe("pricing synthesised stacks", () => {
  it("agrees line by line with the estimate from config alone, for the bundled configs", () => {
    const fromSynth = estimateOutdir(out.outdir);
    const configs = loadEnvironments(sourcesOf(bundledInputs()));
    expect(fromSynth.environments.map((e) => e.context.environment)).toEqual(configs.map((c) => c.name));
    for (const config of configs) {
      const fromConfig = estimateEnvironment(usageFromConfig(config));
      const synthesised = fromSynth.environments.find((e) => e.context.environment === config.name)?.estimate;
      const shape = (lines: typeof fromConfig.lines) => lines.map((l) => [l.service, l.item, l.monthlyUsd, l.stack]);
      expect(shape(synthesised?.lines ?? [])).toEqual(shape(fromConfig.lines));
      expect(synthesised?.totalUsd).toBe(fromConfig.totalUsd);
    }
    expect(fromSynth.totalUsd).toBe(88.34);
    expect(fromSynth.overCeiling).toBe(false);
  });

  it("counts the managed resources for Terraform Cloud's free tier", () => {
    const production = estimateOutdir(out.outdir).environments.find((e) => e.context.environment === "production");
    const tfc = production?.estimate.lines.find((l) => l.service === "terraform-cloud");
    expect(tfc?.detail).toMatch(/^\d+ managed resources, 500 free$/);
    expect(tfc?.monthlyUsd).toBe(0);
  });

  it("prints a table per environment with the total against the budgets", () => {
    const text = formatAppEstimate(estimateOutdir(out.outdir));
    expect(text).toContain("production (neuropilot-production)");
    expect(text).toMatch(/neon\s+production read replica 1\s+\$19\.34/);
    expect(text).toContain("total $79.54/month; budget: warning $90, critical $120 — within budget");
    expect(text).toContain("total $8.80/month; budget: warning $20, critical $40 — within budget");
    expect(text).toContain("platform total $88.34/month ($2.90/day; ceiling $5/day)");
  });

  it("npm run cost exits non-zero when an environment is over its critical budget", () => {
    const dir = editedCopy("over-budget", "neuropilot-production", (json) => {
      for (const service of Object.values(json.resource.railway_service)) {
        service.regions = [{ region: "us-west2", num_replicas: 10 }];
      }
    });
    const context = JSON.parse(readFileSync(join(dir, PRICING_CONTEXT_FILE), "utf8"));
    context.environments[1].budget = { warningUsd: 20, criticalUsd: 40 };
    writeFileSync(join(dir, PRICING_CONTEXT_FILE), JSON.stringify(context));
    let status = 0;
    let stdout = "";
    try {
      execFileSync(process.execPath, ["--import", "tsx", "scripts/cost.ts", "--outdir", dir], { encoding: "utf8" });
    } catch (error) {
      const failed = error as { status: number; stdout: string };
      status = failed.status;
      stdout = failed.stdout;
    }
    expect(status).toBe(1);
    expect(stdout).toContain("CRITICAL: above the critical budget");
  });
});

describe("costDelta(base, head)", () => {
  it("is zero between identical outputs", () => {
    const delta = costDelta(out.outdir, out.outdir);
    expect(delta.deltaUsd).toBe(0);
    expect(delta.lines).toEqual([]);
    expect(Object.values(delta.byStack).every((s) => s.deltaUsd === 0)).toBe(true);
  });

  it("reports an added replica per environment, per stack and per line, with Markdown for the PR comment", () => {
    const head = editedCopy("more-replicas", "neuropilot-production", (json) => {
      const services = Object.values(json.resource.railway_service);
      services[1].regions = [{ region: "us-west2", num_replicas: 2 }];
    });
    const delta = costDelta(out.outdir, head);
    expect(delta.deltaUsd).toBe(3.5);
    expect(delta.byStack["neuropilot-production"]).toMatchObject({ deltaUsd: 3.5 });
    expect(delta.byStack["neuropilot-platform"]).toMatchObject({ deltaUsd: 0 });
    expect(delta.environments.find((e) => e.environment === "production")).toMatchObject({
      baseUsd: 79.54,
      headUsd: 83.04,
      deltaUsd: 3.5,
      status: "ok",
    });
    expect(delta.lines).toEqual([
      {
        environment: "production",
        line: "railway backend replicas in us-west2",
        baseUsd: 3.5,
        headUsd: 7,
        deltaUsd: 3.5,
      },
    ]);
    expect(delta.markdown).toContain("| production | $79.54 | $83.04 | +$3.50 | $90 / $120: within budget |");
    expect(delta.markdown).toContain("| **total** | $88.34 | $91.84 | **+$3.50** | |");
  });

  it("counts a base without stacks as zero and prices a base without pricing context with the head's", () => {
    const empty = join(scratch, "empty");
    expect(costDelta(empty, out.outdir).deltaUsd).toBe(88.34);
    const old = editedCopy("no-context", "neuropilot-staging", () => {});
    rmSync(join(old, PRICING_CONTEXT_FILE));
    expect(costDelta(old, out.outdir).deltaUsd).toBe(0);
  });
});
