// Fixture loading for the GitOps tests.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { JsonObject } from "../../pipeline/synth/json";
import { parsePlan, type TerraformPlan } from "../../pipeline/plan/plan-json";
import type { StackResult } from "../../pipeline/comment/render";

export const FIXTURES = join(__dirname, "fixtures");

export function fixtureText(name: string): string {
  return readFileSync(join(FIXTURES, name), "utf8");
}

export function fixturePlan(name: string): TerraformPlan {
  return parsePlan(fixtureText(name));
}

export function fixtureJson(name: string): JsonObject {
  return JSON.parse(fixtureText(name)) as JsonObject;
}

export function stagingResult(): StackResult {
  return {
    stack: "neuropilot-staging",
    workspace: "neuropilot-staging",
    status: "planned",
    plan: fixturePlan("staging.plan.json"),
    synthesized: fixtureJson("staging.cdk.tf.json"),
    synthesizedBase: fixtureJson("staging.base.cdk.tf.json"),
  };
}

export function platformNoopResult(): StackResult {
  return {
    stack: "neuropilot-platform",
    workspace: "neuropilot-platform",
    status: "planned",
    plan: fixturePlan("platform-noop.plan.json"),
    synthesized: fixtureJson("platform.cdk.tf.json"),
  };
}

export function productionFailedResult(): StackResult {
  return {
    stack: "neuropilot-production",
    workspace: "neuropilot-production",
    status: "failed",
    error: fixtureText("production-failed.stderr.txt"),
  };
}
