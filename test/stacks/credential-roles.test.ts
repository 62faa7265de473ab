import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENVIRONMENT_SOURCES } from "../../config";
import { APPLY_CREDENTIAL_SECRETS, RELEASE_CREDENTIAL_SECRETS } from "../../constructs/github/workflow-contract";
import {
  CALL_CREDENTIAL_ROLES,
  CREDENTIAL_ROLES,
  renderCredentialRoles,
} from "../../constructs/github/credential-roles";
import { synthesize } from "../../synthesize";
import { documentedBlock, expectedBlock, tableRows } from "./credential-roles-doc";

type Blocks = Record<string, Record<string, unknown>>;

/** Every resource type and `data.<type>` the synthesized stacks declare. */
function typesIn(outdir: string): Map<string, string[]> {
  const types = new Map<string, string[]>();
  for (const stack of readdirSync(join(outdir, "stacks"))) {
    const json = JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as {
      resource?: Blocks;
      data?: Blocks;
    };
    const names = [...Object.keys(json.resource ?? {}), ...Object.keys(json.data ?? {}).map((t) => `data.${t}`)];
    for (const type of names) types.set(type, [...(types.get(type) ?? []), stack]);
  }
  return types;
}

describe("credential roles", () => {
  let outdir: string;
  let synthesized: Map<string, string[]>;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), "credential-roles-"));
    synthesize(ENVIRONMENT_SOURCES, { backend: "cloud", outdir });
    synthesized = typesIn(outdir);
    // Types only an opt-in config setting emits (Argo Smart Routing): synthesized with it on.
    const optIn = mkdtempSync(join(tmpdir(), "credential-roles-opt-in-"));
    try {
      const sources = ENVIRONMENT_SOURCES.map((s) =>
        s.value.cloudflare.managesZone
          ? {
              ...s,
              value: { ...s.value, cloudflare: { ...s.value.cloudflare, argoSmartRouting: { expectedMonthlyGb: 10 } } },
            }
          : s,
      );
      synthesize(sources, { backend: "cloud", outdir: optIn });
      for (const [type, stacks] of typesIn(optIn)) if (!synthesized.has(type)) synthesized.set(type, stacks);
    } finally {
      rmSync(optIn, { recursive: true, force: true });
    }
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it("has a row for every resource and data source type of every synthesized stack", () => {
    const covered = new Set(CREDENTIAL_ROLES.map((role) => role.type));
    const missing = [...synthesized]
      .filter(([type]) => !covered.has(type))
      .map(([type, s]) => `${type} (${s.join(", ")})`);
    expect(missing, "add a row to constructs/github/credential-roles.ts").toEqual([]);
    // The bundled stacks reach every provider: a vacuous pass would mean the synth found nothing.
    expect(synthesized.size).toBeGreaterThanOrEqual(40);
  });

  it("has no row for a type nothing synthesizes, and one row per type", () => {
    const types = CREDENTIAL_ROLES.map((role) => role.type);
    expect(types.filter((type) => !synthesized.has(type))).toEqual([]);
    expect(new Set(types).size).toBe(types.length);
  });

  it("names, for each row, a credential the pipeline or the bootstrap holds, a requirement and an https source", () => {
    const credentials = new Set([...APPLY_CREDENTIAL_SECRETS.map((c) => c.name), "GITHUB_TOKEN"]);
    for (const role of CREDENTIAL_ROLES) {
      expect(credentials.has(role.credential), role.type).toBe(true);
      expect(role.requires.length, role.type).toBeGreaterThan(0);
      for (const url of role.source.split(" ; ")) expect(url, role.type).toMatch(/^https:\/\/\S+$/);
    }
  });

  it("names, for each API call outside Terraform, a credential an environment holds and a documented scope", () => {
    const credentials = new Set([...APPLY_CREDENTIAL_SECRETS, ...RELEASE_CREDENTIAL_SECRETS].map((c) => c.name));
    for (const role of CALL_CREDENTIAL_ROLES) {
      expect(credentials.has(role.credential), role.call).toBe(true);
      expect(role.source, role.call).toMatch(/^https:\/\/\S+$/);
    }
    // The release token needs project:releases and nothing more; the contract says the same.
    const release = CALL_CREDENTIAL_ROLES.filter((role) => role.credential === "SENTRY_RELEASE_TOKEN");
    expect(release.map((role) => role.call.split(" ")[0])).toEqual(["POST", "POST"]);
    for (const role of release) expect(role.requires).toMatch(/^project:releases /);
    expect(RELEASE_CREDENTIAL_SECRETS[0].scope).toMatch(/^project:releases only/);
  });

  it("gives the data source the Admin role: Editor cannot create one", () => {
    const dataSource = CREDENTIAL_ROLES.find((role) => role.type === "grafana_data_source");
    expect(dataSource?.requires).toMatch(/^Admin/);
    expect(APPLY_CREDENTIAL_SECRETS.find((c) => c.name === "GRAFANA_AUTH")?.scope).toMatch(
      /Admin role on the platform/,
    );
  });

  it("names the SLO data source's ruler and rules scopes", () => {
    expect(CREDENTIAL_ROLES.find((role) => role.type === "grafana_slo")?.requires).toMatch(
      /metrics:read, rules:read and rules:write with the Ruler API/,
    );
  });

  it("is the table docs/pipeline.md shows (regenerate: npx tsx test/stacks/credential-roles-doc.ts)", () => {
    const documented = documentedBlock();
    expect(documented, "docs/pipeline.md lacks the credential-roles markers").toBeDefined();
    expect(tableRows(documented as string)).toEqual(tableRows(expectedBlock()));
    expect(tableRows(renderCredentialRoles())).toHaveLength(CREDENTIAL_ROLES.length + 1);
  });
});
