// The docs/Go-built snapshots must agree with the prebuilt bindings, which were
// generated from the providers' real schemas: same attributes at every level,
// compatible types, same required/optional/computed flags.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CtyType } from "../../offline-provider/cty";
import { REPO_ROOT } from "../../offline-provider/paths";
import { type AttributeJson, type BlockJson, type BlockTypeJson, readSnapshot } from "../../offline-provider/schema";
import { CLOUDFLARE, GITHUB } from "../../offline-provider/build-snapshots";
import { Bindings, type HclAttr, structName } from "./bindings";

const STORAGE: Record<string, (t: CtyType) => boolean> = {
  string: (t) => t === "string",
  number: (t) => t === "number",
  boolean: (t) => t === "bool",
  stringList: (t) => Array.isArray(t) && (t[0] === "list" || t[0] === "set") && t[1] === "string",
  numberList: (t) => Array.isArray(t) && (t[0] === "list" || t[0] === "set") && t[1] === "number",
  booleanList: (t) => Array.isArray(t) && (t[0] === "list" || t[0] === "set") && t[1] === "bool",
  stringMap: (t) => Array.isArray(t) && t[0] === "map" && t[1] === "string",
  numberMap: (t) => Array.isArray(t) && t[0] === "map" && t[1] === "number",
  booleanMap: (t) => Array.isArray(t) && t[0] === "map" && t[1] === "bool",
  stringListMap: (t) =>
    Array.isArray(t) && t[0] === "map" && Array.isArray(t[1]) && t[1][0] === "list" && t[1][1] === "string",
  // cdktf renders dynamic attributes as { [key: string]: any }
  anyMap: (t) => t === "dynamic" || (Array.isArray(t) && t[0] === "map"),
};

function compatible(h: HclAttr, a: AttributeJson): boolean {
  const check = STORAGE[h.storageClassType];
  if (!check) throw new Error(`unknown storageClassType ${h.storageClassType}`);
  if (!check(a.type as CtyType)) return false;
  // list vs set matters to Terraform
  return !Array.isArray(a.type) || h.type === "simple" || h.type === "map" || a.type[0] === h.type;
}

function nestingOf(h: HclAttr): string {
  return h.type === "struct" ? "single" : h.type;
}

/**
 * Returns human-readable mismatches between bindings and snapshot for one level.
 * Below list/set/map nesting and below computed parents the generator notes every
 * attribute as computed, so flags are compared only on paths of single nesting
 * through non-computed parents.
 */
function compare(
  b: Bindings,
  struct: string | undefined,
  attrs: Record<string, AttributeJson>,
  blocks: Record<string, BlockTypeJson>,
  path: string,
  trustFlags = true,
): string[] {
  const problems: string[] = [];
  const hcl = b.hclAttributes(struct);
  const flags = b.flags(struct === undefined ? b.className : `${struct}OutputReference`);
  for (const [name, h] of hcl) {
    const here = `${path}${name}`;
    const attr = attrs[name];
    const block = blocks[name];
    if (h.isBlock) {
      const inner = structName(h);
      if (block) {
        if (block.nesting_mode !== nestingOf(h) && !(block.nesting_mode === "list" && h.type === "list"))
          problems.push(`${here}: block nesting ${block.nesting_mode} vs binding ${h.type}`);
        problems.push(
          ...compare(
            b,
            inner,
            block.block.attributes ?? {},
            block.block.block_types ?? {},
            `${here}.`,
            trustFlags && h.type === "struct",
          ),
        );
      } else if (attr?.nested_type) {
        if (attr.nested_type.nesting_mode !== nestingOf(h))
          problems.push(`${here}: nested nesting ${attr.nested_type.nesting_mode} vs binding ${h.type}`);
        problems.push(
          ...compare(
            b,
            inner,
            attr.nested_type.attributes,
            {},
            `${here}.`,
            trustFlags && h.type === "struct" && !attr.computed,
          ),
        );
      } else
        problems.push(
          `${here}: binding has a nested ${h.type}, snapshot ${attr ? "has a plain attribute" : "has nothing"}`,
        );
    } else if (!attr) problems.push(`${here}: in bindings, missing from snapshot`);
    else if (!compatible(h, attr))
      problems.push(`${here}: binding ${h.type}/${h.storageClassType} vs snapshot ${JSON.stringify(attr.type)}`);
  }
  for (const [name, f] of flags) {
    const attr = attrs[name];
    if (!attr) {
      if (!blocks[name]) problems.push(`${path}${name}: noted in bindings, missing from snapshot`);
      continue;
    }
    const mine = {
      computed: Boolean(attr.computed),
      optional: Boolean(attr.optional),
      required: Boolean(attr.required),
    };
    if (trustFlags && JSON.stringify(mine) !== JSON.stringify(f))
      problems.push(`${path}${name}: flags ${JSON.stringify(mine)} vs binding ${JSON.stringify(f)}`);
  }
  for (const [name, a] of Object.entries(attrs)) {
    if ((a.required || a.optional) && !hcl.has(name))
      problems.push(`${path}${name}: settable in snapshot, unknown to bindings`);
  }
  for (const name of Object.keys(blocks))
    if (!hcl.has(name)) problems.push(`${path}${name}: block in snapshot, unknown to bindings`);
  return problems;
}

