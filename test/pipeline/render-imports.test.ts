// Imports in the plan comment: counted in their own column, each shown with its import id,
// and a create of a data-holding resource in a plan that imports is a loud error.
import { describe, expect, it } from "vitest";
import type { ResourceChange, TerraformPlan } from "../../pipeline/plan/plan-json";
import { countChanges, dataCreatesWhileAdopting } from "../../pipeline/plan/plan-summary";
import { render } from "../../pipeline/comment/render";

function change(type: string, name: string, actions: string[], importId?: string): ResourceChange {
  return {
    address: `${type}.${name}`,
    mode: "managed",
    type,
    name,
    change: {
      actions,
      before: null,
      after: { name },
      ...(importId === undefined ? {} : { importing: { id: importId } }),
    },
  };
}

function plan(...changes: ResourceChange[]): TerraformPlan {
  return { format_version: "1.2", resource_changes: changes, resource_drift: [], output_changes: {} };
}

const ZONE = "0123456789abcdef0123456789abcdef";
const adopting = plan(
  change("cloudflare_zone_setting", "ssl", ["no-op"], `${ZONE}/ssl`),
  change("neon_role", "app", ["update"], "shiny-cell-31746257/br-main-a1/app"),
  change("cloudflare_dns_record", "api", ["create"]),
);

function renderPlan(p: TerraformPlan): string {
  return render({
    stacks: [{ stack: "neuropilot-production", workspace: "neuropilot-production", status: "planned", plan: p }],
  });
}

describe("imports in the plan comment", () => {
  it("are counted apart from changes: a pure import and an import with an update both count", () => {
    expect(countChanges(adopting)).toMatchObject({ add: 1, change: 1, import: 2 });
    expect(renderPlan(adopting)).toContain(
      "| `neuropilot-production` | `neuropilot-production` | 1 | 1 | 0 | 0 | 2 | 0 | 📝 changes |",
    );
  });

  it("show each imported resource with its import id", () => {
    const markdown = renderPlan(adopting);
    expect(markdown).toContain(
      `<= import  cloudflare_zone_setting.ssl  (cloudflare_zone_setting)  # import ${ZONE}/ssl`,
    );
    expect(markdown).toContain("~ update  neon_role.app  (neon_role)  # import shiny-cell-31746257/br-main-a1/app");
    expect(markdown).toContain("1 to add, 1 to change, 0 to replace, 0 to destroy, 2 to import");
  });
});

describe("a data resource created while adopting", () => {
  const database = change("neon_database", "main", ["create"]);

  it("is an error in a plan that imports", () => {
    const p = plan(...adopting.resource_changes, database);
    expect(dataCreatesWhileAdopting(p).map((r) => r.address)).toEqual(["neon_database.main"]);
    const markdown = renderPlan(p);
    expect(markdown).toContain("🚨 This plan CREATES 1 DATA RESOURCE in a stack that is adopting existing ones");
    expect(markdown).toContain("> - **CREATE** `neuropilot-production` `neon_database.main` (neon_database)");
    expect(markdown).toContain("❌ creates a database beside an adopted one |");
  });

  it("is an ordinary create in a plan that imports nothing (a new environment's branch)", () => {
    const p = plan(change("cloudflare_dns_record", "api", ["create"]), database);
    expect(dataCreatesWhileAdopting(p)).toEqual([]);
    expect(renderPlan(p)).not.toContain("CAUTION");
  });

  it("leaves non-data creates alone while adopting", () => {
    expect(dataCreatesWhileAdopting(adopting)).toEqual([]);
  });
});

describe("the sticky marker", () => {
  it("survives a sensitive value that contains one of its words", () => {
    const secretive = plan({
      ...change("grafana_contact_point", "pagerduty", ["create"]),
      change: {
        actions: ["create"],
        before: null,
        after: { pagerduty: [{ group: "neuropilot" }] },
        after_sensitive: { pagerduty: true },
      },
    });
    const markdown = renderPlan(secretive);
    expect(markdown.startsWith("<!-- neuropilot-plan -->\n")).toBe(true);
  });
});
