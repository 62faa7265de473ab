import { describe, expect, it } from "vitest";
import { cdkCli } from "../../pipeline/synth/cdk-cli";
import { parseCostDeltas } from "../../pipeline/comment/cost-deltas";
import { changeNotices } from "../../pipeline/comment/notices";
import {
  secretNameFor,
  terraformVariableEnv,
  variableSecretsFromEnv,
  withoutVariables,
} from "../../pipeline/plan/stack-variables";

describe("terraformVariableEnv", () => {
  const secrets = variableSecretsFromEnv({
    TF_VAR_SLACK_WEBHOOK_URL: "https://hooks.slack.com/shared",
    tf_var_pagerduty_integration_key: "shared-key",
    TF_VAR_PAGERDUTY_INTEGRATION_KEY__NEUROPILOT_PRODUCTION: "production-key",
    CLOUDFLARE_API_TOKEN: "not a variable",
    TF_VAR_EMPTY: "",
  });

  it("maps upper-case secrets to the case-sensitive variables the stack declares, and nothing else", () => {
    const { env, unmatched } = terraformVariableEnv(
      "neuropilot-staging",
      ["slack_webhook_url", "pagerduty_integration_key", "sentry_backend_dsn"],
      secrets,
    );
    expect(env).toEqual({
      TF_VAR_slack_webhook_url: "https://hooks.slack.com/shared",
      TF_VAR_pagerduty_integration_key: "shared-key",
    });
    expect(unmatched).toEqual(["sentry_backend_dsn"]);
  });

  it("prefers a stack-scoped secret", () => {
    const { env } = terraformVariableEnv("neuropilot-production", ["pagerduty_integration_key"], secrets);
    expect(env).toEqual({ TF_VAR_pagerduty_integration_key: "production-key" });
    expect(secretNameFor("pagerduty_integration_key", "neuropilot-production")).toBe(
      "TF_VAR_PAGERDUTY_INTEGRATION_KEY__NEUROPILOT_PRODUCTION",
    );
  });

  it("reads only TF_VAR_* values, and strips them all from the environment Terraform inherits", () => {
    expect(Object.keys(secrets).sort()).toEqual([
      "TF_VAR_PAGERDUTY_INTEGRATION_KEY",
      "TF_VAR_PAGERDUTY_INTEGRATION_KEY__NEUROPILOT_PRODUCTION",
      "TF_VAR_SLACK_WEBHOOK_URL",
    ]);
    expect(withoutVariables({ TF_VAR_A: "1", tf_var_b: "2", PATH: "/bin" })).toEqual({ PATH: "/bin" });
  });
});

describe("changeNotices", () => {
  it("explains unchanged, removed and bootstrap stacks, with the configured CLI", () => {
    const notices = changeNotices(
      {
        changed: ["neuropilot-staging"],
        unchanged: ["neuropilot-platform"],
        removed: ["neuropilot-old"],
        bootstrapChanged: ["neuropilot-github"],
      },
      "cdktn",
    );
    expect(notices[0]).toBe("Unchanged, not planned: `neuropilot-platform`.");
    expect(notices[1]).toContain("`neuropilot-old` is no longer synthesised");
    expect(notices[2]).toContain("`npx cdktn deploy neuropilot-github`");
  });

  it("says when nothing changed", () => {
    expect(changeNotices({ changed: [], unchanged: ["a"], removed: [], bootstrapChanged: [] }, "cdktf")).toEqual([
      "No pipeline stack's synthesised configuration changed, so nothing was planned.",
    ]);
  });
});

describe("cdkCli", () => {
  it("defaults to cdktf, accepts cdktn, refuses anything else", () => {
    expect(cdkCli({})).toBe("cdktf");
    expect(cdkCli({ CDK_CLI: "cdktn" })).toBe("cdktn");
    expect(() => cdkCli({ CDK_CLI: "terraform" })).toThrow(/CDK_CLI must be one of/);
  });
});

describe("parseCostDeltas", () => {
  it("reads a plain map or the cost report's byStack", () => {
    expect(parseCostDeltas({ "neuropilot-staging": 3.2 })).toEqual({ "neuropilot-staging": 3.2 });
    expect(
      parseCostDeltas({
        deltaUsd: 5,
        byStack: { "neuropilot-production": { stack: "neuropilot-production", baseUsd: 10, headUsd: 15, deltaUsd: 5 } },
      }),
    ).toEqual({ "neuropilot-production": 5 });
    expect(parseCostDeltas(null)).toEqual({});
  });
});