const cases = [
  {
    file: "providers/offline/cloudflare.json",
    pkg: "@cdktf/provider-cloudflare",
    prefix: "cloudflare",
    spec: CLOUDFLARE,
  },
  { file: "providers/offline/github.json", pkg: "@cdktf/provider-github", prefix: "github", spec: GITHUB },
];

describe.each(cases)("$file", ({ file, pkg, prefix, spec }) => {
  const snap = readSnapshot(join(REPO_ROOT, file));
  const pkgDir = join(REPO_ROOT, "node_modules", pkg);

  it("records provenance for the pinned release", () => {
    expect(snap.source).toBe(spec.source);
    expect(snap.version).toBe(spec.version);
  });

  it.each(spec.resources)("%s matches the prebuilt bindings", (type) => {
    const schema = snap.schema.resource_schemas?.[type];
    expect(schema, `${type} in snapshot`).toBeDefined();
    const block: BlockJson = schema?.block ?? {};
    expect(
      compare(new Bindings(pkgDir, type, prefix), undefined, block.attributes ?? {}, block.block_types ?? {}, ""),
    ).toEqual([]);
  });

  it.each(spec.dataSources)("data source %s matches the prebuilt bindings", (type) => {
    const block: BlockJson = snap.schema.data_source_schemas?.[type]?.block ?? {};
    expect(Object.keys(block.attributes ?? {}).length).toBeGreaterThan(0);
    expect(
      compare(new Bindings(pkgDir, type, prefix, true), undefined, block.attributes ?? {}, block.block_types ?? {}, ""),
    ).toEqual([]);
  });
});

/** `@cdktf/provider-<p>/lib/<dir>` imports in the project's own sources. */
function importedBindings(): { prefix: string; dir: string }[] {
  const found: { prefix: string; dir: string }[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts")) {
        for (const m of readFileSync(path, "utf8").matchAll(
          /@cdktf\/provider-(cloudflare|github)\/lib\/([a-z0-9-]+)/g,
        )) {
          found.push({ prefix: m[1], dir: m[2] });
        }
      }
    }
  };
  for (const d of ["stacks", "constructs"]) if (existsSync(join(REPO_ROOT, d))) walk(join(REPO_ROOT, d));
  return found;
}

describe("snapshot coverage", () => {
  it("has a schema for every cloudflare/github resource and data source the stacks import", () => {
    const missing: string[] = [];
    for (const { prefix, dir } of importedBindings()) {
      if (dir === "provider") continue;
      const snap = readSnapshot(join(REPO_ROOT, `providers/offline/${prefix}.json`)).schema;
      const data = dir.startsWith(`data-${prefix}-`);
      const type = (data ? dir.slice("data-".length) : `${prefix}-${dir}`).replace(/-/g, "_");
      const table = data ? snap.data_source_schemas : snap.resource_schemas;
      if (!table?.[type]) missing.push(`${data ? "data source" : "resource"} ${type} (add it to build-snapshots.ts)`);
    }
    expect(missing).toEqual([]);
  });
});
