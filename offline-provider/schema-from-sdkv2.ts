// Schema JSON from terraform-plugin-sdk/v2 Go source: reads a resource's
// `&schema.Resource{Schema: map[string]*schema.Schema{...}}` literal and applies
// the SDK's own CoreConfigSchema rules (helper/schema/core_schema.go) so the
// result matches what `terraform providers schema -json` prints for it.
import type { CtyType } from "./cty";
import { type GoNode, GoParser, deref, field, isTrue, numberValue, stringValue, tokenize } from "./go-literal";
import type { AttributeJson, BlockJson, BlockTypeJson, SchemaJson } from "./schema";

const PRIMITIVES: Record<string, CtyType> = {
  "schema.TypeString": "string",
  "schema.TypeInt": "number",
  "schema.TypeFloat": "number",
  "schema.TypeBool": "bool",
};

function typeName(s: GoNode): string {
  const t = field(s, "Type");
  if (t?.kind !== "ident") throw new Error("schema without a Type");
  return t.name;
}

/** The cty type of a schema used as an attribute. */
function impliedType(s: GoNode): CtyType {
  const t = typeName(s);
  if (PRIMITIVES[t]) return PRIMITIVES[t];
  const elem = deref(field(s, "Elem"));
  let elemType: CtyType = "string";
  if (elem?.kind === "composite" && elem.type === "schema.Resource") elemType = resourceObjectType(elem);
  else if (elem?.kind === "composite") elemType = impliedType(elem);
  else if (elem?.kind === "ident" && PRIMITIVES[elem.name]) elemType = PRIMITIVES[elem.name];
  if (t === "schema.TypeList") return ["list", elemType];
  if (t === "schema.TypeSet") return ["set", elemType];
  // TypeMap with a *Resource Elem is treated as a map of strings by the SDK.
  if (t === "schema.TypeMap")
    return ["map", elemType instanceof Array && elemType[0] === "object" ? "string" : elemType];
  throw new Error(`unsupported schema Type ${t}`);
}

function resourceObjectType(resource: GoNode): CtyType {
  const block = resourceBlock(resource, false);
  const attrs: Record<string, CtyType> = {};
  for (const [k, a] of Object.entries(block.attributes ?? {})) attrs[k] = a.type as CtyType;
  for (const [k, b] of Object.entries(block.block_types ?? {})) {
    const inner = resourceObjectTypeFromBlock(b.block);
    attrs[k] = b.nesting_mode === "set" ? ["set", inner] : b.nesting_mode === "list" ? ["list", inner] : inner;
  }
  return ["object", attrs];
}

function resourceObjectTypeFromBlock(block: BlockJson): CtyType {
  const attrs: Record<string, CtyType> = {};
  for (const [k, a] of Object.entries(block.attributes ?? {})) attrs[k] = a.type as CtyType;
  for (const [k, b] of Object.entries(block.block_types ?? {})) {
    const inner = resourceObjectTypeFromBlock(b.block);
    attrs[k] = b.nesting_mode === "set" ? ["set", inner] : ["list", inner];
  }
  return ["object", attrs];
}

function attribute(s: GoNode): AttributeJson {
  const a: AttributeJson = { type: impliedType(s) };
  const description = stringValue(field(s, "Description"));
  if (description) Object.assign(a, { description, description_kind: "plain" });
  // The SDK reports Required+DefaultFunc as optional only when the default function
  // returns a value (an environment variable is set); a clean environment keeps it required.
  if (isTrue(field(s, "Required"))) a.required = true;
  if (isTrue(field(s, "Optional"))) a.optional = true;
  if (isTrue(field(s, "Computed"))) a.computed = true;
  if (isTrue(field(s, "Sensitive"))) a.sensitive = true;
  if (stringValue(field(s, "Deprecated"))) a.deprecated = true;
  if (isTrue(field(s, "WriteOnly"))) a.write_only = true;
  return a;
}

function nestedBlock(s: GoNode, elem: GoNode): BlockTypeJson {
  const t = typeName(s);
  const bt: BlockTypeJson = {
    nesting_mode: t === "schema.TypeSet" ? "set" : "list",
    block: resourceBlock(elem, false),
  };
  let min = numberValue(field(s, "MinItems")) ?? 0;
  let max = numberValue(field(s, "MaxItems")) ?? 0;
  const optional = isTrue(field(s, "Optional"));
  if (isTrue(field(s, "Required")) && min === 0) min = 1;
  if (optional && min > 0) min = 0;
  if (isTrue(field(s, "Computed")) && !optional) min = max = 0;
  if (min) bt.min_items = min;
  if (max) bt.max_items = max;
  return bt;
}

/** String constants of the provider package (keys like PROTECTION_PATTERN). */
export type GoConstants = Record<string, string>;

