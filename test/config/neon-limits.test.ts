// neonComputeIssues: Neon's compute sizes and plan limits, one issue at a time and at the
// boundaries (equal min and max, one step over).
import { describe, expect, it } from "vitest";
import { neonComputeIssues } from "../../config/neon-limits";

describe("neonComputeIssues", () => {
  it("reports only the size when a size is not a Neon compute, not also the order", () => {
    expect(neonComputeIssues("launch", { minCu: 3.5, maxCu: 2 })).toEqual([
      { key: "minCu", message: expect.stringMatching(/^3\.5 CU is not a Neon compute size/) },
    ]);
  });

  it("accepts minCu equal to maxCu and rejects minCu one step above it", () => {
    expect(neonComputeIssues("launch", { minCu: 2, maxCu: 2 })).toEqual([]);
    expect(neonComputeIssues("launch", { minCu: 3, maxCu: 2 })).toEqual([
      { key: "minCu", message: "minCu (3) must not exceed maxCu (2)" },
    ]);
  });
});
