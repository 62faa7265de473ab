// Reads what the prebuilt @cdktf/provider-* bindings know about a resource (they
// were generated from the real provider schemas): the HCL attributes each
// struct synthesises, and the "// name - computed: x, optional: y, required: z"
// notes the generator leaves in the TypeScript source (kept in the source map).
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface HclAttr {
  isBlock: boolean;
  type: string;
  storageClassType: string;
}

export interface Flags {
  computed: boolean;
  optional: boolean;
  required: boolean;
}

export class Bindings {
  private readonly js: string;
  private readonly classFlags = new Map<string, Map<string, Flags>>();
  readonly className: string;

  constructor(pkgDir: string, resourceType: string, prefix: string, dataSource = false) {
    const base = dataSource ? `data-${resourceType}` : resourceType.replace(new RegExp(`^${prefix}_`), "");
    const dir = base.replace(/_/g, "-");
    this.js = readFileSync(join(pkgDir, "lib", dir, "index.js"), "utf8");
    const cls = new RegExp(`(\\w+)\\.tfResourceType = "${resourceType}"`).exec(this.js);
    if (!cls) throw new Error(`${resourceType}: binding class not found`);
    this.className = cls[1];
    this.readFlags();
  }

  private readFlags(): void {
    const map = /sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)/.exec(this.js);
    if (!map) throw new Error("bindings have no inline source map");
    const sourceMap = JSON.parse(Buffer.from(map[1], "base64").toString("utf8")) as { sourcesContent?: string[] };
    let current = "";
    for (const line of (sourceMap.sourcesContent?.[0] ?? "").split("\n")) {
      const cls = /^export class (\w+)/.exec(line);
      if (cls) current = cls[1];
      const f = /^\s*\/\/ (\S+) - computed: (true|false), optional: (true|false), required: (true|false)/.exec(line);
      if (f) {
        const flags = this.classFlags.get(current) ?? new Map<string, Flags>();
        flags.set(f[1], { computed: f[2] === "true", optional: f[3] === "true", required: f[4] === "true" });
        this.classFlags.set(current, flags);
      }
    }
  }

  /** Flags noted in a class (the resource class or `<Struct>OutputReference`). */
  flags(className: string): Map<string, Flags> {
    return this.classFlags.get(className) ?? new Map();
  }

  /** HCL attributes of the resource (struct undefined) or of a nested struct. */
  hclAttributes(struct?: string): Map<string, HclAttr> {
    let body: string;
    if (struct === undefined) {
      const start = this.js.lastIndexOf("synthesizeHclAttributes() {");
      body = this.js.slice(start, this.js.indexOf("return Object.fromEntries", start));
    } else {
      const fn = `function ${struct[0].toLowerCase()}${struct.slice(1)}ToHclTerraform(struct) {`;
      const start = this.js.indexOf(fn);
      if (start < 0) throw new Error(`binding function for struct ${struct} not found`);
      const ends = ["\nfunction ", "\nclass "].map((m) => this.js.indexOf(m, start + fn.length)).filter((i) => i > 0);
      body = this.js.slice(start, Math.min(...ends));
    }
    const out = new Map<string, HclAttr>();
    const entry =
      /^\s+"?([\w-]+)"?: \{\s*\n\s*value: .*\n\s*isBlock: (true|false),\s*\n\s*type: "(\w+)",\s*\n\s*storageClassType: "(\w+)",/gm;
    for (const m of body.matchAll(entry))
      out.set(m[1], { isBlock: m[2] === "true", type: m[3], storageClassType: m[4] });
    return out;
  }
}

/** Struct name behind a block attribute's storageClassType ("RulesetRulesList" -> "RulesetRules"). */
export function structName(attr: HclAttr): string {
  if (attr.type === "list" || attr.type === "set") return attr.storageClassType.replace(/List$/, "");
  if (attr.type === "map") return attr.storageClassType.replace(/Map$/, "");
  return attr.storageClassType;
}
