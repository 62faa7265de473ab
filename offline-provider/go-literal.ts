// A small reader for Go composite literals, enough to read provider schemas
// declared as Go values (terraform-plugin-sdk/v2 `map[string]*schema.Schema{...}`
// and terraform-plugin-framework `schema.StringAttribute{...}`). It tokenises a
// whole file, parses expressions, and skips what it does not need (function
// literals, index expressions) by balancing brackets.

export type GoNode =
  | { kind: "composite"; type: string; elems: { key?: GoNode; value: GoNode }[] }
  | { kind: "string"; value: string }
  | { kind: "number"; value: string }
  | { kind: "ident"; name: string }
  | { kind: "call"; fn: GoNode; args: GoNode[] }
  | { kind: "unary"; op: string; expr: GoNode }
  | { kind: "binary"; op: string; left: GoNode; right: GoNode }
  | { kind: "func" }
  | { kind: "other" };

interface Token {
  t: "ident" | "string" | "number" | "op";
  v: string;
}

const OPS = ["...", "&&", "||", "==", "!=", "<=", ">=", ":=", "<-", "++", "--", "+=", "-=", "<<", ">>", "&^"];

function unquote(raw: string): string {
  if (raw.startsWith("`")) return raw.slice(1, -1);
  // Go and JSON string escapes agree for the cases that occur in descriptions.
  try {
    return JSON.parse(raw.replace(/\\'/g, "'").replace(/\\x([0-9a-fA-F]{2})/g, "\\u00$1")) as string;
  } catch {
    return raw.slice(1, -1);
  }
}

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) i++;
    else if (src.startsWith("//", i)) i = src.indexOf("\n", i) < 0 ? src.length : src.indexOf("\n", i);
    else if (src.startsWith("/*", i)) i = src.indexOf("*/", i + 2) + 2;
    else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === "\\" ? 2 : 1;
      out.push({
        t: c === '"' ? "string" : "number",
        v: c === '"' ? unquote(src.slice(i, j + 1)) : src.slice(i, j + 1),
      });
      i = j + 1;
    } else if (c === "`") {
      const j = src.indexOf("`", i + 1);
      out.push({ t: "string", v: src.slice(i + 1, j) });
      i = j + 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i, i + 200));
      const v = m ? m[0] : c;
      out.push({ t: "ident", v });
      i += v.length;
    } else if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(src[i + 1] ?? ""))) {
      const m = /^[0-9a-fA-FxXoObB_.eEpP]+/.exec(src.slice(i, i + 100));
      const v = m ? m[0] : c;
      out.push({ t: "number", v });
      i += v.length;
    } else {
      const op = OPS.find((o) => src.startsWith(o, i)) ?? c;
      out.push({ t: "op", v: op });
      i += op.length;
    }
  }
  return out;
}

const BINARY = new Set([
  "+",
  "-",
  "*",
  "/",
  "%",
  "|",
  "&",
  "^",
  "&&",
  "||",
  "==",
  "!=",
  "<",
  ">",
  "<=",
  ">=",
  "<<",
  ">>",
  "&^",
]);
const CLOSE: Record<string, string> = { "(": ")", "[": "]", "{": "}" };

export class GoParser {
  pos = 0;
  constructor(readonly toks: Token[]) {}

  peek(offset = 0): Token | undefined {
    return this.toks[this.pos + offset];
  }
  is(v: string, offset = 0): boolean {
    return this.peek(offset)?.v === v;
  }
  expect(v: string): void {
    const tok = this.toks[this.pos++];
    if (tok?.v !== v) throw new Error(`Go parse: expected "${v}" at token ${this.pos - 1}, got "${tok?.v ?? "EOF"}"`);
  }

  /** Skips a bracketed group starting at the current "(", "[" or "{". */
  skipGroup(): void {
    const stack: string[] = [];
    do {
      const tok = this.toks[this.pos++];
      if (!tok) throw new Error("Go parse: unbalanced brackets");
      if (tok.t === "op" && CLOSE[tok.v]) stack.push(CLOSE[tok.v]);
      else if (tok.t === "op" && tok.v === stack[stack.length - 1]) stack.pop();
    } while (stack.length > 0);
  }

  /** A type expression, returned as source-like text. */
  parseType(): string {
    const tok = this.peek();
    if (!tok) throw new Error("Go parse: type expected");
    if (tok.v === "*") return (this.pos++, `*${this.parseType()}`);
    if (tok.v === "[") {
      this.pos++;
      let len = "";
      while (!this.is("]")) len += this.toks[this.pos++].v;
      this.expect("]");
      return `[${len}]${this.parseType()}`;
    }
    if (tok.v === "map") {
      this.pos++;
      this.expect("[");
      const k = this.parseType();
      this.expect("]");
      return `map[${k}]${this.parseType()}`;
    }
    if (tok.v === "interface" || tok.v === "struct") {
      this.pos++;
      this.skipGroup();
      return `${tok.v}{}`;
    }
    let name = tok.v;
    this.pos++;
    while (this.is(".") && this.peek(1)?.t === "ident") {
      name += `.${this.peek(1)?.v ?? ""}`;
      this.pos += 2;
    }
    if (this.is("[")) this.skipGroup(); // generic instantiation
    return name;
  }

