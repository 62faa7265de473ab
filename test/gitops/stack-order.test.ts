import { describe, expect, it } from "vitest";
import * as app from "../../app";
import { ENVIRONMENT_SOURCES } from "../../config";
import { EnvironmentSchema } from "../../config/schema";
import { BOOTSTRAP_STACKS, PIPELINE_STACK_ORDER, sortByApplyOrder } from "../../scripts/gitops/stack-order";

describe("stack order", () => {
  it("agrees with the stacks app.ts builds, in the same order", () => {
    // Schema-parsed only: the order depends on names, not on budgets or other cross-checks.
    const environments = ENVIRONMENT_SOURCES.map((source) => EnvironmentSchema.parse(source.value));
    expect(PIPELINE_STACK_ORDER).toEqual(app.pipelineStacks(environments));
    expect(BOOTSTRAP_STACKS).toEqual([app.GITHUB_STACK_NAME]);
  });

  it("sorts known stacks by apply order and unknown ones last", () => {
    expect(sortByApplyOrder(["x", "neuropilot-production", "neuropilot-platform", "a"])).toEqual([
      "neuropilot-platform",
      "neuropilot-production",
      "a",
      "x",
    ]);
  });
});
