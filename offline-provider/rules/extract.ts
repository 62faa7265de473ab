// Reads a provider's resource schemas from Go syntax trees and records the rules the
// provider applies at plan time, each with its file and line: plugin-framework plan
// modifiers (RequiresReplace, RequiresReplaceIfConfigured, UseStateForUnknown), static
// defaults and validators; SDKv2 ForceNew, Default and validation.* functions. Values
// built by other packages or custom code are listed as unmodelled, never guessed.
import { type GoNode, goConstant, parseGo } from "./go-parser";
import { regexFromGo } from "./regex";
import type { AttributeRules, Citation, ResourceRules, ValidatorRule } from "./types";

export interface GoFile {
  /** Path inside the provider repository, as cited. */
  path: string;
  source: string;
}

interface Located {
  node: GoNode;
  file: string;
}

/** Package-level (and function-local) declarations by name, for resolving identifiers. */
class PackageIndex {
  private readonly values = new Map<string, Located>();
  private readonly functions = new Map<string, Located>();

  add(root: GoNode, file: string): void {
    // Package level only: a function's local variables are looked up from where they are used.
    for (const spec of root.descendantsOfType(["var_spec", "const_spec"]).filter((n) => !enclosingFunction(n))) {
      const names = spec.childrenForFieldName("name");
      const values = spec.childForFieldName("value")?.namedChildren ?? [];
      names.forEach((n, i) => {
        if (n && values[i] && !this.values.has(n.text)) this.values.set(n.text, { node: values[i], file });
      });
    }
    for (const fn of root.descendantsOfType(["function_declaration", "method_declaration"])) {
      const name = fn.childForFieldName("name")?.text;
      if (name && !this.functions.has(name)) this.functions.set(name, { node: fn, file });
    }
  }

  /** The value of a variable or constant seen from `from`: its function's locals first, then the package's. */
  value(name: string, from?: Located): Located | undefined {
    for (let fn = from ? enclosingFunction(from.node) : undefined; fn && from; fn = enclosingFunction(fn)) {
      for (const decl of fn.descendantsOfType(["short_var_declaration", "var_spec"])) {
        const left =
          decl.type === "var_spec"
            ? decl.childrenForFieldName("name")
            : (decl.childForFieldName("left")?.namedChildren ?? []);
        const right = decl.childForFieldName(decl.type === "var_spec" ? "value" : "right")?.namedChildren ?? [];
        const i = left.findIndex((n) => n?.text === name);
        if (i >= 0 && right[i]) return { node: right[i], file: from.file };
      }
    }
    return this.values.get(name);
  }

  /** The expression a zero-argument function of this package returns. */
  returned(name: string): Located | undefined {
    const fn = this.functions.get(name);
    const ret = fn?.node.descendantsOfType("return_statement")[0];
    const expr = ret?.namedChildren[0]?.namedChildren[0];
    return fn && expr ? { node: expr, file: fn.file } : undefined;
  }
}

function enclosingFunction(node: GoNode): GoNode | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === "function_declaration" || p.type === "method_declaration" || p.type === "func_literal") return p;
  }
  return undefined;
}

const cite = (l: Located, node: GoNode = l.node): Citation => ({ file: l.file, line: node.startPosition.row + 1 });

const unwrap = (node: GoNode): GoNode =>
  node.type === "literal_element" || node.type === "parenthesized_expression"
    ? unwrap(node.namedChildren[0] ?? node)
    : node;

class Extractor {
  readonly attributes: Record<string, AttributeRules> = {};

  constructor(private readonly index: PackageIndex) {}

  private rules(path: string): AttributeRules {
    return (this.attributes[path] ??= {});
  }

  private unmodelled(path: string, at: Located, node: GoNode): void {
    (this.rules(path).unmodelled ??= []).push({
      ...cite(at, node),
      source: node.text.replace(/\s+/g, " ").slice(0, 160),
    });
  }

