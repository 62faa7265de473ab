// A checker for the subset of Cloudflare's Rules language (wirefilter) that our rulesets
// use. No wirefilter build is published on npm, so this parses expressions itself:
// tokens, nesting, operators, function calls, and which fields and operators the plan
// and phase allow. It runs at synth time, so a rule the API would reject fails before
// anything is written. Field facts: developers.cloudflare.com/ruleset-engine/
// rules-language/{fields,functions,operators}/ and waf/rate-limiting-rules/#availability.
import type { CloudflarePlan } from "../../config/cloudflare-plans";

export type RulesetPhase =
  "http_request_firewall_managed" | "http_request_firewall_custom" | "http_ratelimit" | "http_request_cache_settings";

export interface ExpressionContext {
  phase: RulesetPhase;
  plan: CloudflarePlan;
}

/** Longest expression a rule accepts (custom rules documentation: 4,096 characters). */
export const MAX_EXPRESSION_LENGTH = 4096;

type ValueType = "String" | "Boolean" | "Integer" | "IP";

interface FieldSpec {
  type: ValueType;
  /** Why the field is unavailable whatever the plan, if it is. */
  unavailable?: string;
  /** Lowest plan that may use the field in any phase. */
  minPlan?: CloudflarePlan;
}

const PLAN_ORDER: readonly CloudflarePlan[] = ["free", "pro", "business", "enterprise"];
const atLeast = (plan: CloudflarePlan, min: CloudflarePlan): boolean =>
  PLAN_ORDER.indexOf(plan) >= PLAN_ORDER.indexOf(min);

const FIELDS: Record<string, FieldSpec> = {
  "http.host": { type: "String" },
  "http.request.uri": { type: "String" },
  "http.request.uri.path": { type: "String" },
  "http.request.uri.path.extension": { type: "String" },
  "http.request.uri.query": { type: "String" },
  "http.request.full_uri": { type: "String" },
  "http.request.method": { type: "String" },
  "http.user_agent": { type: "String" },
  "http.referer": { type: "String" },
  "ip.src": { type: "IP" },
  "ip.src.country": { type: "String" },
  "ip.src.asnum": { type: "Integer" },
  ssl: { type: "Boolean" },
  "cf.client.bot": { type: "Boolean" },
  "cf.threat_score": { type: "Integer", unavailable: "is deprecated and now always 0" },
  "cf.waf.score": { type: "Integer", minPlan: "enterprise" },
  "cf.waf.score.sqli": { type: "Integer", minPlan: "enterprise" },
  "cf.waf.score.xss": { type: "Integer", minPlan: "enterprise" },
  "cf.waf.score.rce": { type: "Integer", minPlan: "enterprise" },
  "cf.waf.score.class": { type: "String", minPlan: "business" },
  "cf.bot_management.score": {
    type: "Integer",
    unavailable: "needs Enterprise Bot Management, which config does not model",
  },
  "cf.bot_management.verified_bot": {
    type: "Boolean",
    unavailable: "needs Enterprise Bot Management; use cf.client.bot (same meaning, every plan)",
  },
};

/** Rate-limiting rule expressions may use only these fields below Enterprise. */
const RATE_LIMIT_FIELDS: Record<Exclude<CloudflarePlan, "enterprise">, readonly string[]> = {
  free: ["http.request.uri.path", "cf.client.bot"],
  pro: [
    "http.request.uri.path",
    "cf.client.bot",
    "http.host",
    "http.request.uri",
    "http.request.full_uri",
    "http.request.uri.query",
  ],
  business: [
    "http.request.uri.path",
    "cf.client.bot",
    "http.host",
    "http.request.uri",
    "http.request.full_uri",
    "http.request.uri.query",
    "http.request.method",
    "ip.src",
    "http.user_agent",
  ],
};

interface FunctionSpec {
  params: ValueType[];
  optionalParams?: ValueType[];
  returns: ValueType;
  /** The first argument must be a field or function, never a literal. */
  sourceNotLiteral?: boolean;
}

const FUNCTIONS: Record<string, FunctionSpec> = {
  lower: { params: ["String"], returns: "String" },
  upper: { params: ["String"], returns: "String" },
  url_decode: { params: ["String"], optionalParams: ["String"], returns: "String", sourceNotLiteral: true },
  starts_with: { params: ["String", "String"], returns: "Boolean", sourceNotLiteral: true },
  ends_with: { params: ["String", "String"], returns: "Boolean", sourceNotLiteral: true },
  len: { params: ["String"], returns: "Integer" },
};

const COMPARISONS = new Set(["eq", "ne", "lt", "le", "gt", "ge", "==", "!=", "<", "<=", ">", ">="]);
const STRING_OPERATORS = new Set(["contains", "matches", "~", "wildcard", "strict wildcard"]);

type Token =
  | { kind: "ident"; text: string; at: number }
  | { kind: "string"; text: string; at: number }
  | { kind: "int"; text: string; at: number }
  | { kind: "punct"; text: string; at: number };

