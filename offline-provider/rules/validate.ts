// ValidateResourceConfig with the providers' own validators: each known, non-null
// configured value is checked by the validators recorded for its attribute.
import { type CtyValue, DynamicValue, UnknownValue } from "../cty";
import type { BlockJson } from "../schema";
import { check } from "./messages";
import { type PathStep, positions } from "./positions";
import type { ResourceRules } from "./types";

export interface Diagnostic {
  severity: "ERROR" | "WARNING";
  summary: string;
  detail: string;
  attribute?: { steps: PathStep[] };
}

/** Framework path text: rules[0].expression, labels["a"]. */
function frameworkPath(steps: PathStep[]): string {
  return steps
    .map((s, i) =>
      "attribute_name" in s
        ? `${i === 0 ? "" : "."}${s.attribute_name}`
        : "element_key_int" in s
          ? `[${s.element_key_int}]`
          : `[${JSON.stringify(s.element_key_string)}]`,
    )
    .join("");
}

/** SDKv2 flatmap key: rules.0.expression. */
function flatmapKey(steps: PathStep[]): string {
  return steps
    .map((s) =>
      "attribute_name" in s ? s.attribute_name : "element_key_int" in s ? s.element_key_int : s.element_key_string,
    )
    .join(".");
}

type Plain = string | number | unknown[] | Record<string, unknown>;

/** A value a validator can look at: known, not null, unwrapped from a dynamic value. */
function known(v: CtyValue): Plain | undefined {
  const p = v instanceof DynamicValue ? v.value : v;
  if (p === null || p instanceof UnknownValue || p instanceof DynamicValue || typeof p === "boolean") return undefined;
  return p as Plain;
}

export function validateConfig(config: CtyValue, block: BlockJson, rules: ResourceRules): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [path, r] of Object.entries(rules.attributes)) {
    if (!r.validators?.length) continue;
    for (const pos of positions({ planned: config, prior: null, config }, block, path)) {
      const value = known(pos.config);
      if (value === undefined) continue;
      const last = path.split(".").pop() ?? path;
      for (const rule of r.validators) {
        const key = rule.diag_func ? last : flatmapKey(pos.steps);
        const problem = check(rule, value, { path: frameworkPath(pos.steps), key });
        if (problem) out.push({ severity: "ERROR", ...problem, attribute: { steps: pos.steps } });
      }
    }
  }
  return out;
}