  /** Follows &x, identifiers, package functions and wrapper calls to a composite literal. */
  resolve(at: Located, depth = 0): Located | undefined {
    const node = unwrap(at.node);
    if (depth > 8) return undefined;
    if (node.type === "composite_literal" || node.type === "literal_value") return { node, file: at.file };
    if (node.type === "unary_expression" && node.childForFieldName("operator")?.text === "&") {
      const operand = node.childForFieldName("operand");
      return operand ? this.resolve({ node: operand, file: at.file }, depth + 1) : undefined;
    }
    if (node.type === "identifier") {
      const v = this.index.value(node.text, { node, file: at.file });
      return v ? this.resolve(v, depth + 1) : undefined;
    }
    if (node.type === "call_expression") {
      const fn = node.childForFieldName("function");
      if (fn?.type === "identifier") {
        const r = this.index.returned(fn.text);
        if (r) return this.resolve(r, depth + 1);
      }
      // A wrapper such as tfutils.WithEnumStringAttribute(schema.StringAttribute{...}).
      for (const arg of node.childForFieldName("arguments")?.namedChildren ?? []) {
        const r = this.resolve({ node: arg, file: at.file }, depth + 1);
        if (r) return r;
      }
    }
    return undefined;
  }

  /** A constant value: literal, or an identifier declared as one in the package. */
  constant(at: Located, depth = 0): string | number | boolean | undefined {
    const node = unwrap(at.node);
    if (node.type === "identifier" && depth < 4) {
      const v = this.index.value(node.text, { node, file: at.file });
      return v ? this.constant(v, depth + 1) : undefined;
    }
    return goConstant(node);
  }

  private constants(nodes: GoNode[], file: string): (string | number)[] | undefined {
    const out: (string | number)[] = [];
    for (const n of nodes) {
      if (n.type === "variadic_argument") {
        const inner = n.namedChildren[0];
        const lit = inner ? this.resolve({ node: inner, file }) : undefined;
        const body = lit?.node.type === "composite_literal" ? lit.node.childForFieldName("body") : lit?.node;
        const list = body ? this.constants(body.namedChildren, file) : undefined;
        if (!list) return undefined;
        out.push(...list);
        continue;
      }
      const v = this.constant({ node: n, file });
      if (typeof v !== "string" && typeof v !== "number") return undefined;
      out.push(v);
    }
    return out;
  }

  /** Keyed fields of a struct literal: Type, ForceNew, Attributes… */
  fields(lit: Located): Map<string, Located> {
    const body = lit.node.type === "composite_literal" ? lit.node.childForFieldName("body") : lit.node;
    const out = new Map<string, Located>();
    for (const el of body?.namedChildren ?? []) {
      if (el.type !== "keyed_element") continue;
      const [k, v] = el.namedChildren;
      if (k && v) out.set(unwrap(k).text, { node: unwrap(v), file: lit.file });
    }
    return out;
  }

  /** Entries of a map literal keyed by strings: attribute name -> value expression. */
  entries(map: Located): [string, Located][] {
    const lit = this.resolve(map);
    if (!lit) return [];
    const out: [string, Located][] = [];
    for (const [k, v] of this.fields(lit)) {
      const key = goConstant(unwrap(this.keyNode(lit, k)));
      if (typeof key === "string") out.push([key, v]);
    }
    return out;
  }

  private keyNode(lit: Located, text: string): GoNode {
    const body = lit.node.type === "composite_literal" ? lit.node.childForFieldName("body") : lit.node;
    for (const el of body?.namedChildren ?? []) {
      const k = el.namedChildren[0];
      if (el.type === "keyed_element" && k && unwrap(k).text === text) return k;
    }
    return lit.node;
  }

  /** The pattern inside regexp.MustCompile("...") (also a package function or var returning one). */
  regexArg(node: GoNode | undefined, file: string, depth = 0): string | undefined {
    if (!node || depth > 4) return undefined;
    const n = unwrap(node);
    const [fn, args] = callParts(n);
    if (fn === "regexp.MustCompile" && args[0]) {
      const v = this.constant({ node: args[0], file });
      return typeof v === "string" ? v : undefined;
    }
    const target =
      n.type === "identifier"
        ? this.index.value(n.text, { node: n, file })
        : n.type === "call_expression" && /^\w+$/.test(fn) && args.length === 0
          ? this.index.returned(fn)
          : undefined;
    return target ? this.regexArg(target.node, target.file, depth + 1) : undefined;
  }

  // ---- SDKv2 ----

  sdkSchemaMap(map: Located, prefix: string): void {
    for (const [name, value] of this.entries(map)) {
      const lit = this.resolve(value);
      const path = prefix + name;
      if (!lit) {
        this.unmodelled(path, value, value.node);
        continue;
      }
      this.sdkAttribute(lit, path);
    }
  }

