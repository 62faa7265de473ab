// Destroying or replacing a stateful resource (every type the comment warns about) fails the
// trusted plan's check, and main's apply, until a maintainer adds the approval label.
import { describe, expect, it } from "vitest";
import { DATA_LOSS_LABEL, dataLosses, dataLossVerdict, STATEFUL_TYPES } from "../../pipeline/record/data-loss-gate";
import { parsePlan, type TerraformPlan } from "../../pipeline/plan/plan-json";

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
  it("covers every stateful type the comment warns about, Neon and beyond", () => {
    expect([...STATEFUL_TYPES]).toEqual(
      expect.arrayContaining([
        "neon_project",
        "neon_endpoint",
        "cloudflare_dns_record",
        "railway_service",
        "sentry_project",
      ]),
    );
  });

  it("fails a replace or destroy of each stateful type without the label, passes with it", () => {
    for (const type of STATEFUL_TYPES) {
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
        ["cloudflare_zone_setting", ["delete"]],
        ["grafana_dashboard", ["delete", "create"]],
      ),
    );
    expect(losses).toEqual([]);
    expect(dataLossVerdict(losses, [])).toBeNull();
  });
});
