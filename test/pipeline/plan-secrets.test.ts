// Which plan values count as known secrets: a whole sensitive block's private strings, but
// not the public names it repeats (which would blank stack names across the comment).
import { describe, expect, it } from "vitest";
import { parsePlan } from "../../pipeline/plan-json";
import { planSecrets } from "../../pipeline/plan-secrets";

function plan(resources: Array<{ address: string; after: unknown; afterSensitive: unknown }>, extra = {}) {
  return parsePlan(
    JSON.stringify({
      format_version: "1.2",
      resource_changes: resources.map((r) => ({
        address: r.address,
        mode: "managed",
        type: r.address.split(".")[0],
        name: r.address.split(".")[1],
        change: { actions: ["create"], before: null, after: r.after, after_sensitive: r.afterSensitive },
      })),
      ...extra,
    }),
  );
}

const contactPoint = {
  address: "grafana_contact_point.pagerduty",
  after: {
    name: "neuropilot-production",
    pagerduty: [{ integration_key: "pd-integration-key-0123456789", severity: "critical" }],
  },
  // Terraform marks the whole nested block sensitive.
  afterSensitive: { pagerduty: true },
};
const folder = { address: "grafana_folder.main", after: { title: "neuropilot-production" }, afterSensitive: {} };

describe("planSecrets", () => {
  it("takes every string of a sensitive block that the plan does not show in the clear", () => {
    const secrets = planSecrets(plan([contactPoint, folder]));
    expect(secrets).toContain("pd-integration-key-0123456789");
    expect(secrets).toContain("critical");
  });

  it("leaves out a string of a sensitive block that another attribute shows in the clear", () => {
    const shown = { address: "grafana_folder.x", after: { title: "critical" }, afterSensitive: {} };
    const secrets = planSecrets(plan([contactPoint, shown]));
    expect(secrets).not.toContain("critical");
    expect(secrets).toContain("pd-integration-key-0123456789");
  });

  it("always takes a sensitive scalar attribute, even when the same text is shown elsewhere", () => {
    const password = {
      address: "neon_role.app",
      after: { name: "app", password: "shared-text-1234" },
      afterSensitive: { password: true },
    };
    const echo = { address: "grafana_folder.y", after: { title: "shared-text-1234" }, afterSensitive: {} };
    expect(planSecrets(plan([password, echo]))).toContain("shared-text-1234");
  });

  it("always takes the value of a variable declared sensitive", () => {
    const secrets = planSecrets(
      plan([folder], {
        variables: { slack_webhook: { value: "neuropilot-production" } },
        configuration: { root_module: { variables: { slack_webhook: { sensitive: true } } } },
      }),
    );
    expect(secrets).toContain("neuropilot-production");
  });
});
