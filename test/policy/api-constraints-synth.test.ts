// The API-constraint rule pack at synth: the bundled app meets every rule, a violation is
// reported like a policy finding, and a config-enforced rule stops synth before the app is built.
import { join } from "node:path";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { Database } from "../../.gen/providers/neon/database";
import { buildApp } from "../../app";
import { checkPolicy } from "../../policy/check";
import { validateEnvironments } from "../../policy/config-guardrails";
import { API_RULES } from "../../policy/api-constraints";
import { synthesize } from "../../synthesize";
import { bundledInputs, sourcesOf } from "../support/configs";

describe("the rule pack at synth", () => {
  const appFrom = () =>
    buildApp(validateEnvironments(sourcesOf(bundledInputs())), { backend: "cloud", outdir: join(tmpdir(), "unused") });
  const apiIds = new Set(API_RULES.map((r) => r.id));

  it("finds nothing in the bundled app", () => {
    expect(checkPolicy(appFrom()).findings.filter((f) => apiIds.has(f.rule))).toEqual([]);
  });

  it("reports a violation like a policy finding and stops synth (the old second neon_database)", () => {
    const app = appFrom();
    const production = app.node.findChild("neuropilot-production");
    new Database(production, "duplicate-database", {
      projectId: "p",
      branchId: "${neon_project.database_project_39FA3E36.default_branch_id}",
      name: "neuropilot",
      ownerName: "neuropilot_app",
    });
    const findings = checkPolicy(app).findings.filter((f) => f.rule === "neon-branch-objects-unique");
    expect(findings.map((f) => `${f.environment} ${f.path}`)).toEqual([
      "neuropilot-production neuropilot-production/duplicate-database",
    ]);
    expect(findings[0].fix).toContain("do not declare the project's database");
  });

  it("an off-step compute stops synth at config validation, before the app is built", () => {
    const inputs = bundledInputs();
    inputs.staging.neon.compute.minCu = 0.3;
    expect(() => synthesize(sourcesOf(inputs), { backend: "cloud", outdir: join(tmpdir(), "never-written") })).toThrow(
      /staging\.neon\.compute\.minCu: 0\.3 CU is not a Neon compute size/,
    );
  });
});
