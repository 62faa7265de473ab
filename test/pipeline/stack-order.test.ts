import { describe, expect, it } from "vitest";
import { buildApp } from "../../app";
import { bundledInputs, sourcesOf } from "../support/configs";
import { loadEnvironments } from "../../config/load";
import { PIPELINE_STACK_ORDER, orderPipelineStacks, sortByApplyOrder } from "../../pipeline/synth/stack-order";
import { BOOTSTRAP_STACKS } from "../../stacks/catalog";

describe("stack order", () => {
  it("is the order of the stacks the app builds, bootstrap stacks aside", () => {
    const app = buildApp(loadEnvironments(sourcesOf(bundledInputs())), { backend: "local", outdir: "/nonexistent" });
    const built = app.node.children.map((child) => child.node.id);
    expect(PIPELINE_STACK_ORDER).toEqual(built.filter((name) => !BOOTSTRAP_STACKS.includes(name)));
    expect(BOOTSTRAP_STACKS).toEqual(["neuropilot-github"]);
  });

  it("sorts known stacks by apply order and unknown ones last", () => {
    expect(sortByApplyOrder(["x", "neuropilot-production", "neuropilot-platform", "a"])).toEqual([
      "neuropilot-platform",
      "neuropilot-production",
      "a",
      "x",
    ]);
  });

  it("refuses a synthesised stack that is in no apply order", () => {
    const manifest = { stacks: { "neuropilot-platform": { dependencies: [] }, "neuropilot-qa": { dependencies: [] } } };
    expect(() => orderPipelineStacks(manifest as never)).toThrow(/neuropilot-qa are not in the apply order/);
  });
});
