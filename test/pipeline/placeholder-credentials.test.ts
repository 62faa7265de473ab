// Plans in the plan environment hold no Neon or Railway key: those providers get a
// non-secret placeholder, the stacks configuring them plan with -refresh=false, and an import
// of their types (which reads the live resource) fails with a note saying what to do.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { PLACEHOLDER_CREDENTIAL } from "../../constructs/github/workflow-contract";
import type { JsonObject } from "../../pipeline/synth/json";
import { placeholderPlan, placeholderProviders } from "../../pipeline/plan/placeholder-credentials";
import { planStack } from "../../pipeline/plan/terraform-runner";

const BOTH = ["neon", "railway"];
const environmentStack: JsonObject = {
  provider: { cloudflare: [{}], neon: [{}], railway: [{}] },
  resource: { neon_project: { db: {} } },
};
const cloudflareOnly: JsonObject = { provider: { cloudflare: [{}] }, resource: {} };

describe("placeholder credentials (pipeline/plan/placeholder-credentials.ts)", () => {
  it("parses the provider list and refuses an unknown one by name", () => {
    expect(placeholderProviders(undefined)).toEqual([]);
    expect(placeholderProviders("neon,railway")).toEqual(BOTH);
    expect(() => placeholderProviders("neon,cloudflare")).toThrow(
      '--placeholder-credentials: unknown provider "cloudflare"; use a comma list of neon, railway',
    );
  });

  it("gives both providers the placeholder and plans a stack configuring one without refresh", () => {
    const plan = placeholderPlan("neuropilot-staging", environmentStack, BOTH, {});
    expect(plan).toEqual({
      env: { NEON_API_KEY: PLACEHOLDER_CREDENTIAL, RAILWAY_TOKEN: PLACEHOLDER_CREDENTIAL },
      refresh: false,
    });
    const onlyRailway = { provider: { railway: [{}] } };
    expect(placeholderPlan("s", onlyRailway, BOTH, {}).refresh).toBe(false);
    expect(placeholderPlan("s", onlyRailway, ["neon"], {}).refresh).toBe(true);
  });

  it("refreshes a stack that configures neither, and everything without the flag", () => {
    expect(placeholderPlan("neuropilot-platform", cloudflareOnly, BOTH, {}).refresh).toBe(true);
    expect(placeholderPlan("neuropilot-staging", environmentStack, [], {})).toEqual({ env: {}, refresh: true });
  });

  it("refuses a step that also holds a real key for a placeholder provider", () => {
    const real = "a-real-looking-" + "key".repeat(8);
    expect(() => placeholderPlan("s", environmentStack, BOTH, { RAILWAY_TOKEN: real })).toThrow(
      "RAILWAY_TOKEN is set, but --placeholder-credentials railway plans without a railway key: remove RAILWAY_TOKEN from the step's env",
    );
    expect(
      placeholderPlan("s", environmentStack, BOTH, { NEON_API_KEY: PLACEHOLDER_CREDENTIAL, RAILWAY_TOKEN: "" }).refresh,
    ).toBe(false);
  });

  it("notes an import of a placeholder provider's type, and only of those", () => {
    const adopting = {
      ...environmentStack,
      import: [
        { to: "neon_project.db", id: "proj-1" },
        { to: "cloudflare_dns_record.www", id: "zone/rec" },
      ],
    };
    const plan = placeholderPlan("neuropilot-production", adopting, BOTH, {});
    expect(plan.importNote).toMatch(
      /^neuropilot-production imports neon_project\.db: Terraform reads a resource to import it, and this plan holds no neon or railway key/,
    );
    expect(plan.importNote).not.toContain("cloudflare_dns_record");
    const cloudflareImport = { ...cloudflareOnly, import: [{ to: "cloudflare_dns_record.www", id: "zone/rec" }] };
    expect(placeholderPlan("s", cloudflareImport, BOTH, {}).importNote).toBeUndefined();
  });
});

describe("terraform-runner: -refresh=false only when asked", () => {
  const dir = mkdtempSync(join(tmpdir(), "placeholder-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const fake = join(dir, "terraform");
  // Records each call's arguments and the Neon key it saw; `plan` reports no changes.
  writeFileSync(fake, `#!/bin/sh\necho "$* key=$NEON_API_KEY" >> "${join(dir, "calls")}"\nexit 0\n`);
  chmodSync(fake, 0o755);

  async function planCalls(refresh: boolean | undefined): Promise<string> {
    writeFileSync(join(dir, "calls"), "");
    const spy = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    await planStack({
      stack: "demo",
      workspace: "demo",
      workingDirectory: dir,
      outDir: dir,
      env: { PATH: process.env.PATH, TERRAFORM_BIN: fake, NEON_API_KEY: PLACEHOLDER_CREDENTIAL },
      lock: false,
      refresh,
    });
    spy.mockRestore();
    return readFileSync(join(dir, "calls"), "utf8");
  }

  it("passes -refresh=false to the plan with the placeholder key, and nothing of the kind by default", async () => {
    const calls = (await planCalls(false)).split("\n");
    expect(calls.find((c) => c.startsWith("plan "))).toBe(
      `plan -input=false -no-color -detailed-exitcode -out=tfplan -lock=false -refresh=false key=${PLACEHOLDER_CREDENTIAL}`,
    );
    expect(calls.filter((c) => c.includes("-refresh=false"))).toHaveLength(1);
    expect(await planCalls(undefined)).not.toContain("-refresh");
    expect(await planCalls(true)).not.toContain("-refresh");
  });
});
