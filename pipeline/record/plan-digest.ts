// The complete digest of a plan's changes: main applies only a plan whose digest equals the
// one in the merged PR's authenticated record (reviewed-record.ts, reviewed-plan.ts).
//
// What goes in, per managed resource the plan changes: address, actions, previous address,
// import id, replace paths, and the whole `before` and `after` values with the unknown mask,
// never cut and never scrubbed. A value the plan marks sensitive enters as a keyed hash
// (HMAC-SHA256 with the record key), so a sensitive-only change, or one masked value swapped
// for another, changes the digest although the comment shows neither value. Per output:
// actions, before and after the same way. Left out: drift outside the changes, Terraform
// version, timestamps.
//
// Every hash here is keyed (HMAC-SHA256 with RECORD_KEY_SECRET): the record is published in
// a PR comment, and an unkeyed hash of a short value (a replica count, a masked token) could
// be guessed back from it.
import { createHmac } from "node:crypto";
import { RECORD_KEY_SECRET } from "../../constructs/github/workflow-contract";
import { isJsonObject, type JsonValue } from "../synth/json";
import type { Change, TerraformPlan } from "../plan/plan-json";
import { plannedChanges } from "../plan/plan-summary";

export interface PlanDigest {
  /** HMAC-SHA256 over every entry below, `sha256:<hex>`. */
  digest: string;
  /** Resource address (or `output.<name>`) → 16 hex characters of its entry's HMAC. */
  resources: Record<string, string>;
}

/** Shortest record key accepted: 32 characters (e.g. `openssl rand -hex 32` gives 64). */
export const MIN_RECORD_KEY_CHARS = 32;

/** The record key from the environment, or a one-line error naming the secret and the fix. */
export function recordKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  // Stryker disable next-line StringLiteral: any fallback shorter than MIN_RECORD_KEY_CHARS throws the same error (the message never shows the key)
  const key = env[RECORD_KEY_SECRET] ?? "";
  if (key.length < MIN_RECORD_KEY_CHARS) {
    throw new Error(
      `${RECORD_KEY_SECRET} must be set to at least ${MIN_RECORD_KEY_CHARS} characters ` +
        `(an environment secret of the plan and deployment environments; create one with \`openssl rand -hex 32\`)`,
    );
  }
  return key;
}

type Entry = { key: string; value: unknown };

export function planDigest(plan: TerraformPlan, key: string): PlanDigest {
  const entries: Entry[] = [];
  for (const resource of plannedChanges(plan)) {
    entries.push({
      key: resource.address,
      value: {
        ...changeValue(resource.change, key),
        previous: resource.previous_address ?? null,
        importing: resource.change.importing?.id ?? null,
        replace: resource.change.replace_paths ?? [],
      },
    });
  }
  for (const [name, change] of Object.entries(plan.output_changes)) {
    if (change.actions.every((action) => action === "no-op")) continue;
    entries.push({ key: `output.${name}`, value: changeValue(change, key) });
  }
  return digestOf(entries, key);
}

/** The digest of a plan with no changes: what main must find for a stack the PR did not plan. */
export function noChangesDigest(key: string): PlanDigest {
  return digestOf([], key);
}

function digestOf(entries: Entry[], key: string): PlanDigest {
  entries.sort(byKey);
  const resources: Record<string, string> = {};
  for (const entry of entries) resources[entry.key] = hmac(key, canonical(entry)).slice(0, 16);
  return { digest: `sha256:${hmac(key, canonical(entries))}`, resources };
}

function byKey(a: Entry, b: Entry): number {
  if (a.key < b.key) return -1;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: V8's Array.prototype.sort only tests a comparator result for < 0, so 1 and 0 sort alike (array-sort.tq)
  return a.key > b.key ? 1 : 0;
}

function changeValue(change: Change, key: string): Record<string, unknown> {
  return {
    actions: change.actions,
    before: keyed(change.before, change.before_sensitive, key),
    after: keyed(change.after, change.after_sensitive, key),
    unknown: change.after_unknown ?? null,
  };
}

/** The value with every part the plan marks sensitive replaced by its keyed hash. */
function keyed(value: JsonValue | undefined, sensitive: JsonValue | undefined, key: string): unknown {
  if (value === undefined) return null;
  if (sensitive === true) return { sensitive: hmac(key, `sensitive:${canonical(value)}`) };
  if (Array.isArray(value)) {
    return value.map((item, index) => keyed(item, Array.isArray(sensitive) ? sensitive[index] : undefined, key));
  }
  if (isJsonObject(value)) {
    const result: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value))
      result[name] = keyed(item, isJsonObject(sensitive) ? sensitive[name] : undefined, key);
    return result;
  }
  return value;
}

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

export function hmac(key: string, text: string): string {
  return createHmac("sha256", key).update(text).digest("hex");
}

/** JSON with object keys sorted, so equal values hash equal. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const object = value as Record<string, unknown>;
    return `{${Object.keys(object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(object[key])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