  private sdkAttribute(lit: Located, path: string): void {
    const f = this.fields(lit);
    const forceNew = f.get("ForceNew");
    if (forceNew?.node.text === "true") this.rules(path).requires_replace = { ...cite(forceNew), if_configured: false };
    const suppress = f.get("DiffSuppressFunc");
    if (suppress) this.rules(path).diff_suppress = cite(suppress);
    const def = f.get("Default");
    if (def) {
      const value = this.constant(def);
      if (value === undefined) this.unmodelled(path, def, def.node);
      else this.rules(path).default = { ...cite(def), value };
    }
    for (const key of ["ValidateFunc", "ValidateDiagFunc"]) {
      const v = f.get(key);
      if (v) this.sdkValidator(v, path, 0, key === "ValidateDiagFunc");
    }
    const elem = f.get("Elem");
    const elemLit = elem ? this.resolve(elem) : undefined;
    if (elemLit && /Resource$/.test(typeText(elemLit.node))) {
      const schema = this.fields(elemLit).get("Schema");
      if (schema) this.sdkSchemaMap(schema, `${path}.`);
    }
  }

  private sdkValidator(at: Located, path: string, depth: number, diagFunc: boolean): void {
    const node = unwrap(at.node);
    if (node.type === "identifier" && depth < 4) {
      const v = this.index.value(node.text, { node, file: at.file });
      if (v) return this.sdkValidator(v, path, depth + 1, diagFunc);
    }
    const [fn, args] = callParts(node);
    const here = { ...cite(at, node), style: "sdkv2" as const, source: oneLine(node.text), diag_func: diagFunc };
    const nums = args.map((a) => this.constant({ node: a, file: at.file }));
    const num = (i: number) => (typeof nums[i] === "number" ? nums[i] : undefined);
    const add = (rule: ValidatorRule): void => void (this.rules(path).validators ??= []).push(rule);
    switch (fn) {
      case "validation.ToDiagFunc":
      case "toDiagFunc": // integrations/github's own ToDiagFunc (github/util.go): same message, attribute name as key
      case "validation.All":
        for (const a of fn === "toDiagFunc" ? args.slice(0, 1) : args)
          this.sdkValidator({ node: a, file: at.file }, path, depth + 1, diagFunc);
        return;
      case "validation.StringLenBetween":
        if (num(0) !== undefined && num(1) !== undefined)
          return add({ ...here, kind: "length", min: num(0), max: num(1), utf8: false });
        break;
      case "validation.IntBetween":
      case "validation.FloatBetween":
        if (num(0) !== undefined && num(1) !== undefined)
          return add({ ...here, kind: "range", min: num(0), max: num(1), integer: fn === "validation.IntBetween" });
        break;
      case "validation.IntAtLeast":
      case "validation.FloatAtLeast":
        if (num(0) !== undefined)
          return add({ ...here, kind: "range", min: num(0), integer: fn.startsWith("validation.Int") });
        break;
      case "validation.IntAtMost":
      case "validation.FloatAtMost":
        if (num(0) !== undefined)
          return add({ ...here, kind: "range", max: num(0), integer: fn.startsWith("validation.Int") });
        break;
      case "validation.StringInSlice":
      case "validation.StringNotInSlice": {
        const list = args[0] ? this.resolve({ node: args[0], file: at.file }) : undefined;
        const body = list?.node.type === "composite_literal" ? list.node.childForFieldName("body") : list?.node;
        const values = body ? this.constants(body.namedChildren, at.file) : undefined;
        if (values && fn === "validation.StringNotInSlice") return add({ ...here, kind: "none_of", values });
        if (values) return add({ ...here, kind: "one_of", values, ignore_case: args[1]?.text === "true" });
        break;
      }
      case "validation.StringMatch": {
        const pattern = this.regexArg(args[0], at.file);
        const message = args[1] ? this.constant({ node: args[1], file: at.file }) : "";
        if (pattern !== undefined && typeof message === "string" && regexFromGo(pattern))
          return add({ ...here, kind: "regex", pattern, message });
        break;
      }
      case "validation.StringIsNotEmpty":
      case "validation.StringIsNotWhiteSpace":
        return add({ ...here, kind: "not_empty", whitespace: fn === "validation.StringIsNotWhiteSpace" });
    }
    this.unmodelled(path, at, node);
  }

  // ---- plugin framework ----

  fwAttributes(map: Located, prefix: string): void {
    for (const [name, value] of this.entries(map)) {
      const lit = this.resolve(value);
      if (!lit) this.unmodelled(prefix + name, value, value.node);
      else this.fwAttribute(lit, prefix + name);
    }
  }

