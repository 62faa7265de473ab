// Adopting a console-made platform must not replace what it adopts: kislerdm/neon 0.15.0
// replaces neon_project when the default branch's owner role, database or name, the region or
// the Postgres version differ (provider/resource_project.go), and Cloudflare 5.14.0 replaces
// an entry-point ruleset whose name or kind differs. The fake account's project is owned by
// neondb_owner (the config would create neuropilot_app_owner), runs Postgres 15 (config: 16),
// and its entry points are named "default". Adoption records those live values and the
// synthesized stacks carry them; a value the stack cannot take is refused, naming it.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../adopt/cli";
import type { AdoptionListInput } from "../../config/adoption";
import { NOT_IMPORTABLE } from "../../config/import-ids";
import {
  attributeAt,
  liveAttributes,
  REPLACE_ATTRIBUTES,
  replaceConflicts,
  type LiveValue,
} from "../../config/replace-attributes";
import { synthesize } from "../../synthesize";
import { type List, readList } from "../support/adoption-list";
import { bundledInputs, sourcesOf } from "../support/configs";
import { LIVE_NEON_PROJECT, LIVE_RULESET_NAME, startFakeAccount } from "../support/fake-account";

const STACKS = ["neuropilot-platform", "neuropilot-staging", "neuropilot-production", "neuropilot-github"];
const work = mkdtempSync(join(tmpdir(), "np-replace-"));
const plain = join(work, "plain");
const adopted = join(work, "adopted");
const lists = new Map<string, List>();

type StackJson = {
  resource: Record<string, Record<string, Record<string, unknown> & { "//": { metadata: { path: string } } }>>;
};
const stackJson = (dir: string, stack: string): StackJson =>
  JSON.parse(readFileSync(join(dir, "stacks", stack, "cdk.tf.json"), "utf8")) as StackJson;

/** The synthesized resource at construct path `path` of `stack`, with its type. */
function resourceAt(dir: string, stack: string, path: string): { type: string; attributes: Record<string, unknown> } {
  for (const [type, byName] of Object.entries(stackJson(dir, stack).resource))
    for (const body of Object.values(byName))
      if (body["//"].metadata.path === `${stack}/${path}`) return { type, attributes: body };
  throw new Error(`no resource at ${stack}/${path}`);
}