  parseComposite(type: string): GoNode {
    this.expect("{");
    const elems: { key?: GoNode; value: GoNode }[] = [];
    while (!this.is("}")) {
      const first = this.is("{") ? this.parseComposite("") : this.parseExpr();
      if (this.is(":")) {
        this.pos++;
        const value = this.is("{") ? this.parseComposite("") : this.parseExpr();
        elems.push({ key: first, value });
      } else {
        elems.push({ value: first });
      }
      if (this.is(",")) this.pos++;
      else if (!this.is("}"))
        throw new Error(`Go parse: expected "," or "}" at token ${this.pos}, got "${this.peek()?.v ?? "EOF"}"`);
    }
    this.expect("}");
    return { kind: "composite", type, elems };
  }

  private parsePrimary(): GoNode {
    const tok = this.peek();
    if (!tok) throw new Error("Go parse: unexpected end of input");
    if (tok.t === "op" && ["&", "*", "-", "!", "+", "^", "<-"].includes(tok.v)) {
      this.pos++;
      return { kind: "unary", op: tok.v, expr: this.parsePrimary() };
    }
    if (tok.t === "string") return (this.pos++, { kind: "string", value: tok.v });
    if (tok.t === "number") return (this.pos++, { kind: "number", value: tok.v });
    if (tok.v === "(") {
      this.pos++;
      const inner = this.parseExpr();
      this.expect(")");
      return this.parsePostfix(inner);
    }
    if (tok.v === "func") {
      this.pos++;
      // signature: params, optional results, then the body
      while (!this.is("{")) {
        if (this.is("(") || this.is("[")) this.skipGroup();
        else this.pos++;
      }
      this.skipGroup();
      return this.parsePostfix({ kind: "func" });
    }
    if (tok.v === "[" || tok.v === "map" || tok.v === "struct") {
      const type = this.parseType();
      return this.is("{") ? this.parseComposite(type) : { kind: "ident", name: type };
    }
    if (tok.t === "ident") {
      const start = this.pos;
      const type = this.parseType();
      if (this.is("{")) return this.parsePostfix(this.parseComposite(type));
      this.pos = start + 1;
      return this.parsePostfix({ kind: "ident", name: tok.v });
    }
    throw new Error(`Go parse: unexpected "${tok.v}" at token ${this.pos}`);
  }

  private parsePostfix(node: GoNode): GoNode {
    for (;;) {
      if (this.is(".") && this.peek(1)?.t === "ident") {
        const name = this.peek(1)?.v ?? "";
        this.pos += 2;
        node =
          node.kind === "ident"
            ? { kind: "ident", name: `${node.name}.${name}` }
            : { kind: "ident", name: `?.${name}` };
        if (this.is("{") && node.kind === "ident") node = this.parseComposite(node.name);
      } else if (this.is(".") && this.is("(", 1)) {
        this.pos++;
        this.skipGroup(); // type assertion
      } else if (this.is("(")) {
        this.pos++;
        const args: GoNode[] = [];
        while (!this.is(")")) {
          args.push(this.is("{") ? this.parseComposite("") : this.parseExpr());
          if (this.is("...")) this.pos++;
          if (this.is(",")) this.pos++;
        }
        this.expect(")");
        node = { kind: "call", fn: node, args };
      } else if (this.is("[")) {
        this.skipGroup();
        node = { kind: "other" };
      } else {
        return node;
      }
    }
  }

  parseExpr(): GoNode {
    let left = this.parsePrimary();
    while (this.peek()?.t === "op" && BINARY.has(this.peek()?.v ?? "")) {
      const op = this.toks[this.pos++].v;
      left = { kind: "binary", op, left, right: this.parsePrimary() };
    }
    return left;
  }

  /** Index of the first token sequence equal to `words`, from `from`. */
  find(words: string[], from = 0): number {
    for (let i = from; i <= this.toks.length - words.length; i++) {
      if (words.every((w, k) => this.toks[i + k].v === w)) return i;
    }
    return -1;
  }
}

/** Field of a keyed composite literal (`Type: schema.TypeString`). */
export function field(node: GoNode | undefined, name: string): GoNode | undefined {
  if (node?.kind !== "composite") return undefined;
  return node.elems.find((e) => e.key?.kind === "ident" && e.key.name === name)?.value;
}

export function stringValue(node: GoNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.kind === "string") return node.value;
  if (node.kind === "binary" && node.op === "+") {
    const l = stringValue(node.left);
    const r = stringValue(node.right);
    return l !== undefined && r !== undefined ? l + r : undefined;
  }
  return undefined;
}

export function isTrue(node: GoNode | undefined): boolean {
  return node?.kind === "ident" && node.name === "true";
}

export function numberValue(node: GoNode | undefined): number | undefined {
  return node?.kind === "number" ? Number(node.value) : undefined;
}

/** Strips `&` so `&schema.Resource{...}` and `schema.Resource{...}` read the same. */
export function deref(node: GoNode | undefined): GoNode | undefined {
  return node?.kind === "unary" && node.op === "&" ? node.expr : node;
}