  fwBlocks(map: Located, prefix: string): void {
    for (const [name, value] of this.entries(map)) {
      const lit = this.resolve(value);
      if (!lit) this.unmodelled(prefix + name, value, value.node);
      else this.fwAttribute(lit, prefix + name);
    }
  }

  private fwAttribute(lit: Located, path: string): void {
    const f = this.fields(lit);
    // superschema (sentry_key): one attribute is a Common part plus a Resource part.
    for (const part of ["Common", "Resource"]) {
      const inner = f.get(part);
      const innerLit = inner ? this.resolve(inner) : undefined;
      if (innerLit) this.fwAttribute(innerLit, path);
    }
    for (const m of listElements(f.get("PlanModifiers"))) this.fwPlanModifier(m, path);
    const def = f.get("Default");
    if (def) this.fwDefault(def, path);
    for (const v of listElements(f.get("Validators"))) this.fwValidator(v, path);
    this.fwNested(f, `${path}.`);
    const nested = f.get("NestedObject");
    const nestedLit = nested ? this.resolve(nested) : undefined;
    if (nestedLit) this.fwNested(this.fields(nestedLit), `${path}.`);
  }

  fwNested(f: Map<string, Located>, prefix: string): void {
    const attrs = f.get("Attributes");
    if (attrs) this.fwAttributes(attrs, prefix);
    const blocks = f.get("Blocks");
    if (blocks) this.fwBlocks(blocks, prefix);
  }

  private fwPlanModifier(at: Located, path: string): void {
    const [fn, args] = callParts(at.node);
    const name = fn.split(".").pop();
    if (/planmodifier$/.test(fn.split(".")[0] ?? "") && args.length === 0) {
      if (name === "RequiresReplace" || name === "RequiresReplaceIfConfigured") {
        this.rules(path).requires_replace = { ...cite(at), if_configured: name === "RequiresReplaceIfConfigured" };
        return;
      }
      if (name === "UseStateForUnknown") {
        this.rules(path).use_state_for_unknown = cite(at);
        return;
      }
    }
    this.unmodelled(path, at, at.node);
  }

  private fwDefault(at: Located, path: string): void {
    const [fn, args] = callParts(at.node);
    if (/^\w+default\.Static(String|Bool|Int64|Int32|Float64|Float32|Number)$/.test(fn) && args[0]) {
      const value = this.constant({ node: args[0], file: at.file });
      if (value !== undefined) {
        this.rules(path).default = { ...cite(at), value };
        return;
      }
    }
    this.unmodelled(path, at, at.node);
  }

  private fwValidator(at: Located, path: string): void {
    const [fn, args] = callParts(at.node);
    const [pkg = "", name = ""] = fn.split(".");
    const here = { ...cite(at), style: "framework" as const, source: oneLine(at.node.text) };
    const nums = args.map((a) => this.constant({ node: a, file: at.file }));
    const num = (i: number) => (typeof nums[i] === "number" ? nums[i] : undefined);
    const add = (rule: ValidatorRule): void => void (this.rules(path).validators ??= []).push(rule);
    const numeric = /^(int64|int32|float64|float32|number)validator$/.test(pkg);
    const sized = /^(list|set|map)validator$/.test(pkg);
    if (/validator$/.test(pkg) && name === "All") {
      for (const a of args) this.fwValidator({ node: a, file: at.file }, path);
      return;
    }
    // LengthX counts bytes (Go len), UTF8LengthX counts characters.
    const utf8 = name.startsWith("UTF8");
    const lengthName = utf8 ? name.slice(4) : name;
    if (pkg === "stringvalidator" && lengthName === "LengthBetween" && num(0) !== undefined && num(1) !== undefined)
      return add({ ...here, kind: "length", min: num(0), max: num(1), utf8 });
    if (pkg === "stringvalidator" && lengthName === "LengthAtLeast" && num(0) !== undefined)
      return add({ ...here, kind: "length", min: num(0), utf8 });
    if (pkg === "stringvalidator" && lengthName === "LengthAtMost" && num(0) !== undefined)
      return add({ ...here, kind: "length", max: num(0), utf8 });
    if (numeric && name === "Between" && num(0) !== undefined && num(1) !== undefined)
      return add({ ...here, kind: "range", min: num(0), max: num(1), integer: pkg.startsWith("int") });
    if (numeric && name === "AtLeast" && num(0) !== undefined)
      return add({ ...here, kind: "range", min: num(0), integer: pkg.startsWith("int") });
    if (numeric && name === "AtMost" && num(0) !== undefined)
      return add({ ...here, kind: "range", max: num(0), integer: pkg.startsWith("int") });
    if (sized && name === "SizeBetween" && num(0) !== undefined && num(1) !== undefined)
      return add({ ...here, kind: "size", min: num(0), max: num(1) });
    if (sized && name === "SizeAtLeast" && num(0) !== undefined) return add({ ...here, kind: "size", min: num(0) });
    if (sized && name === "SizeAtMost" && num(0) !== undefined) return add({ ...here, kind: "size", max: num(0) });
    if ((pkg === "stringvalidator" || numeric) && (name === "OneOf" || name === "OneOfCaseInsensitive")) {
      const values = this.constants(args, at.file);
      if (values) return add({ ...here, kind: "one_of", values, ignore_case: name === "OneOfCaseInsensitive" });
    }
    if ((pkg === "stringvalidator" || numeric) && name === "NoneOf") {
      const values = this.constants(args, at.file);
      if (values) return add({ ...here, kind: "none_of", values });
    }
    if (pkg === "stringvalidator" && name === "RegexMatches") {
      const pattern = this.regexArg(args[0], at.file);
      const message = args[1] ? this.constant({ node: args[1], file: at.file }) : "";
      if (pattern !== undefined && typeof message === "string" && regexFromGo(pattern))
        return add({ ...here, kind: "regex", pattern, message });
    }
    this.unmodelled(path, at, at.node);
  }
}

