// Adoption lists → Terraform import blocks: a listed construct path must exist in its
// stack, its id must have the import id format of the resource type, and nothing is
// adopted twice; every problem names the file, the entry and the fix.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app";
import { loadAdoption, type AdoptionListInput } from "../../config/adoption";
import { ConfigError } from "../../config/load";
import { validateEnvironments } from "../../policy/config-guardrails";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { WorkersKvNamespace } from "@cdktf/provider-cloudflare/lib/workers-kv-namespace";
import { App, TerraformStack } from "cdktf";
import { adoptExisting, ImportBlocks, nearestPaths } from "../../stacks/adoption";
import { synthesize } from "../../synthesize";
import { bundledInputs, sourcesOf } from "../support/configs";
import { ACCOUNT, adoptProduction, ZONE } from "./fixtures/adopt-production";

const FILE = "config/adopt/neuropilot-production.ts";

function withResources(resources: AdoptionListInput["resources"]): AdoptionListInput {
  return { stack: "neuropilot-production", resources };
}

/** The ConfigError message of adopting `list` into the bundled app, or "" when it is accepted. */
function adoptionProblems(...lists: AdoptionListInput[]): string {
  const app = buildApp(validateEnvironments(sourcesOf(bundledInputs())), { backend: "local", outdir: work });
  try {
    adoptExisting(
      app,
      loadAdoption(lists.map((value, i) => ({ file: i === 0 ? FILE : `config/adopt/other-${i}.ts`, value }))),
    );
    return "";
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
}

const work = mkdtempSync(join(tmpdir(), "np-adoption-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("an adoption list", () => {
  let stack: {
    import?: Array<{ to: string; id: string; provider?: string }>;
    resource: Record<string, Record<string, { "//": { metadata: { path: string } } }>>;
  };

  beforeAll(() => {
    const outdir = join(work, "out");
    synthesize(sourcesOf(bundledInputs()), {
      backend: "local",
      outdir,
      adoption: [{ file: FILE, value: adoptProduction }],
    });
    stack = JSON.parse(readFileSync(join(outdir, "stacks", "neuropilot-production", "cdk.tf.json"), "utf8"));
  });

  it("becomes one import block per entry, addressed to the construct's resource", () => {
    const blocks = stack.import ?? [];
    expect(blocks).toHaveLength(adoptProduction.resources.length);
    const pathOf = (to: string): string => {
      const [type, name] = to.split(".");
      return stack.resource[type][name]["//"].metadata.path;
    };
    const byPath = new Map(blocks.map((block) => [pathOf(block.to), block.id]));
    for (const entry of adoptProduction.resources) {
      expect(byPath.get(`neuropilot-production/${entry.path}`)).toBe(entry.id);
    }
    expect(blocks.every((block) => block.provider === undefined)).toBe(true);
  });

  it("leaves the stacks without a list free of import blocks", () => {
    const staging = JSON.parse(
      readFileSync(join(work, "out", "stacks", "neuropilot-staging", "cdk.tf.json"), "utf8"),
    ) as { import?: unknown };
    expect(staging.import).toBeUndefined();
  });

  it("is accepted as bundled (empty lists for every stack)", async () => {
    const { ADOPTION_SOURCES } = await import("../../config/adopt");
    const lists = loadAdoption(ADOPTION_SOURCES);
    expect(lists.map((l) => l.list.stack).sort()).toEqual([
      "neuropilot-github",
      "neuropilot-platform",
      "neuropilot-production",
      "neuropilot-staging",
    ]);
    expect(adoptionProblems(...ADOPTION_SOURCES.map((s) => s.value as AdoptionListInput))).toBe("");
  });
});

describe("a bad adoption list fails before anything is written", () => {
  it("names the file, the entry and the nearest existing paths for an unknown construct path", () => {
    const message = adoptionProblems(withResources([{ path: "edge/dns/frontend-recrod", id: `${ZONE}/${ZONE}` }]));
    expect(message).toContain(
      `${FILE}: adopt.resources[0].path: no resource at edge/dns/frontend-recrod in neuropilot-production; nearest: edge/dns/frontend-record,`,
    );
  });

  it("tells to drop the stack name from a full construct path", () => {
    const message = adoptionProblems(
      withResources([{ path: "neuropilot-production/edge/tls/ssl", id: `${ZONE}/ssl` }]),
    );
    expect(message).toContain("write it without the stack name: edge/tls/ssl");
  });

  it("rejects a construct path that is not a resource (a construct with children)", () => {
    expect(adoptionProblems(withResources([{ path: "edge/tls", id: `${ZONE}/ssl` }]))).toContain(
      "no resource at edge/tls in neuropilot-production",
    );
  });

  it("rejects an id without the resource type's import id format, citing the provider", () => {
    const message = adoptionProblems(
      withResources([{ path: "database/app-role", id: "shiny-cell-31746257/neuropilot_app_owner" }]),
    );
    expect(message).toContain(
      `${FILE}: adopt.resources[0].id: neon_role: import id "shiny-cell-31746257/neuropilot_app_owner" has 2 part(s) separated by "/"; expected <project_id>/<branch_id>/<role_name>`,
    );
    expect(message).toContain("kislerdm/terraform-provider-neon v0.15.0");
  });

  it("rejects an id whose parts disagree with what the construct declares", () => {
    const message = adoptionProblems(
      withResources([
        { path: "edge/tls/ssl", id: `${ZONE}/min_tls_version` },
        { path: "autoheal/script", id: `${ACCOUNT}/neuropilot-autoheal` },
        { path: "edge/dns/frontend-record", id: `${"f".repeat(32)}/${ZONE}` },
      ]),
    );
    expect(message).toContain(
      `${FILE}: adopt.resources[0].id: cloudflare_zone_setting: the import id's setting_id is "min_tls_version" but the construct declares setting_id = "ssl"`,
    );
    expect(message).toContain(
      `script_name is "neuropilot-autoheal" but the construct declares script_name = "neuropilot-production-autoheal"`,
    );
    expect(message).toContain(
      `adopt.resources[2].id: cloudflare_dns_record: the import id's zone_id is "${"f".repeat(32)}"`,
    );
  });

  it("rejects the same construct path twice", () => {
    const message = adoptionProblems(
      withResources([
        { path: "edge/tls/ssl", id: `${ZONE}/ssl` },
        { path: "edge/tls/ssl", id: `${ZONE}/ssl` },
      ]),
    );
    expect(message).toContain(`${FILE}: adopt.resources[1].path: edge/tls/ssl is adopted twice (also resources[0])`);
  });

  it("rejects one existing resource adopted by two constructs of its type", () => {
    const message = adoptionProblems(
      withResources([
        { path: "edge/waf/managed/ruleset", id: `zones/${ZONE}/${ACCOUNT}` },
        { path: "edge/waf/custom/ruleset", id: `zones/${ZONE}/${ACCOUNT}` },
      ]),
    );
    expect(message).toContain(
      `${FILE}: adopt.resources[1].id: cloudflare_ruleset "zones/${ZONE}/${ACCOUNT}" is adopted twice (also resources[0] edge/waf/managed/ruleset)`,
    );
  });

  it("accepts one id for two resource types that share it (a Worker script and its cron trigger)", () => {
    expect(
      adoptionProblems(
        withResources([
          { path: "autoheal/script", id: `${ACCOUNT}/neuropilot-production-autoheal` },
          { path: "autoheal/cron", id: `${ACCOUNT}/neuropilot-production-autoheal` },
        ]),
      ),
    ).toBe("");
  });

  it("rejects a list for a stack the app does not build, and a second list for one stack", () => {
    expect(adoptionProblems({ stack: "neuropilot-qa", resources: [] })).toContain(
      `${FILE}: adopt.stack: no stack named neuropilot-qa; the app builds neuropilot-platform, neuropilot-staging, neuropilot-production, neuropilot-github`,
    );
    expect(adoptionProblems(withResources([]), withResources([]))).toContain(
      `config/adopt/other-1.ts: adopt.stack: neuropilot-production already has an adoption list in ${FILE}`,
    );
  });

  it("rejects unknown keys and an empty id", () => {
    const message = adoptionProblems({
      stack: "neuropilot-production",
      resources: [{ path: "edge/tls/ssl", id: "", comment: "x" } as never],
    });
    expect(message).toContain(`${FILE}: adopt.resources[0]: Unrecognized key: "comment"`);
    expect(message).toContain(`${FILE}: adopt.resources[0].id: Too small`);
  });

  it("leaves the output directory untouched", () => {
    const outdir = join(work, "untouched");
    expect(() =>
      synthesize(sourcesOf(bundledInputs()), {
        backend: "local",
        outdir,
        adoption: [{ file: FILE, value: withResources([{ path: "edge/nope", id: "x" }]) }],
      }),
    ).toThrow(ConfigError);
    expect(() => readFileSync(join(outdir, "manifest.json"))).toThrow();
  });
});

describe("the import blocks", () => {
  it("are the JSON CDKTF's importFrom() renders for the same resource", () => {
    const app = new App({ outdir: work, skipValidation: true });
    const stack = new TerraformStack(app, "s");
    new CloudflareProvider(stack, "cloudflare");
    const resource = new WorkersKvNamespace(stack, "r", { accountId: ACCOUNT, title: "t" });
    const blocks = new ImportBlocks(stack, "adoption-imports");
    blocks.entries.push({ resource, id: "some-id" });
    const ours = blocks.toTerraform().import;
    resource.importFrom("some-id");
    const cdktf = (resource.toTerraform() as { import: Array<Record<string, unknown>> }).import;
    expect(ours).toEqual(cdktf.map(({ provider, ...rest }) => (provider === undefined ? rest : { provider, ...rest })));
    expect(blocks.toMetadata()).toEqual({ imports: resource.toMetadata().imports });
  });
});

describe("nearestPaths", () => {
  it("orders by edit distance, then alphabetically, and takes the count", () => {
    const candidates = ["edge/tls/ss", "edge/tls/hsts", "database/database", "edge/tls/ssl"];
    expect(nearestPaths("edge/tls/sll", candidates, 2)).toEqual(["edge/tls/ssl", "edge/tls/ss"]);
    expect(nearestPaths("c/x", ["b/x", "a/x", "c/yy"], 2)).toEqual(["a/x", "b/x"]);
  });
});
