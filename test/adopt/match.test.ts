// Issue 30: a mutation making adoption match `${…}` references as literal names survived the
// suite. A declared attribute that is a reference (resolved only at apply) never names a live
// object; only a plain, non-empty string does.
import { describe, expect, it } from "vitest";
import { literal } from "../../adopt/match";

describe("literal (the names discovery matches live objects by)", () => {
  it("takes a plain name", () => {
    expect(literal("neuropilot-production")).toBe("neuropilot-production");
  });

  it.each([
    ["a whole reference", "${neon_project.database.id}"],
    ["a reference inside a name", "api-${var.environment}"],
    ["an empty string", ""],
    ["a number", 42],
    ["undefined", undefined],
  ])("refuses %s", (_what, value) => {
    expect(literal(value)).toBeUndefined();
  });
});