beforeAll(async () => {
  synthesize(sourcesOf(bundledInputs()), { backend: "local", outdir: plain });
  const fake = await startFakeAccount();
  vi.spyOn(console, "log").mockImplementation(() => undefined);
  vi.spyOn(console, "error").mockImplementation(() => undefined);
  try {
    mkdirSync(join(work, "config", "adopt"), { recursive: true });
    for (const stack of STACKS) {
      expect(await main([stack, "--synth", plain], fake.env, work)).toBe(0);
      lists.set(stack, readList(join(work, "config", "adopt", `${stack}.ts`)));
    }
  } finally {
    vi.restoreAllMocks();
    await fake.close();
  }
  synthesize(sourcesOf(bundledInputs()), {
    backend: "local",
    outdir: adopted,
    adoption: STACKS.map((stack) => ({ file: `config/adopt/${stack}.ts`, value: lists.get(stack) })),
  });
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("adopting the fake account's neondb_owner project", () => {
  it("records the live values that would force a replacement", () => {
    const project = lists.get("neuropilot-platform")?.resources.find((r) => r.path === "database/project");
    expect(project?.live).toEqual(LIVE_NEON_PROJECT);
  });

  it("synthesizes neon_project with exactly the live values", () => {
    const { attributes } = resourceAt(adopted, "neuropilot-platform", "database/project");
    expect({
      region_id: attributes.region_id,
      pg_version: attributes.pg_version,
      branch: attributes.branch,
    }).toEqual({
      region_id: LIVE_NEON_PROJECT.region_id,
      pg_version: LIVE_NEON_PROJECT.pg_version,
      branch: {
        name: LIVE_NEON_PROJECT["branch.name"],
        role_name: LIVE_NEON_PROJECT["branch.role_name"],
        database_name: LIVE_NEON_PROJECT["branch.database_name"],
      },
    });
  });

  it("without adoption, the config's owner and version would replace the live project", () => {
    const { type, attributes } = resourceAt(plain, "neuropilot-platform", "database/project");
    expect(replaceConflicts(type, attributes, LIVE_NEON_PROJECT).map((c) => c.attribute)).toEqual([
      "pg_version",
      "branch.role_name",
    ]);
  });

  it("the environments connect to the project's live database", () => {
    const json = JSON.stringify(stackJson(adopted, "neuropilot-production"));
    expect(json).toContain(`/${LIVE_NEON_PROJECT["branch.database_name"]}?sslmode=require`);
  });

  it("keeps the live name of every adopted entry-point ruleset", () => {
    const rulesets = (lists.get("neuropilot-production")?.resources ?? []).filter((r) => r.path.endsWith("/ruleset"));
    expect(rulesets.length).toBeGreaterThan(0);
    for (const entry of rulesets) {
      expect(entry.live).toEqual({ kind: "zone", name: LIVE_RULESET_NAME });
      expect(resourceAt(adopted, "neuropilot-production", entry.path).attributes.name).toBe(LIVE_RULESET_NAME);
    }
  });
});

describe("every adopted resource against its live object", () => {
  it("declares each replace-forcing attribute as the live object has it", () => {
    const conflicts = STACKS.flatMap((stack) =>
      (lists.get(stack)?.resources ?? []).flatMap((entry) => {
        const { type, attributes } = resourceAt(adopted, stack, entry.path);
        return replaceConflicts(type, attributes, entry.live ?? {}).map((c) => `${stack}/${entry.path} ${c.attribute}`);
      }),
    );
    expect(conflicts).toEqual([]);
  });

  it("records every live-guarded attribute the stack declares", () => {
    const missing = STACKS.flatMap((stack) =>
      (lists.get(stack)?.resources ?? []).flatMap((entry) => {
        const { type, attributes } = resourceAt(adopted, stack, entry.path);
        return liveAttributes(type)
          .filter((a) => attributeAt(attributes, a) !== undefined && entry.live?.[a] === undefined)
          .map((a) => `${stack}/${entry.path} ${a}`);
      }),
    );
    expect(missing).toEqual([]);
  });

  it("has a replace-attribute list for every type adopted", () => {
    const types = new Set(
      STACKS.flatMap((stack) =>
        (lists.get(stack)?.resources ?? []).map((entry) => resourceAt(adopted, stack, entry.path).type),
      ).filter((t) => NOT_IMPORTABLE[t] === undefined),
    );
    expect(types.size).toBeGreaterThan(20);
    expect([...types].filter((t) => REPLACE_ATTRIBUTES[t] === undefined)).toEqual([]);
  });
});

describe("a live value the stack does not declare", () => {
  const adopt = (stack: string, resources: AdoptionListInput["resources"]) => () =>
    synthesize(sourcesOf(bundledInputs()), {
      backend: "local",
      outdir: join(work, "refused"),
      adoption: [{ file: `config/adopt/${stack}.ts`, value: { stack, resources } }],
    });
  const project = (live: Record<string, LiveValue>) => [{ path: "database/project", id: "shiny-cell-31746257", live }];

  it("is refused when the region differs, naming the attribute and the config to set", () => {
    expect(adopt("neuropilot-platform", project({ region_id: "aws-eu-central-1" }))).toThrow(
      /config\/adopt\/neuropilot-platform\.ts: adopt\.resources\[0\]\.live\.region_id: neon_project database\/project: the live object has region_id = "aws-eu-central-1" but the stack declares "aws-us-east-2", which replaces it \(kislerdm\/terraform-provider-neon v0\.15\.0 \(71d0000\) provider\/helper\.go:19-23 schemaRegionID ForceNew\); set the cell's neonRegion/,
    );
  });

  it("is accepted when the region is the configured one", () => {
    expect(adopt("neuropilot-platform", project({ region_id: "aws-us-east-2" }))).not.toThrow();
  });

  it("is refused when the attribute is not one adoption keeps for the type", () => {
    expect(adopt("neuropilot-platform", project({ history_retention_seconds: 1 }))).toThrow(
      /adopt\.resources\[0\]\.live\.history_retention_seconds: neon_project: history_retention_seconds is not an attribute adoption keeps \(region_id, pg_version, branch\.name, branch\.role_name, branch\.database_name\); remove it/,
    );
  });
});
