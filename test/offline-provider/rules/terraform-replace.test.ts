// End to end through the real Terraform binary: a prior state (written by hand, as a
// console-made Neon project would be) whose default-branch owner is neondb_owner, and a
// configuration that says app_owner. kislerdm/neon 0.15.0 marks branch.role_name ForceNew
// (provider/resource_project.go:398), so Terraform must plan a replacement (-/+).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type OfflinePlan, planOffline } from "../../../offline-provider/plan-offline";
import { closeSharedProviderHost } from "../../../offline-provider/provider-host";
import { toolsOrSkip } from "../../support/tools";

const STACK = join(__dirname, "..", "fixtures", "neon-owner");
const SUITE = "offline provider rules under real terraform plan";
const tools = toolsOrSkip(SUITE, ["terraform"]);

/** A v4 state holding the live project as its API would describe it. */
function state(roleName: string): unknown {
  return {
    version: 4,
    terraform_version: "1.9.0",
    serial: 1,
    lineage: "0f0f0f0f-0000-4000-8000-000000000001",
    outputs: {},
    resources: [
      {
        mode: "managed",
        type: "neon_project",
        name: "app",
        provider: 'provider["registry.terraform.io/kislerdm/neon"]',
        instances: [
          {
            schema_version: 11,
            attributes: {
              id: "proj-quiet-leaf-123456",
              name: "neuropilot",
              pg_version: 16,
              history_retention_seconds: 86400,
              region_id: "aws-eu-central-1",
              org_id: "org-offline-1",
              default_branch_id: "br-main-1",
              default_endpoint_id: "ep-main-1",
              default_branch_protected: false,
              store_password: "yes",
              compute_provisioner: "k8s-neonvm",
              database_host: "ep-main-1.eu-central-1.aws.neon.tech",
              database_host_pooler: "ep-main-1-pooler.eu-central-1.aws.neon.tech",
              database_name: "app",
              database_user: roleName,
              allowed_ips: [],
              branch: [{ id: "br-main-1", name: "main", database_name: "app", role_name: roleName }],
              default_endpoint_settings: [],
              quota: [],
              maintenance_window: [],
            },
            sensitive_attributes: [],
          },
        ],
      },
    ],
  };
}

interface Change {
  address: string;
  change: { actions: string[]; replace_paths?: unknown[] };
}

const changes = (plan: OfflinePlan): Change[] =>
  ((plan.planJson as { resource_changes?: Change[] }).resource_changes ?? []).filter(
    (c) => c.address === "neon_project.app",
  );

describe.skipIf(!tools)(SUITE, () => {
  afterAll(() => closeSharedProviderHost());

  it("branch role_name neondb_owner -> app_owner is planned as a replacement of neon_project", async () => {
    const plan = await planOffline(STACK, { priorState: state("neondb_owner") });
    expect(plan.validate.valid).toBe(true);
    const [change] = changes(plan);
    expect(change.change.actions).toEqual(["delete", "create"]);
    expect(change.change.replace_paths).toEqual([["branch", 0, "role_name"]]);
    expect(plan.planText).toMatch(/must be replaced/);
    expect(plan.planText).toMatch(/"neondb_owner" -> "app_owner" # forces replacement/);
  }, 120_000);

  it("the same owner in the live state plans no replacement", async () => {
    const plan = await planOffline(STACK, { priorState: state("app_owner") });
    const [change] = changes(plan);
    expect(change.change.actions).not.toContain("delete");
  }, 120_000);
});

describe.skipIf(!tools)("offline provider validators under real terraform validate", () => {
  afterAll(() => closeSharedProviderHost());

  it("a DNS record type the provider's OneOfCaseInsensitive rejects fails validate with its message", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rules-validate-"));
    try {
      const config = JSON.parse(
        readFileSync(join(__dirname, "..", "fixtures", "edge-good", "cdk.tf.json"), "utf8"),
      ) as { resource: { cloudflare_dns_record: { api: Record<string, unknown> } } };
      config.resource.cloudflare_dns_record.api.type = "CNAMEX";
      writeFileSync(join(dir, "cdk.tf.json"), JSON.stringify(config));
      const plan = await planOffline(dir);
      expect(plan.validate.valid).toBe(false);
      const d = plan.validate.diagnostics.find((x) => x.severity === "error");
      expect(d?.summary).toBe("Invalid Attribute Value Match");
      expect(d?.detail).toMatch(/^Attribute type value must be one of: \["A" "AAAA" "CNAME" .*, got: "CNAMEX"$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
