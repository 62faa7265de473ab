// Budget rules beyond the estimate boundaries in cost-profiles.test.ts: the written reason
// a critical budget above the seeds' $40 needs (exactly at $40 none), and the drivers a
// failing message names (the three largest line items, largest first).
import { describe, expect, it } from "vitest";
import { budgetIssues, describeDrivers, SEED_CRITICAL_USD, topDrivers } from "../../cost/budget";
import type { EnvironmentEstimate, LineItem } from "../../cost/types";
import { leanTwoRegions } from "../../cost/seed-options";
import { parseEnvironment } from "./support";

const line = (item: string, monthlyUsd: number): LineItem =>
  ({ service: "railway", item, detail: "test", monthlyUsd, stack: "app" }) as LineItem;
const estimateOf = (...lines: LineItem[]): EnvironmentEstimate => ({
  environment: "test",
  lines,
  totalUsd: lines.reduce((sum, l) => sum + l.monthlyUsd, 0),
});

describe("budget reason", () => {
  const config = parseEnvironment(leanTwoRegions());

  it("needs none exactly at the seeds' critical budget", () => {
    expect(SEED_CRITICAL_USD).toBe(40);
    expect(budgetIssues({ ...config, budget: { warningUsd: 20, criticalUsd: 40 } })).toEqual([]);
  });

  it("needs one a cent above it, and is satisfied by one", () => {
    expect(budgetIssues({ ...config, budget: { warningUsd: 20, criticalUsd: 40.01 } })).toEqual([
      {
        path: ["budget", "reason"],
        message:
          "a critical budget above $40/month (seeds v17.2) needs a reason: say why this environment may cost more",
      },
    ]);
    expect(
      budgetIssues({ ...config, budget: { warningUsd: 20, criticalUsd: 40.01, reason: "two regions for a launch" } }),
    ).toEqual([]);
  });

  it("names the largest items and where to look when the estimate exceeds the budget", () => {
    const [issue] = budgetIssues({ ...config, budget: { warningUsd: 1, criticalUsd: 2 } });
    expect(issue.message).toContain("exceeds the critical budget of $2 (largest items: ");
    expect(issue.message).toMatch(
      /\); reduce them, or raise budget\.criticalUsd with a budget\.reason \(npm run cost shows every line item\)$/,
    );
  });
});

describe("drivers", () => {
  const e = estimateOf(line("a", 1), line("b", 30), line("c", 2.5), line("d", 10));

  it("are the three largest line items, largest first", () => {
    expect(topDrivers(e).map((l) => l.item)).toEqual(["b", "d", "c"]);
    expect(topDrivers(e, 1).map((l) => l.item)).toEqual(["b"]);
    // The estimate's own order is left alone.
    expect(e.lines.map((l) => l.item)).toEqual(["a", "b", "c", "d"]);
  });

  it("read as service, item and amount to the cent", () => {
    expect(describeDrivers(e)).toBe("railway b $30.00, railway d $10.00, railway c $2.50");
  });
});
