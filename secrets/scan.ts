// The secret check behind `npm run check:secrets`: credential shapes and literal
// credentials anywhere in the scanned files, and, in Terraform JSON, variables and
// outputs that must be marked sensitive. Findings carry file:line and the kind, and a
// masked excerpt at most.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { asTfJson, isJsonObject, type TfJson } from "../terraform-json/tf-json";
import { literalPostgresPasswords } from "./connection-strings";
import { mask } from "./mask";
import { CREDENTIAL_FIELDS, isReferenceOnly, SECRET_NAME, SECRET_PATTERNS } from "./patterns";
import { outputIndex, sensitiveReference } from "./sensitive";

export interface SecretFinding {
  file: string;
  line: number;
  kind: string;
  /** What was found, masked; never the secret itself. */
  detail: string;
}

/** Files under the given paths (folders recursively), skipping dependency and VCS folders. */
export function filesUnder(paths: readonly string[]): string[] {
  const skip = new Set(["node_modules", ".git", ".terraform"]);
  const walk = (path: string): string[] => {
    if (!existsSync(path)) throw new Error(`${path} does not exist`);
    if (!statSync(path).isDirectory()) return [path];
    return readdirSync(path)
      .filter((name) => !skip.has(name))
      .sort()
      .flatMap((name) => walk(join(path, name)));
  };
  return paths.flatMap(walk);
}

/**
 * `"field": "value"` (JSON, any string value), and `FIELD=value` / `field: value` (env
 * files, YAML, HCL) with a quoted value or a bare token-like one: long, with a digit, so
 * code such as `routing_key: routingKey` is not mistaken for a credential.
 */
const FIELD_PATTERNS = [
  /"([\w-]+)"\s*:\s*"((?:[^"\\]|\\.)*)"/g,
  /(?:^|\s)([A-Za-z_][\w-]*)\s*[=:]\s*(?:'([^']{8,})'|"([^"]{8,})"|((?=[\w\-./+=:]*\d)[\w\-./+=:]{16,}))(?=[\s,;]|$)/g,
];

function lineFindings(file: string, text: string): SecretFinding[] {
  const findings: SecretFinding[] = [];
  text.split("\n").forEach((line, index) => {
    const at = (kind: string, secret: string) => findings.push({ file, line: index + 1, kind, detail: mask(secret) });
    for (const { kind, pattern } of SECRET_PATTERNS) {
      for (const m of line.matchAll(pattern)) at(kind, m[0]);
    }
    for (const password of literalPostgresPasswords(line)) at("postgres-password", password);
    for (const pattern of FIELD_PATTERNS) {
      for (const [, field, ...values] of line.matchAll(pattern)) {
        const value = values.find((v) => v !== undefined) ?? "";
        const credential = CREDENTIAL_FIELDS.find((c) => c.field.test(field));
        if (credential && !isReferenceOnly(value) && !/^(?:true|false|null|\d+)$/.test(value)) {
          at(`${refineKind(credential.kind, value)} (literal in ${field})`, value);
        }
      }
    }
  });
  return dedupe(findings);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Railway's account, team and project tokens are UUIDs. */
function refineKind(kind: string, value: string): string {
  return UUID.test(value) && /token/.test(kind) ? "railway-token" : kind;
}

/** One finding per secret and line: a token matched by shape and by field is reported once. */
function dedupe(findings: SecretFinding[]): SecretFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.file}:${f.line}:${f.detail}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Line of `"key": {` (the first after `after`), for pointing at a JSON object. */
function lineOfKey(lines: string[], key: string, after = 0): number {
  const needle = `${JSON.stringify(key)}: `;
  const index = lines.findIndex((line, i) => i >= after && line.trimStart().startsWith(needle));
  return index >= 0 ? index + 1 : 1;
}

function terraformFindings(file: string, text: string, stack: TfJson, all: TfJson[]): SecretFinding[] {
  const findings: SecretFinding[] = [];
  const lines = text.split("\n");
  const section = (name: string) => lineOfKey(lines, name);
  const outputs = outputIndex(all);

  for (const [name, variable] of Object.entries(stack.variable ?? {})) {
    if (SECRET_NAME.test(name) && variable.sensitive !== true) {
      findings.push({
        file,
        line: lineOfKey(lines, name, section("variable")),
        kind: "variable-not-sensitive",
        detail: `variable ${name} looks like a secret; set sensitive: true`,
      });
    }
  }
  for (const [name, output] of Object.entries(stack.output ?? {})) {
    const why = output.sensitive === true ? null : sensitiveReference(output.value, stack, outputs);
    if (why) {
      findings.push({
        file,
        line: lineOfKey(lines, name, section("output")),
        kind: "output-not-sensitive",
        detail: `output ${name} references ${why}; set sensitive: true`,
      });
    }
  }
  for (const type of ["railway_variable", "railway_shared_variable"]) {
    for (const [id, resource] of Object.entries(stack.resource?.[type] ?? {})) {
      const name = typeof resource.name === "string" ? resource.name : "";
      const value = typeof resource.value === "string" ? resource.value : "";
      if (SECRET_NAME.test(name) && value !== "" && !isReferenceOnly(value)) {
        findings.push({
          file,
          line: lineOfKey(lines, "value", lineOfKey(lines, id, section("resource")) - 1),
          kind: "railway-variable-literal",
          detail: `Railway variable ${name} holds a literal ${mask(value)}; pass it as a sensitive Terraform variable`,
        });
      }
    }
  }
  return findings;
}

export function scanFiles(paths: readonly string[], root = process.cwd()): SecretFinding[] {
  const files = filesUnder(paths);
  const texts = new Map(files.map((file) => [file, readFileSync(file, "utf8")]));
  const stacks = new Map<string, TfJson>();
  for (const [file, text] of texts) {
    if (!file.endsWith(".tf.json")) continue;
    const parsed: unknown = JSON.parse(text);
    if (isJsonObject(parsed)) stacks.set(file, asTfJson(parsed, file));
  }
  const all = [...stacks.values()];
  const findings: SecretFinding[] = [];
  for (const [file, text] of texts) {
    const shown = relative(root, file) || file;
    findings.push(...lineFindings(shown, text));
    const stack = stacks.get(file);
    if (stack) findings.push(...terraformFindings(shown, text, stack, all));
  }
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

export function formatSecretFindings(findings: readonly SecretFinding[]): string {
  return findings.map((f) => `${f.file}:${f.line}: ${f.kind}: ${f.detail}`).join("\n");
}