class ExpressionError extends Error {}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const at = i;
    if (ch === '"' || (ch === "r" && (source[i + 1] === '"' || source[i + 1] === "#"))) {
      const literal = readString(source, i);
      tokens.push({ kind: "string", text: literal.text, at });
      i = literal.end;
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      let j = i;
      while (j < source.length && /[A-Za-z0-9_.]/.test(source[j])) j++;
      tokens.push({ kind: "ident", text: source.slice(i, j), at });
      i = j;
      continue;
    }
    if (/[0-9]/.test(ch)) {
      let j = i;
      while (j < source.length && /[0-9]/.test(source[j])) j++;
      tokens.push({ kind: "int", text: source.slice(i, j), at });
      i = j;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (["==", "!=", "<=", ">=", "&&", "||", "^^"].includes(two)) {
      tokens.push({ kind: "punct", text: two, at });
      i += 2;
      continue;
    }
    if ("(){},<>!~".includes(ch)) {
      tokens.push({ kind: "punct", text: ch, at });
      i++;
      continue;
    }
    throw new ExpressionError(`unexpected character ${JSON.stringify(ch)} at ${at}`);
  }
  return tokens;
}

/** Reads "..." (with \" and \\ escapes) or r"..." / r#"..."# raw strings starting at `start`. */
function readString(source: string, start: number): { text: string; end: number } {
  if (source[start] === "r") {
    let hashes = 0;
    let i = start + 1;
    while (source[i] === "#") {
      hashes++;
      i++;
    }
    if (source[i] !== '"') throw new ExpressionError(`malformed raw string at ${start}`);
    const close = `"${"#".repeat(hashes)}`;
    const end = source.indexOf(close, i + 1);
    if (end < 0) throw new ExpressionError(`unterminated raw string starting at ${start}`);
    return { text: source.slice(i + 1, end), end: end + close.length };
  }
  let out = "";
  for (let i = start + 1; i < source.length; i++) {
    const ch = source[i];
    if (ch === "\\") {
      const next = source[i + 1];
      if (next !== '"' && next !== "\\") throw new ExpressionError(`invalid escape \\${next ?? ""} at ${i}`);
      out += next;
      i++;
      continue;
    }
    if (ch === '"') return { text: out, end: i + 1 };
    out += ch;
  }
  throw new ExpressionError(`unterminated string starting at ${start}`);
}

class Parser {
  private pos = 0;
  readonly fields = new Set<string>();
  readonly operators = new Set<string>();

  constructor(private readonly tokens: Token[]) {}

