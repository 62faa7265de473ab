// The values a Terraform plan marks sensitive (attributes and `sensitive` variables): the
// known secrets the comment renderer hands to the redaction module (secrets/redact.ts).
import { CREDENTIAL_FIELDS, SECRET_NAME, SECRET_PATTERNS } from "../../secrets/patterns";
import { isJsonObject, type JsonObject, type JsonValue } from "../synth/json";
import type { Change, TerraformPlan } from "./plan-json";

/**
 * Every value the plan marks sensitive. When Terraform marks a whole block sensitive (a
 * contact point's settings, say), its strings count as secrets except those the plan also
 * shows in the clear elsewhere (a name like "neuropilot"): those are public already, and
 * masking them would blank stack names across the comment. A sensitive scalar attribute
 * and a sensitive variable always count, whatever else the plan shows.
 *
 * `literals` (configLiterals of the stack's synthesized JSON) are plain values the
 * configuration itself writes: a sensitive attribute equal to one is not secret. Railway marks
 * every variable value sensitive, so NODE_ENV's "production" would otherwise blank every stack
 * name, workspace and construct path holding the word. Sensitive variables (TF_VAR_* inputs)
 * count whatever the configuration writes.
 */
export function planSecrets(plan: TerraformPlan, literals: ReadonlySet<string> = new Set()): Set<string> {
  const secrets = new Set<string>();
  const changes: Change[] = [
    ...plan.resource_changes.map((resource) => resource.change),
    ...plan.resource_drift.map((resource) => resource.change),
    ...Object.values(plan.output_changes),
  ];
  const shownInClear = new Set<string>();
  for (const change of changes) {
    collectClear(change.before, change.before_sensitive, shownInClear);
    collectClear(change.after, change.after_sensitive, shownInClear);
  }
  for (const change of changes) {
    collectSensitive(change.before, change.before_sensitive, secrets, shownInClear);
    collectSensitive(change.after, change.after_sensitive, secrets, shownInClear);
  }
  for (const literal of literals) secrets.delete(literal);
  // Values of variables declared `sensitive` sit in clear in the plan's `variables` block.
  for (const name of sensitiveVariableNames(plan)) {
    const value = plan.variables?.[name]?.value;
    if (value !== undefined) collectStrings(value, secrets, new Set());
  }
  return secrets;
}

function sensitiveVariableNames(plan: TerraformPlan): string[] {
  const declared = plan.configuration?.root_module?.variables ?? {};
  return Object.entries(declared)
    .filter(([, variable]) => variable.sensitive === true)
    .map(([name]) => name);
}

function collectSensitive(
  value: JsonValue | undefined,
  mask: JsonValue | undefined,
  out: Set<string>,
  shownInClear: ReadonlySet<string>,
): void {
  if (value === undefined || value === null) return;
  if (mask === true) {
    // A sensitive scalar is a secret as such; inside a sensitive block, public strings are not.
    if (typeof value === "string" || typeof value === "number") out.add(String(value));
    else collectStrings(value, out, shownInClear);
    return;
  }
  if (Array.isArray(value) && Array.isArray(mask)) {
    value.forEach((item, index) => collectSensitive(item, mask[index], out, shownInClear));
  } else if (isJsonObject(value) && isJsonObject(mask)) {
    for (const [key, item] of Object.entries(value)) collectSensitive(item, mask[key], out, shownInClear);
  }
}

/** Strings and numbers the plan shows unmasked. */
function collectClear(value: JsonValue | undefined, mask: JsonValue | undefined, out: Set<string>): void {
  if (value === undefined || value === null || mask === true) return;
  if (typeof value === "string" || typeof value === "number") out.add(String(value));
  else if (Array.isArray(value))
    value.forEach((item, index) => collectClear(item, Array.isArray(mask) ? mask[index] : undefined, out));
  else if (isJsonObject(value)) {
    for (const [key, item] of Object.entries(value))
      collectClear(item, isJsonObject(mask) ? mask[key] : undefined, out);
  }
}

function collectStrings(value: JsonValue, out: Set<string>, except: ReadonlySet<string>): void {
  if (typeof value === "string" || typeof value === "number") {
    if (!except.has(String(value))) out.add(String(value));
  } else if (Array.isArray(value)) value.forEach((item) => collectStrings(item, out, except));
  else if (isJsonObject(value)) Object.values(value).forEach((item) => collectStrings(item, out, except));
}

/** Blocks of a synthesized stack whose literals are configuration: never variable defaults, providers or the backend. */
const CONFIG_BLOCKS = ["resource", "data", "locals", "output"];

/**
 * The plain strings a synthesized stack writes in its resources, data sources, locals and
 * outputs: whole values with no `${…}` or `%{…}` template in them (Terraform's `$${` and `%%{`
 * escapes read as the literal they stand for). Left out, so they stay secret when a plan marks
 * them sensitive: a value under a credential-bearing name (its key, or a `name`/`key` beside
 * it, like a Railway variable called API_KEY), and any credential-shaped string.
 *
 * Why these are not secret: the configuration is the pull request's own text, shown in the
 * same review. A value equal to one reveals nothing the author did not write; a value from a
 * secret (a variable, a credential, another resource's attribute) reaches the plan through a
 * reference and is never a literal here.
 */
export function configLiterals(synthesized: JsonObject): Set<string> {
  const literals = new Set<string>();
  for (const block of CONFIG_BLOCKS) collectLiterals(synthesized[block], literals, false);
  return literals;
}

/** An unescaped `${` or `%{` (config/literals.ts reads templates the same way). */
const TEMPLATE = /(?<![$%])(?:\$\$)*[$%]\{/;

function collectLiterals(value: JsonValue | undefined, out: Set<string>, secretName: boolean): void {
  if (typeof value === "string") {
    if (!secretName && !TEMPLATE.test(value)) {
      const literal = value.replace(/([$%])\1\{/g, "$1{");
      if (!SECRET_PATTERNS.some(({ pattern }) => new RegExp(pattern.source).test(literal))) out.add(literal);
    }
  } else if (Array.isArray(value)) value.forEach((item) => collectLiterals(item, out, secretName));
  else if (isJsonObject(value)) {
    const named = [value.name, value.key].some((name) => typeof name === "string" && SECRET_NAME.test(name));
    for (const [key, item] of Object.entries(value)) {
      if (key === "//") continue;
      collectLiterals(item, out, secretName || named || isSecretName(key));
    }
  }
}

function isSecretName(key: string): boolean {
  return SECRET_NAME.test(key) || CREDENTIAL_FIELDS.some(({ field }) => field.test(key));
}
