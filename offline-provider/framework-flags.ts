// Reads what tfplugindocs pages leave out from a terraform-plugin-framework
// schema.go: which Optional attributes are also Computed, and the schema version.
import { type GoNode, GoParser, deref, field, isTrue, numberValue, stringValue, tokenize } from "./go-literal";
import type { AttributeJson, SchemaJson } from "./schema";

export interface FrameworkFlags {
  version: number;
  /** attribute path ("rules.action_parameters.cache") -> flags */
  attributes: Map<string, { required: boolean; optional: boolean; computed: boolean }>;
}

function collect(attrs: GoNode | undefined, prefix: string, out: FrameworkFlags["attributes"]): void {
  if (attrs?.kind !== "composite") return;
  for (const e of attrs.elems) {
    const name = stringValue(e.key);
    const a = deref(e.value);
    if (!name || a?.kind !== "composite") continue;
    const path = prefix ? `${prefix}.${name}` : name;
    out.set(path, {
      required: isTrue(field(a, "Required")),
      optional: isTrue(field(a, "Optional")),
      computed: isTrue(field(a, "Computed")),
    });
    collect(field(a, "Attributes"), path, out);
    collect(field(deref(field(a, "NestedObject")), "Attributes"), path, out);
  }
}

/** Parses `func <funcName>(ctx context.Context) schema.Schema { return schema.Schema{...} }`. */
export function frameworkFlags(src: string, funcName = "ResourceSchema"): FrameworkFlags {
  const p = new GoParser(tokenize(src));
  const start = p.find(["func", funcName, "("]);
  if (start < 0) throw new Error(`func ${funcName} not found`);
  const ret = p.find(["return", "schema", ".", "Schema", "{"], start);
  if (ret < 0) throw new Error(`${funcName}: no "return schema.Schema{" literal`);
  p.pos = ret + 1;
  const schema = p.parseExpr();
  const attributes: FrameworkFlags["attributes"] = new Map();
  collect(field(schema, "Attributes"), "", attributes);
  return { version: numberValue(field(schema, "Version")) ?? 0, attributes };
}

/**
 * Marks docs-"Optional" attributes that the Go schema declares Computed too, and
 * sets the version. Returns the attribute paths on which docs and Go disagree
 * about existence or required-ness, for the caller to report.
 */
export function applyFrameworkFlags(schema: SchemaJson, flags: FrameworkFlags): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  const walk = (attrs: Record<string, AttributeJson> | undefined, prefix: string): void => {
    for (const [name, a] of Object.entries(attrs ?? {})) {
      const path = prefix ? `${prefix}.${name}` : name;
      seen.add(path);
      const f = flags.attributes.get(path);
      if (!f) problems.push(`${path}: in docs, not in schema.go`);
      else {
        if (Boolean(a.required) !== f.required)
          problems.push(`${path}: required differs (docs ${Boolean(a.required)}, go ${f.required})`);
        if (a.optional && f.computed) a.computed = true;
      }
      walk(a.nested_type?.attributes, path);
    }
  };
  walk(schema.block.attributes, "");
  for (const path of flags.attributes.keys()) if (!seen.has(path)) problems.push(`${path}: in schema.go, not in docs`);
  schema.version = flags.version;
  return problems;
}
