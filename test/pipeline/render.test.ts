import { describe, expect, it } from "vitest";
import type { ResourceChange, TerraformPlan } from "../../pipeline/plan/plan-json";
import { GITHUB_COMMENT_LIMIT, PLAN_MARKER, render, type StackResult } from "../../pipeline/comment/render";
import { fixturePlan, fixtureText, platformNoopResult, productionFailedResult, stagingResult } from "./support";

const RUN_URL = "https://github.com/neuropilot/neuropilot-infra/actions/runs/42";

function renderAll(): string {
  return render({ stacks: [platformNoopResult(), stagingResult(), productionFailedResult()], fullPlanUrl: RUN_URL });
}

describe("render: summary", () => {
  const markdown = renderAll();

  it("starts with the hidden marker", () => {
    expect(markdown.startsWith(`${PLAN_MARKER}\n`)).toBe(true);
  });

  it("has one table row per stack with its workspace and counts", () => {
    expect(markdown).toContain("| Stack | Workspace | Add | Change | Replace | Destroy | Import | Drift | Result |");
    expect(markdown).toContain("| `neuropilot-staging` | `neuropilot-staging` | 1 | 4 | 1 | 1 | 0 | 1 | 📝 changes |");
    expect(markdown).toContain(
      "| `neuropilot-platform` | `neuropilot-platform` | 0 | 0 | 0 | 0 | 0 | 0 | ✅ no changes |",
    );
    expect(markdown).toContain(
      "| `neuropilot-production` | `neuropilot-production` | — | — | — | — | — | — | ❌ plan failed |",
    );
  });

  it("adds the cost column only when a cost delta is provided", () => {
    expect(markdown).not.toContain("Cost Δ");
    const withCost = render({
      stacks: [
        { ...stagingResult(), costDeltaUsd: 3.2 },
        { ...platformNoopResult(), costDeltaUsd: -1 },
      ],
    });
    expect(withCost).toContain("| Cost Δ/month |");
    expect(withCost).toMatch(/\| 1 \| \+\$3\.20 \| 📝 changes \|/);
    expect(withCost).toMatch(/\| 0 \| −\$1\.00 \| ✅ no changes \|/);
  });

  it("links the full plan in the job summary", () => {
    expect(markdown).toContain(`[job summary](${RUN_URL})`);
  });

  it("says so when there is nothing to plan", () => {
    expect(render({ stacks: [] })).toContain("No stack to plan.");
  });

  it("shows skipped stacks with the reason (fork PRs)", () => {
    const skipped = render({
      stacks: [
        {
          stack: "neuropilot-staging",
          workspace: "neuropilot-staging",
          status: "skipped",
          reason: "fork PRs get no secrets",
        },
      ],
    });
    expect(skipped).toContain("⏭️ skipped");
    expect(skipped).toContain("Not planned (`neuropilot-staging`): fork PRs get no secrets.");
  });
});

describe("render: destroy warnings", () => {
  it("warns loudly about destroyed or replaced stateful resources, by construct path", () => {
    const markdown = renderAll();
    expect(markdown).toContain("> [!CAUTION]");
    expect(markdown).toContain("DESTROYS OR REPLACES 2 STATEFUL RESOURCES");
    expect(markdown).toContain("> - **REPLACE** `neuropilot-staging` `database/branch` (neon_branch)");
    // Removed from the configuration: its construct path comes from the base branch's synth.
    expect(markdown).toContain("> - **DESTROY** `neuropilot-staging` `api-backend/us-west/service` (railway_service)");
    expect(markdown.indexOf("[!CAUTION]")).toBeLessThan(markdown.indexOf("| Stack |"));
  });

  it("does not warn when only stateless resources change", () => {
    expect(render({ stacks: [platformNoopResult()] })).not.toContain("[!CAUTION]");
    const dnsCreateOnly = withChanges(fixturePlan("staging.plan.json"), (rc) => rc.change.actions[0] === "create");
    expect(render({ stacks: [{ ...stagingResult(), plan: dnsCreateOnly } as StackResult] })).not.toContain(
      "[!CAUTION]",
    );
  });

  it("warns about a destroyed DNS record", () => {
    const plan = fixturePlan("staging.plan.json");
    const dns = plan.resource_changes.find((rc) => rc.type === "cloudflare_dns_record") as ResourceChange;
    const destroyed: ResourceChange = { ...dns, change: { ...dns.change, actions: ["delete"], after: null } };
    const markdown = render({
      stacks: [{ ...stagingResult(), plan: { ...plan, resource_changes: [destroyed] } } as StackResult],
    });
    expect(markdown).toContain("**DESTROY** `neuropilot-staging` `edge/dns/api-record` (cloudflare_dns_record)");
  });
});

