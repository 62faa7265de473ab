// The digest of a plan's changes, as a reviewer sees them: main applies only a plan whose
// digest equals the one recorded in the merged PR's plan comment (see reviewed-plan.ts).
//
// What goes in: each managed resource the plan changes (address, actions, previous address,
// import id) with its attribute lines exactly as the comment renders them but never cut
// (before → after, sensitive values masked, unknowns as "(known after apply)", values
// scrubbed), and the names and actions of changed outputs. Left out, because no reviewer
// could have seen them: values the plan marks sensitive (an update that changes only
// sensitive values does not count as a change), drift outside the changes, Terraform
// version and timestamps. Equal digests therefore mean: the same resources change in the
// same way, from the same visible values to the same visible values.
import { createHash } from "node:crypto";
import { Redactor, SENSITIVE } from "../secrets/redact";
import { attributeChanges } from "./attribute-diff";
import type { TerraformPlan } from "./plan-json";
import { plannedChanges } from "./plan-summary";

export interface PlanDigest {
  /** sha256 over every entry below, `sha256:<hex>`. */
  digest: string;
  /** Resource address (or `output.<name>`) → 16 hex characters of its entry's sha256. */
  resources: Record<string, string>;
}

type Entry = { key: string; value: unknown };

export function planDigest(plan: TerraformPlan): PlanDigest {
  const redactor = new Redactor();
  const entries: Entry[] = [];
  for (const resource of plannedChanges(plan)) {
    const attributes = attributeChanges(resource.change, { redactor, maxValueChars: Infinity })
      .filter((line) => !(line.before === SENSITIVE && line.after === SENSITIVE && !line.forcesReplacement))
      .map((line) => [line.path, line.before, line.after, line.forcesReplacement]);
    const actions = resource.change.actions;
    // An in-place update whose only changes are hidden values shows nothing to review.
    if (actions.length === 1 && actions[0] === "update" && attributes.length === 0) continue;
    entries.push({
      key: resource.address,
      value: {
        actions,
        attributes,
        previous: resource.previous_address ?? null,
        importing: resource.change.importing?.id ?? null,
      },
    });
  }
  for (const [name, change] of Object.entries(plan.output_changes)) {
    if (change.actions.every((action) => action === "no-op")) continue;
    entries.push({ key: `output.${name}`, value: { actions: change.actions } });
  }
  entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const resources: Record<string, string> = {};
  for (const entry of entries) resources[entry.key] = sha256(canonical(entry.value)).slice(0, 16);
  return { digest: `sha256:${sha256(canonical(entries))}`, resources };
}

/** The digest of a plan with no changes: what main must find for a stack the PR did not plan. */
export const NO_CHANGES_DIGEST: PlanDigest = {
  digest: `sha256:${sha256(canonical([]))}`,
  resources: {},
};

export interface DigestComparison {
  equal: boolean;
  /** In main's plan, not in the reviewed one. */
  added: string[];
  /** In the reviewed plan, not in main's. */
  removed: string[];
  /** In both, changing differently. */
  changed: string[];
}

export function compareDigests(reviewed: PlanDigest, actual: PlanDigest): DigestComparison {
  const reviewedKeys = Object.keys(reviewed.resources);
  const actualKeys = Object.keys(actual.resources);
  return {
    equal: reviewed.digest === actual.digest,
    added: actualKeys.filter((key) => !(key in reviewed.resources)),
    removed: reviewedKeys.filter((key) => !(key in actual.resources)),
    changed: actualKeys.filter((key) => key in reviewed.resources && reviewed.resources[key] !== actual.resources[key]),
  };
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** JSON with object keys sorted, so equal values hash equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const object = value as Record<string, unknown>;
    return `{${Object.keys(object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(object[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value);
}
