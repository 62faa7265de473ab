// Destroying or replacing a database resource fails the PR's plan check until a maintainer
// adds the approval label; other destroys only warn.
import { describe, expect, it } from "vitest";
import { DATA_LOSS_LABEL, dataLosses, dataLossVerdict } from "../../pipeline/data-loss-gate";
import { parsePlan, type TerraformPlan } from "../../pipeline/plan-json";

function plan(...changes: Array<[type: string, actions: string[]]>): TerraformPlan {
  return parsePlan(
    JSON.stringify({
      format_version: "1.2",
      resource_changes: changes.map(([type, actions], i) => ({
        address: `${type}.r${i}`,
        mode: "managed",
        type,
        name: `r${i}`,
        change: { actions },
      })),
    }),
  );
}

describe("data-loss gate", () => {
  it("fails a replace or destroy of each Neon data resource without the label, passes with it", () => {
    for (const type of ["neon_project", "neon_branch", "neon_database", "neon_role"]) {
      for (const actions of [["delete"], ["delete", "create"], ["create", "delete"]]) {
        const losses = dataLosses("neuropilot-staging", plan([type, actions]));
        expect(losses, `${type} ${actions.join("/")}`).toHaveLength(1);
        expect(dataLossVerdict(losses, ["other"])).toContain(`${type}.r0`);
        expect(dataLossVerdict(losses, ["other"])).toContain(`"${DATA_LOSS_LABEL}" label`);
        expect(dataLossVerdict(losses, [DATA_LOSS_LABEL])).toBeNull();
      }
    }
  });

  it("lets updates, creates and other types' destroys through (those only warn)", () => {
    const losses = dataLosses(
      "neuropilot-staging",
      plan(
        ["neon_project", ["update"]],
        ["neon_branch", ["create"]],
        ["neon_endpoint", ["delete"]],
        ["cloudflare_dns_record", ["delete"]],
      ),
    );
    expect(losses).toEqual([]);
    expect(dataLossVerdict(losses, [])).toBeNull();
  });
});
