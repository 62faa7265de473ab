// The values a Terraform plan marks sensitive (attributes and `sensitive` variables): the
// known secrets the comment renderer hands to the redaction module (secrets/redact.ts).
import { isJsonObject, type JsonValue } from "./json";
import type { Change, TerraformPlan } from "./plan-json";

export function planSecrets(plan: TerraformPlan): Set<string> {
  const secrets = new Set<string>();
  const changes: Change[] = [
    ...plan.resource_changes.map((resource) => resource.change),
    ...plan.resource_drift.map((resource) => resource.change),
    ...Object.values(plan.output_changes),
  ];
  for (const change of changes) {
    collectSensitive(change.before, change.before_sensitive, secrets);
    collectSensitive(change.after, change.after_sensitive, secrets);
  }
  // Values of variables declared `sensitive` sit in clear in the plan's `variables` block.
  for (const name of sensitiveVariableNames(plan)) {
    const value = plan.variables?.[name]?.value;
    if (value !== undefined) collectSensitive(value, true, secrets);
  }
  return secrets;
}

function sensitiveVariableNames(plan: TerraformPlan): string[] {
  const declared = plan.configuration?.root_module?.variables ?? {};
  return Object.entries(declared)
    .filter(([, variable]) => variable.sensitive === true)
    .map(([name]) => name);
}

function collectSensitive(value: JsonValue | undefined, mask: JsonValue | undefined, out: Set<string>): void {
  if (value === undefined || value === null) return;
  if (mask === true) {
    collectStrings(value, out);
    return;
  }
  if (Array.isArray(value) && Array.isArray(mask)) {
    value.forEach((item, index) => collectSensitive(item, mask[index], out));
  } else if (isJsonObject(value) && isJsonObject(mask)) {
    for (const [key, item] of Object.entries(value)) collectSensitive(item, mask[key], out);
  }
}

function collectStrings(value: JsonValue, out: Set<string>): void {
  if (typeof value === "string") out.add(value);
  else if (typeof value === "number") out.add(String(value));
  else if (Array.isArray(value)) value.forEach((item) => collectStrings(item, out));
  else if (isJsonObject(value)) Object.values(value).forEach((item) => collectStrings(item, out));
}