describe("render: details", () => {
  const markdown = renderAll();
  const staging = between(markdown, "<b>neuropilot-staging</b>", "</details>");

  it("lists resources by construct path, never by hashed logical id", () => {
    expect(staging).toContain("+ create  edge/dns/api-record  (cloudflare_dns_record)");
    expect(staging).toContain("-/+ replace database/branch  (neon_branch)  # an attribute forces replacement");
    expect(staging).toContain(
      "- delete  api-backend/us-west/service  (railway_service)  # no longer in the configuration",
    );
    expect(staging).not.toMatch(/_[0-9A-F]{8}\b/);
  });

  it("shows attribute-level before and after for updates", () => {
    expect(staging).toContain("autoscaling_limit_max_cu: 1 → 2");
    expect(staging).toContain("suspend_timeout_seconds: 300 → 0");
  });

  it("marks the attributes forcing a replacement and unknown values", () => {
    expect(staging).toContain('parent_id: "br-main-0a1b2c3d" → "br-holy-sun-a5x8k2lm"  # forces replacement');
    expect(staging).toContain('id: "br-staging-5f6g7h8i" → (known after apply)');
    expect(staging).toContain("value: (sensitive value) → (known after apply)");
  });

  it("reports changes made outside Terraform per resource and attribute", () => {
    expect(staging).toContain("# Changed outside Terraform since the last apply (1):");
    expect(staging).toContain("~ drifted edge/dns/frontend-record  (cloudflare_dns_record)");
    expect(staging).toContain("proxied: true → false");
  });

  it("skips data source reads and no-op resources", () => {
    expect(staging).not.toContain("terraform_remote_state");
    expect(staging).not.toContain("app-role");
  });

  it("keeps details collapsible, failed plans open with the error", () => {
    expect(markdown).toContain(
      "<details><summary><b>neuropilot-staging</b>: 1 to add, 4 to change, 1 to replace, 1 to destroy, 1 drifted</summary>",
    );
    expect(markdown).toContain("No changes. The infrastructure matches the configuration.");
    const failed = between(markdown, "<details open><summary><b>neuropilot-production</b>: plan failed", "</details>");
    expect(failed).toContain("Error: Invalid credentials");
  });

  it("keeps the end of a long error, where Terraform puts the diagnosis", () => {
    const noisy = "Refreshing state...\n".repeat(20_000) + fixtureText("production-failed.stderr.txt");
    const markdown = render({
      stacks: [{ ...productionFailedResult(), error: noisy } as StackResult],
      fullPlanUrl: RUN_URL,
    });
    expect(markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(markdown).toContain("… (earlier output omitted)");
    expect(markdown).toContain("Authentication error (10000)");
  });
});

describe("render: sensitive values", () => {
  it("never prints a value the plan marks sensitive", () => {
    const markdown = renderAll();
    for (const secret of [
      "Sup3rS3cret-Old-pw",
      "npg_RolePassw0rd-staging",
      "npg_PlatformOwnerPassw0rd",
      "0123456789abcdef0123456789abcdef", // the sensitive variable's value in `variables`
    ]) {
      expect(markdown).not.toContain(secret);
    }
    expect(markdown).toContain("value: (sensitive value) → (sensitive value)");
  });

  it("masks secrets from real Terraform output, including copies the plan does not mark", () => {
    // Recorded from Terraform 1.11.4 (see fixtures/README.md): terraform_data copies its
    // sensitive input into `output` without the sensitive mark, and the sensitive output
    // value appears in output_changes.
    const plan = fixturePlan("terraform-data.plan.json");
    expect(JSON.stringify(plan)).toContain("OldSecretValue1");
    const markdown = render({ stacks: [{ stack: "demo", workspace: "demo", status: "planned", plan }] });
    expect(markdown).not.toContain("OldSecretValue1");
    expect(markdown).not.toContain("NewSecretValue2");
    expect(markdown).toContain("input.password: (sensitive value) → (sensitive value)");
    expect(markdown).toContain('input.tags[1]: (none) → "y"');
    expect(markdown).toContain("- delete  terraform_data.gone  (terraform_data)  # no longer in the configuration");
  });

  it("scrubs extra secrets the caller names (credentials in error output)", () => {
    const error = "Error: 401 for token cf-token-ABCDEFGH12345";
    const markdown = render({
      stacks: [{ ...productionFailedResult(), error } as StackResult],
      redact: ["cf-token-ABCDEFGH12345"],
    });
    expect(markdown).not.toContain("cf-token-ABCDEFGH12345");
  });
});

describe("render: size limit", () => {
  it("keeps an oversized plan under GitHub's limit and still summarises every stack", () => {
    const huge = hugePlan(3000);
    const stacks: StackResult[] = [
      platformNoopResult(),
      { ...stagingResult(), plan: huge } as StackResult,
      { stack: "neuropilot-production", workspace: "neuropilot-production", status: "planned", plan: hugePlan(1500) },
    ];
    const markdown = render({ stacks, fullPlanUrl: RUN_URL });
    expect(markdown.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    for (const stack of ["neuropilot-platform", "neuropilot-staging", "neuropilot-production"]) {
      expect(markdown).toMatch(new RegExp(`\\| \`${stack}\` \\|`));
      expect(markdown).toContain(`<b>${stack}</b>`);
    }
    expect(markdown).toContain(
      "| `neuropilot-staging` | `neuropilot-staging` | 0 | 3000 | 0 | 0 | 0 | 0 | 📝 changes |",
    );
    expect(markdown).toMatch(/# … \d+ more resource change\(s\) not shown; see the full plan/);
    expect(markdown).toContain(`[full plan is in the job summary](${RUN_URL})`);
    // The small stack keeps its whole section: fair shares give big stacks what the small one leaves.
    expect(markdown).toContain("No changes. The infrastructure matches the configuration.");
    // Code fences and <details> stay balanced after truncation.
    expect(count(markdown, "<details")).toBe(count(markdown, "</details>"));
    expect(count(markdown, "```") % 2).toBe(0);
  });

  it("renders the same plan in full under the job summary limit", () => {
    const markdown = render({
      stacks: [{ ...stagingResult(), plan: hugePlan(3000) } as StackResult],
      maxChars: 1_000_000,
    });
    expect(markdown).not.toContain("not shown");
    expect(markdown.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT);
  });

  it("gives every stack a fair share when all are big", () => {
    const stacks: StackResult[] = ["a", "b", "c"].map((name) => ({
      stack: name,
      workspace: name,
      status: "planned",
      plan: hugePlan(2000),
    }));
    const markdown = render({ stacks });
    const sizes = ["a", "b", "c"].map((name) => between(markdown, `<b>${name}</b>`, "</details>").length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThan(1000);
    expect(Math.min(...sizes)).toBeGreaterThan(15_000);
  });
});

function hugePlan(resources: number): TerraformPlan {
  const resource_changes: ResourceChange[] = Array.from({ length: resources }, (_, i) => ({
    address: `railway_variable.generated_${i}`,
    mode: "managed",
    type: "railway_variable",
    name: `generated_${i}`,
    change: {
      actions: ["update"],
      before: { name: `VAR_${i}`, description: "x".repeat(100) },
      after: { name: `VAR_${i}`, description: "y".repeat(100) },
      after_unknown: {},
      before_sensitive: {},
      after_sensitive: {},
    },
  }));
  return { format_version: "1.2", resource_changes, resource_drift: [], output_changes: {} };
}

function withChanges(plan: TerraformPlan, keep: (rc: ResourceChange) => boolean): TerraformPlan {
  return { ...plan, resource_changes: plan.resource_changes.filter(keep), resource_drift: [] };
}

function between(text: string, start: string, end: string): string {
  const from = text.indexOf(start);
  if (from === -1) throw new Error(`${start} not found`);
  return text.slice(from, text.indexOf(end, from));
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}