function typeText(node: GoNode): string {
  return node.type === "composite_literal" ? (node.childForFieldName("type")?.text ?? "") : "";
}

const oneLine = (s: string): string => s.replace(/\s+/g, " ").slice(0, 160);

/** "pkg.Fn" and the arguments of a call; a bare selector (validation.StringIsNotEmpty) has none. */
function callParts(node: GoNode): [string, GoNode[]] {
  const n = unwrap(node);
  if (n.type === "call_expression") {
    return [n.childForFieldName("function")?.text ?? "", n.childForFieldName("arguments")?.namedChildren ?? []];
  }
  return [n.type === "selector_expression" ? n.text : "", []];
}

function listElements(at: Located | undefined): Located[] {
  if (!at || at.node.type !== "composite_literal") return [];
  const body = at.node.childForFieldName("body");
  return (body?.namedChildren ?? []).map((n) => ({ node: unwrap(n), file: at.file }));
}

/** Is this node inside an `Elem:` field (a nested SDKv2 resource, not the resource itself)? */
function insideElem(node: GoNode): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === "keyed_element" && unwrap(p.namedChildren[0] ?? p).text === "Elem") return true;
  }
  return false;
}

/**
 * The rules of the resource whose schema is declared in `file` (one of `files`, all of one
 * Go package): the first framework `schema.Schema{Attributes: …}` literal, else the first
 * SDKv2 `schema.Resource{Schema: …}` literal that is not an `Elem`.
 */
export async function extractResource(files: GoFile[], file: string): Promise<ResourceRules> {
  const index = new PackageIndex();
  const roots = new Map<string, GoNode>();
  for (const f of files) {
    const root = await parseGo(f.source);
    roots.set(f.path, root);
    index.add(root, f.path);
  }
  const root = roots.get(file);
  if (!root) throw new Error(`${file} is not among the package's files`);
  const ex = new Extractor(index);
  const literals = root.descendantsOfType("composite_literal");
  const framework = literals.find((n) => /(^|\.)Schema$/.test(typeText(n)) && hasField(ex, n, file, "Attributes"));
  if (framework) {
    ex.fwNested(ex.fields({ node: framework, file }), "");
    return { sdk: "framework", file, attributes: sorted(ex.attributes) };
  }
  const sdk = literals.find(
    (n) => /(^|\.)Resource$/.test(typeText(n)) && !insideElem(n) && hasField(ex, n, file, "Schema"),
  );
  if (!sdk) throw new Error(`${file}: no framework schema.Schema or SDKv2 schema.Resource literal found`);
  const schema = ex.fields({ node: sdk, file }).get("Schema");
  if (schema) ex.sdkSchemaMap(schema, "");
  return { sdk: "sdkv2", file, attributes: sorted(ex.attributes) };
}

function hasField(ex: Extractor, node: GoNode, file: string, name: string): boolean {
  return ex.fields({ node, file }).has(name);
}

function sorted<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
