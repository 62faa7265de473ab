// Real `terraform init/validate/plan/show` against the offline providers, on
// fixture stacks. Terraform's own diagnostics must come through unchanged.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { withLocalBackend } from "../../offline-provider/offline-config";
import { type OfflinePlan, planOffline } from "../../offline-provider/plan-offline";
import { toolsOrSkip } from "../support/tools";

const FIXTURES = join(__dirname, "fixtures");
const TIMEOUT = 120_000;
const scratch = mkdtempSync(join(tmpdir(), "offline-provider-test-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Json = Record<string, unknown>;

interface ResourceChange {
  address: string;
  mode: string;
  change: { actions: string[]; after: Json; after_unknown: Json };
}

/** A copy of a fixture stack with its config changed by `edit`. */
function variant(fixture: string, name: string, edit: (config: Json) => void): string {
  const dir = join(scratch, name);
  cpSync(join(FIXTURES, fixture), dir, { recursive: true });
  const file = join(dir, "cdk.tf.json");
  const config = JSON.parse(readFileSync(file, "utf8")) as Json;
  edit(config);
  writeFileSync(file, JSON.stringify(config));
  return dir;
}

function dnsRecord(config: Json): Json {
  return ((config.resource as Json).cloudflare_dns_record as Json).api as Json;
}

function changes(plan: OfflinePlan): ResourceChange[] {
  return ((plan.planJson as Json).resource_changes ?? []) as ResourceChange[];
}

function firstError(plan: OfflinePlan): string {
  const d = plan.validate.diagnostics.find((x) => x.severity === "error");
  return `${d?.summary ?? ""}: ${d?.detail ?? ""}`;
}

const SUITE = "offline terraform validate + plan";
const tools = toolsOrSkip(SUITE, ["terraform"]);

describe.skipIf(!tools)(SUITE, () => {
  it("has terraform available", () => {
    expect(
      execFileSync(tools?.terraform ?? "terraform", ["version"], {
        encoding: "utf8",
        env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_CLI_CONFIG_FILE: "/dev/null" },
      }),
    ).toMatch(/Terraform v1\./);
  });

  it("strips remote backends without touching the rest", () => {
    const config = {
      terraform: { cloud: { organization: "x" }, backend: { remote: {} }, required_providers: { a: {} } },
      resource: {},
    };
    expect(withLocalBackend(config)).toEqual({ terraform: { required_providers: { a: {} } }, resource: {} });
    expect(config.terraform.cloud).toBeDefined(); // input not mutated
  });

  it(
    "validates and plans a cloudflare + neon stack (remote backend stripped)",
    async () => {
      const plan = await planOffline(join(FIXTURES, "edge-good"));
      expect(plan.validate).toMatchObject({ valid: true, error_count: 0 });
      const rc = changes(plan);
      expect(rc.map((c) => c.address).sort()).toEqual([
        "cloudflare_dns_record.api",
        "cloudflare_ruleset.waf",
        "cloudflare_workers_kv_namespace.cache",
        "cloudflare_zone_setting.ssl",
        "neon_project.app",
      ]);
      expect(rc.every((c) => c.change.actions.join() === "create")).toBe(true);

      const dns = rc.find((c) => c.address === "cloudflare_dns_record.api");
      expect(dns?.change.after).toMatchObject({
        name: "api",
        ttl: 1,
        proxied: true,
        zone_id: "023e105f4ecef8ad9ca31a8372d0c353",
        // cross-stack remote state and a required variable got placeholders
        content: "offline-remote-database_host",
        comment: "offline-var-sentry_dsn",
      });
      expect(dns?.change.after_unknown).toMatchObject({ id: true, created_on: true, settings: { ipv4_only: true } });
      const ruleset = rc.find((c) => c.address === "cloudflare_ruleset.waf");
      expect(ruleset?.change.after_unknown).toMatchObject({ id: true, rules: [{ id: true }] });
      expect(rc.find((c) => c.address === "neon_project.app")?.change.after_unknown).toMatchObject({
        id: true,
        default_branch_id: true,
      });
      // The data source was read at plan time: its placeholder flows into outputs.
      const outputs = ((plan.planJson as Json).planned_values as Json).outputs as Record<string, { value?: unknown }>;
      expect(outputs.zone_name.value).toBe("offline-cloudflare_zone-name");
      expect(plan.planText).toContain("Plan: 5 to add, 0 to change, 0 to destroy.");
    },
    TIMEOUT,
  );

  it(
    "defers data sources whose config is unknown (neon, cloud backend stripped), alike whether Terraform starts the provider or reattaches to it",
    async () => {
      // "launch" is the path of a downloaded provider: Terraform runs the mirror's launcher.
      const launched = await planOffline(join(FIXTURES, "neon-good"), { providers: "launch" });
      const rc = changes(launched);
      expect(rc.filter((c) => c.mode === "managed")).toHaveLength(3);
      expect(rc.find((c) => c.address === "data.neon_branches.existing")?.change.actions).toEqual(["read"]);
      const hosted = await planOffline(join(FIXTURES, "neon-good"));
      expect(changes(hosted)).toEqual(rc);
    },
    TIMEOUT,
  );

  it(
    "fails with Terraform's own message for an argument the schema lacks",
    async () => {
      const dir = variant("edge-good", "unsupported", (c) => (dnsRecord(c).proxy_mode = "fast"));
      const plan = await planOffline(dir);
      expect(plan.validate.valid).toBe(false);
      expect(plan.planJson).toBeNull();
      // .tf.json wording of HCL's "Unsupported argument"
      expect(firstError(plan)).toMatch(
        /^Extraneous JSON object property: No argument or block type is named "proxy_mode"/,
      );
    },
    TIMEOUT,
  );

  it(
    "fails with Terraform's own message for a missing required argument",
    async () => {
      const dir = variant("edge-good", "missing", (c) => delete dnsRecord(c).ttl);
      const plan = await planOffline(dir);
      expect(plan.validate.valid).toBe(false);
      expect(firstError(plan)).toMatch(/^Missing required argument: The argument "ttl" is required/);
    },
    TIMEOUT,
  );

  it(
    "fails with Terraform's own message for a type mismatch",
    async () => {
      const dir = variant("edge-good", "mistyped", (c) => (dnsRecord(c).proxied = ["yes"]));
      const plan = await planOffline(dir);
      expect(plan.validate.valid).toBe(false);
      expect(firstError(plan)).toMatch(
        /^Incorrect attribute value type: Inappropriate value for attribute "proxied": bool required/,
      );
    },
    TIMEOUT,
  );
});
