// Real plan JSON for the renderer: the GitHub stack planned by Terraform against the
// offline schema-only provider (offline-provider, planOffline). Skipped when
// terraform is missing (and reported at the end of the run).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app";
import { GITHUB_STACK_NAME } from "../../stacks/catalog";
import { production } from "../../config/production";
import { EnvironmentSchema } from "../../config/schema";
import { staging } from "../../config/staging";
import type { JsonObject } from "../../pipeline/synth/json";
import { parsePlan, type TerraformPlan } from "../../pipeline/plan/plan-json";
import { render } from "../../pipeline/comment/render";
import { planOffline } from "../../offline-provider/plan-offline";
import { toolsOrSkip } from "../support/tools";

const SUITE = "render with a real plan from the offline provider";
const tools = toolsOrSkip(SUITE, ["terraform"]);

describe.skipIf(!tools)(SUITE, () => {
  let outdir: string;
  let plan: TerraformPlan;
  let synthesized: JsonObject;

  beforeAll(async () => {
    outdir = mkdtempSync(join(tmpdir(), "gitops-offline-"));
    const environments = [staging, production].map((input) => EnvironmentSchema.parse(structuredClone(input)));
    buildApp(environments, { backend: "local", outdir }).synth();
    const stackDir = join(outdir, "stacks", GITHUB_STACK_NAME);
    synthesized = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8")) as JsonObject;
    const offline = await planOffline(stackDir);
    expect(offline.validate.valid, JSON.stringify(offline.validate.diagnostics)).toBe(true);
    plan = parsePlan(JSON.stringify(offline.planJson));
  }, 120_000);
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it("parses Terraform's JSON and lists every resource by construct path", () => {
    const markdown = render({
      stacks: [{ stack: GITHUB_STACK_NAME, workspace: GITHUB_STACK_NAME, status: "planned", plan, synthesized }],
    });
    const creates = plan.resource_changes.filter((rc) => rc.mode === "managed" && rc.change.actions.includes("create"));
    expect(creates.length).toBeGreaterThan(10);
    expect(markdown).toContain(`| ${creates.length} | 0 | 0 | 0 | 0 | 0 | 📝 changes |`);
    expect(markdown).toContain("+ create  environment-production/environment  (github_repository_environment)");
    expect(markdown).toContain("+ create  main-branch/ruleset  (github_repository_ruleset)");
    expect(markdown).toContain(
      "+ create  actions-secrets/environment-plan-PLAN_TF_API_TOKEN  (github_actions_environment_secret)",
    );
    expect(markdown).toContain(
      "+ create  actions-secrets/environment-production-TF_API_TOKEN  (github_actions_environment_secret)",
    );
  });

  it("keeps the secrets' values (sensitive in the plan) out of the comment", () => {
    const secretValues = Object.values(plan.variables ?? {}).map((v) => String(v.value));
    expect(secretValues.length).toBeGreaterThan(5);
    expect(JSON.stringify(plan)).toContain(secretValues[0]);
    const markdown = render({
      stacks: [{ stack: GITHUB_STACK_NAME, workspace: GITHUB_STACK_NAME, status: "planned", plan, synthesized }],
    });
    for (const value of secretValues) expect(markdown).not.toContain(value);
  });
});