export function stringConstants(sources: string[]): GoConstants {
  const out: GoConstants = {};
  for (const src of sources) {
    for (const m of src.matchAll(/^\s*([A-Za-z_]\w*)\s*(?:string\s*)?=\s*"((?:[^"\\]|\\.)*)"/gm)) out[m[1]] ??= m[2];
  }
  return out;
}

let constants: GoConstants = {};

function schemaMap(node: GoNode | undefined): [string, GoNode][] {
  if (node?.kind !== "composite") throw new Error("expected map[string]*schema.Schema literal");
  return node.elems.map((e) => {
    const name = stringValue(e.key) ?? (e.key?.kind === "ident" ? constants[e.key.name] : undefined);
    if (!name) throw new Error("schema map key is not a string literal");
    return [name, deref(e.value) ?? e.value];
  });
}

/** configschema.Block for a schema.Resource literal; resources (not nested blocks) gain `id`. */
export function resourceBlock(resource: GoNode, topLevel: boolean): BlockJson {
  const attributes: Record<string, AttributeJson> = {};
  const blockTypes: Record<string, BlockTypeJson> = {};
  for (const [name, s] of schemaMap(field(resource, "Schema"))) {
    const elem = deref(field(s, "Elem"));
    const isResourceElem = elem?.kind === "composite" && elem.type === "schema.Resource";
    const mode = field(s, "ConfigMode");
    const attrMode = mode?.kind === "ident" && mode.name === "schema.SchemaConfigModeAttr";
    const computedOnly = isTrue(field(s, "Computed")) && !isTrue(field(s, "Optional"));
    if (isResourceElem && elem && typeName(s) !== "schema.TypeMap" && !attrMode && !computedOnly) {
      blockTypes[name] = nestedBlock(s, elem);
    } else {
      attributes[name] = attribute(s);
    }
  }
  if (topLevel && !attributes.id) attributes.id = { type: "string", optional: true, computed: true };
  if (topLevel && field(resource, "Timeouts")) {
    const timeouts = deref(field(resource, "Timeouts"));
    const names = ["create", "read", "update", "delete", "default"].filter((n) =>
      field(timeouts, n[0].toUpperCase() + n.slice(1)),
    );
    blockTypes.timeouts = {
      nesting_mode: "single",
      block: { attributes: Object.fromEntries(names.map((n) => [n, { type: "string", optional: true }])) },
    };
  }
  const block: BlockJson = { attributes: sortKeys(attributes) };
  if (Object.keys(blockTypes).length > 0) block.block_types = sortKeys(blockTypes);
  const description = stringValue(field(resource, "Description"));
  if (description) block.description = description;
  block.description_kind = "plain";
  return block;
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

/** Finds `func <name>() *schema.Resource { ... return &schema.Resource{...} }` in Go source. */
export function resourceFromSource(src: string, funcName: string, consts: GoConstants = {}): SchemaJson {
  constants = consts;
  const p = new GoParser(tokenize(src));
  const start = p.find(["func", funcName, "(", ")"]);
  if (start < 0) throw new Error(`func ${funcName}() not found`);
  const ret = p.find(["return", "&", "schema", ".", "Resource", "{"], start);
  if (ret < 0) throw new Error(`${funcName}: no "return &schema.Resource{" literal`);
  p.pos = ret + 1;
  const resource = deref(p.parseExpr());
  if (!resource) throw new Error(`${funcName}: empty resource`);
  return { version: numberValue(field(resource, "SchemaVersion")) ?? 0, block: resourceBlock(resource, true) };
}

/** The provider block: `&schema.Provider{Schema: ...}` in provider.go. */
export function providerFromSource(src: string, consts: GoConstants = {}): SchemaJson {
  constants = consts;
  const p = new GoParser(tokenize(src));
  const at = p.find(["&", "schema", ".", "Provider", "{"]);
  if (at < 0) throw new Error("no &schema.Provider{ literal");
  p.pos = at;
  const provider = deref(p.parseExpr());
  if (!provider) throw new Error("empty provider literal");
  return { version: 0, block: resourceBlock(provider, false) };
}

/** ResourcesMap/DataSourcesMap entries: type name -> constructor function name. */
export function resourceFunctions(
  providerSrc: string,
  mapName: "ResourcesMap" | "DataSourcesMap" = "ResourcesMap",
): Record<string, string> {
  const p = new GoParser(tokenize(providerSrc));
  const at = p.find([mapName, ":"]);
  if (at < 0) throw new Error(`no ${mapName}`);
  p.pos = at + 2;
  const map = p.parseExpr();
  const out: Record<string, string> = {};
  if (map.kind !== "composite") return out;
  for (const e of map.elems) {
    const name = stringValue(e.key);
    if (name && e.value.kind === "call" && e.value.fn.kind === "ident") out[name] = e.value.fn.name;
  }
  return out;
}
