// The PR comment's cost column: two real syntheses, priced by the cost model, read by the
// renderer's parser. Adding a replica in production must show up as production's delta.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { costDelta } from "../../cost/delta";
import { parseCostDeltas } from "../../pipeline/comment/cost-deltas";
import { bundledInputs, sourcesOf } from "../support/configs";
import { type SynthOutput, synthToTemp, bundledSynth } from "../support/synth";

let base: SynthOutput;
let head: SynthOutput;
beforeAll(() => {
  base = bundledSynth();
  const inputs = bundledInputs();
  inputs.production.regions[1].replicas = 2;
  head = synthToTemp(sourcesOf(inputs));
});
afterAll(() => {
  base?.cleanup();
  head?.cleanup();
});

describe("cost delta in the plan comment", () => {
  it("attributes one more replica to the production stack only", () => {
    const delta = costDelta(base.outdir, head.outdir);
    // JSON round trip, as the workflow passes it from scripts/cost.ts to render-plan.ts.
    const perStack = parseCostDeltas(JSON.parse(JSON.stringify(delta)));
    expect(perStack["neuropilot-production"]).toBeGreaterThan(0);
    expect(perStack["neuropilot-staging"]).toBe(0);
    expect(delta.deltaUsd).toBeCloseTo(perStack["neuropilot-production"], 2);
  });
});
