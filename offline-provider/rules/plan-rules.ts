// The real providers' plan-time rules applied to a planned state (see types.ts for the
// data). Mirrors what the SDKs do in PlanResourceChange:
// - defaults fill attributes whose configuration is null (framework: TransformDefaults;
//   SDKv2: Default);
// - plugin framework, update with a change: computed attributes null in the
//   configuration become unknown (MarkComputedNilsAsUnknown), except those with a default
//   or UseStateForUnknown(), which keep the prior state's value;
// - replacement: a RequiresReplace/ForceNew attribute whose planned value differs from
//   the prior state's (RequiresReplaceIfConfigured: and is set in the configuration).
//   Terraform core checks each returned path again and keeps only real changes.
import { type CtyValue, UNKNOWN, UnknownValue } from "../cty";
import type { BlockJson } from "../schema";
import { type PathStep, attributePaths, positions, sameValue } from "./positions";
import type { ResourceRules } from "./types";

export type AttributePath = PathStep[];

/** SDKv2 DiffSuppressFunc attributes left out of the configuration keep their prior value (no diff). */
export function keepSuppressed(
  planned: CtyValue,
  prior: CtyValue,
  config: CtyValue,
  block: BlockJson,
  rules: ResourceRules,
): void {
  for (const [path, r] of Object.entries(rules.attributes)) {
    if (!r.diff_suppress) continue;
    for (const pos of positions({ planned, prior, config }, block, path)) {
      if (pos.config === null && pos.prior !== null) pos.set(pos.prior);
    }
  }
}

export function applyDefaults(planned: CtyValue, config: CtyValue, block: BlockJson, rules: ResourceRules): void {
  for (const [path, r] of Object.entries(rules.attributes)) {
    if (!r.default) continue;
    for (const pos of positions({ planned, prior: null, config }, block, path)) {
      if (pos.config === null) pos.set(r.default.value);
    }
  }
}

/** Framework update with a change: computed attributes null in config go unknown, unless kept. */
export function markComputedUnknown(
  planned: CtyValue,
  prior: CtyValue,
  config: CtyValue,
  block: BlockJson,
  rules: ResourceRules,
): void {
  for (const [path, attr] of attributePaths(block)) {
    if (!attr.computed) continue;
    const r = rules.attributes[path];
    if (r?.default || r?.use_state_for_unknown) continue;
    for (const pos of positions({ planned, prior, config }, block, path)) {
      if (pos.config === null && !(pos.planned instanceof UnknownValue)) pos.set(UNKNOWN);
    }
  }
}

function sameCount(a: CtyValue, b: CtyValue): boolean {
  const n = (v: CtyValue) => (Array.isArray(v) ? v.length : v === null ? 0 : -1);
  return n(a) === n(b) && n(a) !== -1;
}

export function replacePaths(
  planned: CtyValue,
  prior: CtyValue,
  config: CtyValue,
  block: BlockJson,
  rules: ResourceRules,
  imported: boolean,
): AttributePath[] {
  // An offline import (planner.importedState) knows only what the id says, and the stack's
  // cross-stack values are placeholders offline: no replacement is claimed against it. A
  // prior state read from the simulated account is not "imported" and gets the full rules.
  if (imported) return [];
  const out: AttributePath[] = [];
  const seen = new Set<string>();
  for (const [path, r] of Object.entries(rules.attributes)) {
    if (!r.requires_replace) continue;
    for (const pos of positions({ planned, prior, config }, block, path)) {
      if (r.requires_replace.if_configured && pos.config === null) continue;
      // SDKv2 ForceNew on a nested block marks only its element count (the "branch.#" diff);
      // a changed inner attribute forces replacement through its own ForceNew.
      if (rules.sdk === "sdkv2" && !pos.attr ? sameCount(pos.planned, pos.prior) : sameValue(pos.planned, pos.prior))
        continue;
      const key = JSON.stringify(pos.steps);
      if (!seen.has(key)) out.push(pos.steps);
      seen.add(key);
    }
  }
  return out;
}