  parse(): void {
    if (this.tokens.length === 0) throw new ExpressionError("empty expression");
    this.orExpr();
    const rest = this.peek();
    if (rest) throw new ExpressionError(`unexpected ${JSON.stringify(rest.text)} at ${rest.at}`);
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private take(): Token {
    const token = this.tokens[this.pos++];
    if (!token) throw new ExpressionError("unexpected end of expression");
    return token;
  }

  private accept(...texts: string[]): Token | undefined {
    const token = this.peek();
    if (token && (token.kind === "ident" || token.kind === "punct") && texts.includes(token.text)) {
      this.pos++;
      return token;
    }
    return undefined;
  }

  private expect(text: string): void {
    if (!this.peek()) throw new ExpressionError(`expected ${JSON.stringify(text)} at the end of the expression`);
    const token = this.take();
    if (token.text !== text || token.kind === "string") {
      throw new ExpressionError(`expected ${JSON.stringify(text)} at ${token.at}, found ${JSON.stringify(token.text)}`);
    }
  }

  private orExpr(): void {
    this.xorExpr();
    while (this.accept("or", "||")) this.xorExpr();
  }

  private xorExpr(): void {
    this.andExpr();
    while (this.accept("xor", "^^")) this.andExpr();
  }

  private andExpr(): void {
    this.notExpr();
    while (this.accept("and", "&&")) this.notExpr();
  }

  private notExpr(): void {
    if (this.accept("not", "!")) {
      this.notExpr();
      return;
    }
    this.primary();
  }

  private primary(): void {
    if (this.accept("(")) {
      this.orExpr();
      this.expect(")");
      return;
    }
    const start = this.peek();
    if (start?.kind === "ident" && (start.text === "true" || start.text === "false")) {
      this.pos++;
      return;
    }
    const leftType = this.value(false);
    const op = this.operator();
    if (!op) {
      if (leftType !== "Boolean") {
        throw new ExpressionError(`a ${leftType} value at ${start?.at} needs a comparison operator`);
      }
      return;
    }
    this.operators.add(op);
    if (op === "in") {
      this.set(leftType);
      return;
    }
    if (STRING_OPERATORS.has(op)) {
      if (leftType !== "String")
        throw new ExpressionError(`operator ${op} needs a String on its left, got ${leftType}`);
      const right = this.take();
      if (right.kind !== "string") throw new ExpressionError(`operator ${op} needs a string literal at ${right.at}`);
      return;
    }
    const rightType = this.value(true);
    if (rightType !== leftType) {
      throw new ExpressionError(`cannot compare ${leftType} with ${rightType} using ${op}`);
    }
  }

  private operator(): string | undefined {
    const token = this.peek();
    if (!token) return undefined;
    if (token.kind === "ident" && token.text === "strict") {
      this.pos++;
      const next = this.take();
      if (next.text !== "wildcard") throw new ExpressionError(`expected "wildcard" after "strict" at ${next.at}`);
      return "strict wildcard";
    }
    if (
      token.kind === "ident" &&
      (COMPARISONS.has(token.text) || STRING_OPERATORS.has(token.text) || token.text === "in")
    ) {
      this.pos++;
      return token.text;
    }
    if (token.kind === "punct" && (COMPARISONS.has(token.text) || token.text === "~")) {
      this.pos++;
      return token.text;
    }
    return undefined;
  }

  private set(elementType: ValueType): void {
    this.expect("{");
    let count = 0;
    while (!this.accept("}")) {
      const token = this.take();
      const type: ValueType | undefined =
        token.kind === "string" ? "String" : token.kind === "int" ? "Integer" : undefined;
      if (!type) throw new ExpressionError(`unexpected ${JSON.stringify(token.text)} in a set at ${token.at}`);
      if (type !== elementType) throw new ExpressionError(`set element ${token.text} is not a ${elementType}`);
      count++;
    }
    if (count === 0) throw new ExpressionError("empty set");
  }

  /** A field, a function call, or (only when `literalAllowed`) a literal. */
  private value(literalAllowed: boolean): ValueType {
    const token = this.take();
    if (token.kind === "string" || token.kind === "int") {
      if (!literalAllowed) throw new ExpressionError(`a literal cannot start a comparison (at ${token.at})`);
      return token.kind === "string" ? "String" : "Integer";
    }
    if (token.kind !== "ident") throw new ExpressionError(`unexpected ${JSON.stringify(token.text)} at ${token.at}`);
    if (this.peek()?.text === "(" && this.peek()?.kind === "punct") return this.call(token);
    const field = FIELDS[token.text];
    if (!field) throw new ExpressionError(`unknown field ${token.text}`);
    this.fields.add(token.text);
    return field.type;
  }

  private call(name: Token): ValueType {
    const spec = FUNCTIONS[name.text];
    if (!spec) throw new ExpressionError(`unknown function ${name.text}()`);
    this.expect("(");
    const types: ValueType[] = [];
    const kinds: string[] = [];
    if (!this.accept(")")) {
      do {
        kinds.push(this.peek()?.kind ?? "");
        types.push(this.value(true));
      } while (this.accept(","));
      this.expect(")");
    }
    const all = [...spec.params, ...(spec.optionalParams ?? [])];
    if (types.length < spec.params.length || types.length > all.length) {
      throw new ExpressionError(
        `${name.text}() takes ${spec.params.length}–${all.length} arguments, got ${types.length}`,
      );
    }
    types.forEach((t, i) => {
      if (t !== all[i]) throw new ExpressionError(`${name.text}() argument ${i + 1} must be ${all[i]}, got ${t}`);
    });
    if (spec.sourceNotLiteral && (kinds[0] === "string" || kinds[0] === "int")) {
      throw new ExpressionError(`${name.text}() needs a field as its first argument, not a literal`);
    }
    return spec.returns;
  }
}

/** Every problem with `expression` for the phase and plan; empty when it is fine. */
export function expressionProblems(expression: string, context: ExpressionContext): string[] {
  const problems: string[] = [];
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    problems.push(`is ${expression.length} characters, above the ${MAX_EXPRESSION_LENGTH} limit`);
  }
  let parser: Parser;
  try {
    parser = new Parser(tokenize(expression));
    parser.parse();
  } catch (error) {
    if (error instanceof ExpressionError) return [...problems, error.message];
    throw error;
  }
  for (const name of parser.fields) {
    const spec = FIELDS[name];
    if (spec.unavailable) problems.push(`field ${name} ${spec.unavailable}`);
    else if (spec.minPlan && !atLeast(context.plan, spec.minPlan)) {
      problems.push(`field ${name} needs the ${spec.minPlan} plan or above (zone is on ${context.plan})`);
    }
    if (
      context.phase === "http_ratelimit" &&
      context.plan !== "enterprise" &&
      !RATE_LIMIT_FIELDS[context.plan].includes(name)
    ) {
      problems.push(`field ${name} is not allowed in rate-limiting expressions on the ${context.plan} plan`);
    }
  }
  // Regular expressions need Business or above (rules-language/operators/).
  if ((parser.operators.has("matches") || parser.operators.has("~")) && !atLeast(context.plan, "business")) {
    problems.push(`the matches operator needs the business plan or above (zone is on ${context.plan})`);
  }
  return problems;
}

/** A Rules-language string literal for `value` (only `"` and `\` need escaping). */
export function stringLiteral(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
