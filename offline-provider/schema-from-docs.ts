// Parses the "## Schema" section of a tfplugindocs page (the markdown the
// terraform-plugin-docs generator writes from a provider's real schema) back into
// schema JSON. Understands the generator's conventions:
//   ### Required / ### Optional / ### Read-Only   (and "Required:" etc. in nested sections)
//   - `name` (Type, Flag...) Description. (see [below for nested schema](#nestedatt--name))
//   <a id="nestedatt--name"></a> ### Nested Schema for `name`
// Limits of the source: docs list Optional+Computed attributes under "Optional"
// only, and show neither defaults nor schema versions.
import type { CtyType } from "./cty";
import type { AttributeJson, BlockJson, BlockTypeJson, NestingMode } from "./schema";

type Group = "required" | "optional" | "computed";

interface DocEntry {
  name: string;
  group: Group;
  annotation: string;
  description: string;
  anchor?: string;
}

interface Section {
  entries: DocEntry[];
}

const ENTRY = /^- `([^`]+)` \(([^)]*)\)\s?(.*)$/;
const SEE_BELOW = /\s*\(see \[below for nested schema\]\(#([^)]+)\)\)/;

function groupOf(line: string): Group | null {
  const m = /^(?:### )?(Required|Optional|Read-Only):?\s*$/.exec(line.trim());
  if (!m) return null;
  return m[1] === "Required" ? "required" : m[1] === "Optional" ? "optional" : "computed";
}

function parseSection(lines: string[]): Section {
  const entries: DocEntry[] = [];
  let group: Group | null = null;
  let last: DocEntry | null = null;
  for (const line of lines) {
    const g = groupOf(line);
    if (g) {
      group = g;
      last = null;
      continue;
    }
    const m = ENTRY.exec(line);
    if (m && group) {
      const see = SEE_BELOW.exec(m[3]);
      last = { name: m[1], group, annotation: m[2], description: m[3].replace(SEE_BELOW, "").trim(), anchor: see?.[1] };
      entries.push(last);
    } else if (last && line.trim() !== "" && !line.startsWith("<a id=")) {
      // Descriptions may continue on following lines ("Available values: ...", or
      // markdown lists), and the nested-schema link then sits at their end.
      const see = SEE_BELOW.exec(line);
      if (see) last.anchor = see[1];
      last.description += `\n${line.replace(SEE_BELOW, "").trim()}`;
    } else if (line.trim() === "") {
      last = null;
    }
  }
  return { entries };
}

/** Splits the schema part of a page into the top-level section and anchored nested sections. */
export function splitSections(markdown: string): { top: Section; nested: Map<string, Section> } {
  const start = markdown.indexOf("\n## Schema");
  if (start < 0) throw new Error("no '## Schema' section");
  const rest = markdown
    .slice(start + 1)
    .split("\n")
    .slice(1);
  const end = rest.findIndex((l) => /^## /.test(l));
  const lines = end >= 0 ? rest.slice(0, end) : rest;

  const nested = new Map<string, Section>();
  let current: string[] = [];
  let currentAnchor: string | null = null;
  const flush = (): Section => parseSection(current);
  let top: Section | null = null;
  for (const line of lines) {
    const anchor = /^<a id="([^"]+)"><\/a>/.exec(line);
    if (anchor) {
      if (currentAnchor === null) top = flush();
      else nested.set(currentAnchor, flush());
      currentAnchor = anchor[1];
      current = [];
      continue;
    }
    if (/^### Nested Schema for /.test(line)) continue;
    current.push(line);
  }
  if (currentAnchor === null) top = flush();
  else nested.set(currentAnchor, flush());
  return { top: top ?? { entries: [] }, nested };
}

interface Annotation {
  base: string;
  sensitive: boolean;
  deprecated: boolean;
  writeOnly: boolean;
  min?: number;
  max?: number;
}

function parseAnnotation(a: string): Annotation {
  const [base, ...flags] = a.split(",").map((s) => s.trim());
  const num = (prefix: string) => {
    const f = flags.find((x) => x.startsWith(prefix));
    return f ? Number(f.slice(prefix.length).trim()) : undefined;
  };
  return {
    base,
    sensitive: flags.includes("Sensitive"),
    deprecated: flags.includes("Deprecated"),
    writeOnly: flags.some((f) => /^write-only$/i.test(f)),
    min: num("Min:"),
    max: num("Max:"),
  };
}

class DocsSchemaBuilder {
  constructor(private readonly nested: Map<string, Section>) {}

  private section(anchor: string | undefined, owner: string): Section {
    const s = anchor ? this.nested.get(anchor) : undefined;
    if (!s) throw new Error(`nested schema for "${owner}" not found (anchor ${anchor ?? "missing"})`);
    return s;
  }

  /** A plain type such as "List of Map of String"; Object types read their nested section. */
  private valueType(text: string, entry: DocEntry): CtyType {
    const collection = /^(List|Set|Map) of (.+)$/.exec(text);
    if (collection) {
      const kind = collection[1].toLowerCase() as "list" | "set" | "map";
      return [kind, this.valueType(collection[2], entry)] as CtyType;
    }
    switch (text) {
      case "String":
        return "string";
      case "Number":
      case "Float":
      case "Int":
        return "number";
      case "Boolean":
        return "bool";
      case "Dynamic":
        return "dynamic";
      case "Object": {
        const attrs: Record<string, CtyType> = {};
        for (const e of this.section(entry.anchor, entry.name).entries)
          attrs[e.name] = this.valueType(parseAnnotation(e.annotation).base, e);
        return ["object", attrs];
      }
      default:
        throw new Error(`unsupported type annotation "${text}" on ${entry.name}`);
    }
  }

  private flags(entry: DocEntry, ann: Annotation): AttributeJson {
    const a: AttributeJson = { description: entry.description, description_kind: "markdown" };
    if (entry.group === "required") a.required = true;
    else if (entry.group === "optional") a.optional = true;
    else a.computed = true;
    if (ann.sensitive) a.sensitive = true;
    if (ann.deprecated) a.deprecated = true;
    if (ann.writeOnly) a.write_only = true;
    return a;
  }

  private attributes(entries: DocEntry[]): Record<string, AttributeJson> {
    const out: Record<string, AttributeJson> = {};
    for (const e of entries) {
      const ann = parseAnnotation(e.annotation);
      if (ann.base.startsWith("Block")) throw new Error(`block "${e.name}" inside nested attributes is not valid`);
      out[e.name] = this.attribute(e, ann);
    }
    return out;
  }

  private attribute(e: DocEntry, ann: Annotation): AttributeJson {
    const a = this.flags(e, ann);
    const nestedAttrs = /^Attributes(?: (List|Set|Map))?$/.exec(ann.base);
    if (nestedAttrs) {
      const mode = (nestedAttrs[1]?.toLowerCase() ?? "single") as NestingMode;
      a.nested_type = { attributes: this.attributes(this.section(e.anchor, e.name).entries), nesting_mode: mode };
    } else {
      a.type = this.valueType(ann.base, e);
    }
    // Keep key order close to `terraform providers schema -json`.
    const { type, nested_type, ...rest } = a;
    return type !== undefined ? { type, ...rest } : { nested_type, ...rest };
  }

  block(entries: DocEntry[]): BlockJson {
    const attributes: Record<string, AttributeJson> = {};
    const blockTypes: Record<string, BlockTypeJson> = {};
    for (const e of entries) {
      const ann = parseAnnotation(e.annotation);
      const blockMatch = /^Block(?: (List|Set|Map))?$/.exec(ann.base);
      if (blockMatch) {
        const bt: BlockTypeJson = {
          nesting_mode: (blockMatch[1]?.toLowerCase() ?? "single") as NestingMode,
          block: this.block(this.section(e.anchor, e.name).entries),
        };
        if (ann.min !== undefined) bt.min_items = ann.min;
        if (ann.max !== undefined) bt.max_items = ann.max;
        blockTypes[e.name] = bt;
      } else {
        attributes[e.name] = this.attribute(e, ann);
      }
    }
    const block: BlockJson = { attributes };
    if (Object.keys(blockTypes).length > 0) block.block_types = blockTypes;
    block.description_kind = "markdown";
    return block;
  }
}

/** The top-level block of a resource/data source/provider page. */
export function blockFromDocs(markdown: string): BlockJson {
  const { top, nested } = splitSections(markdown);
  return new DocsSchemaBuilder(nested).block(top.entries);
}
