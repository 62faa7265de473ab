// Which plan values count as known secrets: a whole sensitive block's private strings, but
// not the public names it repeats (which would blank stack names across the comment).
import { describe, expect, it } from "vitest";
import { parsePlan } from "../../pipeline/plan/plan-json";
import { configLiterals, planSecrets } from "../../pipeline/plan/plan-secrets";

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

describe("configLiterals: what the configuration writes is no secret", () => {
  const railway = {
    address: "railway_variable.node_env",
    after: { name: "NODE_ENV", value: "production" },
    afterSensitive: { value: true },
  };
  const synthesized = {
    "//": { metadata: { stackName: "ignored-metadata" } },
    resource: {
      railway_variable: {
        node_env: { name: "NODE_ENV", value: "production", "//": { metadata: { path: "a/b" } } },
        database_url: {
          name: "DATABASE_URL",
          value: "postgres://${neon_role.app.name}:${neon_role.app.password}@h/db",
        },
        payment: { name: "PAYMENT_API_KEY", value: "literal-but-named-secret" },
        escaped: { name: "TEMPLATE", value: "$${not-a-reference}-%%{x}" },
      },
      grafana_contact_point: { pd: { pagerduty: [{ integration_key: "written-under-a-key-name" }] } },
    },
    data: { x: { y: { filter: ["from-a-data-source"] } } },
    locals: { l: "from-locals-value" },
    output: { o: { value: "from-an-output" } },
    variable: { secret_input: { default: "a-variable-default", sensitive: true } },
    provider: { railway: [{ token: "a-provider-literal" }] },
    terraform: { backend: { local: { path: "a-backend-path" } } },
  };

  it("takes whole literals of resources, data sources, locals and outputs, with $${ and %%{ read as written", () => {
    expect([...configLiterals(synthesized)].sort()).toEqual(
      [
        "NODE_ENV",
        "DATABASE_URL",
        "TEMPLATE",
        "production",
        "${not-a-reference}-%{x}",
        "from-a-data-source",
        "from-locals-value",
        "from-an-output",
      ].sort(),
    );
  });

  it("leaves out templates, values named like a credential (key or a name beside), metadata, variables, providers and the backend", () => {
    const literals = configLiterals(synthesized);
    for (const left of [
      "literal-but-named-secret",
      "written-under-a-key-name",
      "ignored-metadata",
      "a/b",
      "a-variable-default",
      "a-provider-literal",
      "a-backend-path",
    ]) {
      expect(literals, left).not.toContain(left);
    }
    expect([...literals].some((literal) => literal.includes("neon_role"))).toBe(false);
  });

  it("leaves out a credential-shaped literal (a token pattern) even under a plain name", () => {
    const token = `gh${"p_"}${"A".repeat(36)}`;
    const literals = configLiterals({ resource: { t: { r: { value: token, other: `${token.slice(0, -1)}` } } } });
    expect(literals).not.toContain(token);
    expect(literals).toContain(token.slice(0, -1));
  });

  it("a sensitive value equal to a literal is no secret; one the config does not write still is", () => {
    const other = { ...railway, address: "railway_variable.other", after: { name: "X", value: "staging-secret" } };
    const secrets = planSecrets(plan([railway, other]), configLiterals(synthesized));
    expect(secrets).not.toContain("production");
    expect(secrets).toContain("staging-secret");
    expect(planSecrets(plan([railway]))).toContain("production");
  });

  it("a sensitive variable counts whatever the configuration writes", () => {
    const secrets = planSecrets(
      plan([railway], {
        variables: { app_env: { value: "production" } },
        configuration: { root_module: { variables: { app_env: { sensitive: true } } } },
      }),
      configLiterals(synthesized),
    );
    expect(secrets).toContain("production");
  });
});
