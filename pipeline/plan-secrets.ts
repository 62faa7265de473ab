// The values a Terraform plan marks sensitive (attributes and `sensitive` variables): the
// known secrets the comment renderer hands to the redaction module (secrets/redact.ts).
import { isJsonObject, type JsonValue } from "./json";
import type { Change, TerraformPlan } from "./plan-json";

/**
 * Every value the plan marks sensitive. When Terraform marks a whole block sensitive (a
 * contact point's settings, say), its strings count as secrets except those the plan also
 * shows in the clear elsewhere (a name like "neuropilot"): those are public already, and
 * masking them would blank stack names across the comment. A sensitive scalar attribute
 * and a sensitive variable always count, whatever else the plan shows.
 */
export function planSecrets(plan: TerraformPlan): Set<string> {
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
