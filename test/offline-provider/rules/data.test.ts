// The committed rule data (providers/offline/rules/*.json): one file per provider, at the
// commit of that provider's snapshot, covering every resource type the stacks use, every
// path an attribute of the snapshot's schema, every fact cited by file and line.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../../offline-provider/paths";
import { readRules, rulesFile } from "../../../offline-provider/rules/load";
import { attributePaths } from "../../../offline-provider/rules/positions";
import { regexFromGo } from "../../../offline-provider/rules/regex";
import { RULE_TARGETS } from "../../../offline-provider/rules/targets";
import type { Citation } from "../../../offline-provider/rules/types";
import { readSnapshot } from "../../../offline-provider/schema";

/** Attribute and nested-block paths of a block ("branch", "branch.role_name"). */
function schemaPaths(block: Parameters<typeof attributePaths>[0], prefix = ""): string[] {
  const out = attributePaths(block, prefix).map(([p]) => p);
  for (const [name, bt] of Object.entries(block.block_types ?? {})) {
    out.push(prefix + name, ...schemaPaths(bt.block, `${prefix}${name}.`));
  }
  return out;
}

const cited = (c: Citation) =>
  typeof c.file === "string" && c.file.length > 0 && Number.isInteger(c.line) && c.line > 0;

describe.each(Object.entries(RULE_TARGETS))("rules of %s", (provider, target) => {
  const file = rulesFile(provider);

  it("are committed, at the snapshot's provenance commit and version", () => {
    expect(existsSync(file)).toBe(true);
    const rules = readRules(file);
    const snapshot = JSON.parse(readFileSync(join(REPO_ROOT, target.snapshot), "utf8")) as {
      provenance: { commit: string; version: string; repository: string };
    };
    expect(rules.provenance).toMatchObject({
      commit: snapshot.provenance.commit,
      version: snapshot.provenance.version,
      repository: snapshot.provenance.repository,
    });
    expect(Object.keys(rules.resources).sort()).toEqual(Object.keys(target.resources).sort());
  });

  it("name only attributes of the snapshot's schemas and cite every fact", () => {
    const rules = readRules(file);
    const schemas = readSnapshot(join(REPO_ROOT, target.snapshot)).schema.resource_schemas ?? {};
    for (const [type, r] of Object.entries(rules.resources)) {
      expect(r.file, type).toBe(target.resources[type]);
      const paths = new Set(schemaPaths(schemas[type].block));
      for (const [path, a] of Object.entries(r.attributes)) {
        expect(paths.has(path), `${type}.${path}`).toBe(true);
        const facts: Citation[] = [
          ...(a.requires_replace ? [a.requires_replace] : []),
          ...(a.default ? [a.default] : []),
          ...(a.use_state_for_unknown ? [a.use_state_for_unknown] : []),
          ...(a.diff_suppress ? [a.diff_suppress] : []),
          ...(a.validators ?? []),
          ...(a.unmodelled ?? []),
        ];
        expect(facts.length, `${type}.${path}`).toBeGreaterThan(0);
        for (const f of facts) expect(cited(f), `${type}.${path} ${JSON.stringify(f)}`).toBe(true);
        for (const v of a.validators ?? []) {
          if (v.kind === "regex") expect(regexFromGo(v.pattern), v.pattern).toBeInstanceOf(RegExp);
        }
      }
    }
  });
});
