// Last line of defence for secrets: every string the plan itself marks sensitive (and any
// extra secret the caller names) is scrubbed from rendered text, wherever it appears —
// including error output and attributes that embed a secret without being marked.
import { isJsonObject, type JsonValue } from "./json";
import { SENSITIVE } from "./attribute-diff";
import type { Change, TerraformPlan } from "./plan-json";

/**
 * Shorter strings (a sensitive LOG_LEVEL "debug", a port) occur by accident in ordinary text
 * too often to scrub; they are still masked wherever the plan marks them.
 */
const MIN_SECRET_LENGTH = 8;

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

export class Redactor {
  private readonly needles: string[];

  constructor(secrets: Iterable<string>) {
    const needles = new Set<string>();
    for (const secret of secrets) {
      if (secret.length < MIN_SECRET_LENGTH) continue;
      needles.add(secret);
      // The renderer prints values JSON-encoded, so the escaped form must go too.
      needles.add(JSON.stringify(secret).slice(1, -1));
    }
    this.needles = [...needles].sort((a, b) => b.length - a.length);
  }

  scrub(text: string): string {
    let result = text;
    for (const needle of this.needles) if (result.includes(needle)) result = result.split(needle).join(SENSITIVE);
    return result;
  }
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
