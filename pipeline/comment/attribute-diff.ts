// Attribute-level before/after of one resource change, with sensitive values masked by
// the plan's own `before_sensitive`/`after_sensitive` and unknown values shown as
// "(known after apply)". Nothing here ever formats a value the plan marks sensitive, and
// every other value is scrubbed (known secrets, secret patterns) before it is cut to length.
import { SENSITIVE, type Redactor } from "../../secrets/redact";
import { deepEqual, isJsonObject, type JsonValue } from "../synth/json";
import type { Change } from "../plan/plan-json";

export { SENSITIVE };
export const KNOWN_AFTER_APPLY = "(known after apply)";
const ABSENT = "(none)";
/** Longest value a comment line shows (after scrubbing). */
export const MAX_VALUE_CHARS = 160;

export interface AttributeChange {
  path: string;
  before: string;
  after: string;
  forcesReplacement: boolean;
}

type Mask = JsonValue | undefined;
type Segment = string | number;

export interface AttributeOptions {
  /**
   * Scrubs each value before it is cut: the caller's, built with the job's known secrets
   * (known-secrets.ts) and the plan's sensitive values. Required: a default of patterns only
   * would print a known secret of a shape no pattern knows.
   */
  redactor: Redactor;
  /** Longest value shown; Infinity for the digest of the reviewed plan. */
  maxValueChars?: number;
}

export function attributeChanges(change: Change, options: AttributeOptions): AttributeChange[] {
  const collected: Array<{ path: Segment[]; before: string; after: string }> = [];
  const { redactor } = options;
  const format: Formatter = (value, sensitive, unknown) =>
    formatValue(value, sensitive, unknown, redactor, options.maxValueChars ?? MAX_VALUE_CHARS);
  walk(
    {
      before: change.before ?? undefined,
      after: change.after ?? undefined,
      beforeSensitive: change.before_sensitive,
      afterSensitive: change.after_sensitive,
      afterUnknown: change.after_unknown,
    },
    [],
    collected,
    format,
  );
  const replacePaths = change.replace_paths ?? [];
  const forces = (path: Segment[]): boolean => replacePaths.some((replacePath) => startsWith(path, replacePath));
  const changes = collected.map(({ path, before, after }) => ({
    path: formatPath(path),
    before,
    after,
    forcesReplacement: forces(path),
  }));
  // A replace path with no visible value change (e.g. a computed attribute) still deserves a line.
  for (const replacePath of replacePaths) {
    if (!collected.some(({ path }) => startsWith(path, replacePath) || startsWith(replacePath, path))) {
      changes.push({ path: formatPath(replacePath), before: "", after: "", forcesReplacement: true });
    }
  }
  return changes;
}

/** The value with every sensitive part replaced by SENSITIVE and every unknown part by KNOWN_AFTER_APPLY. */
function redactValue(value: JsonValue | undefined, sensitive: Mask, unknown: Mask = undefined): JsonValue {
  if (sensitive === true) return SENSITIVE;
  if (unknown === true) return KNOWN_AFTER_APPLY;
  if (Array.isArray(value)) {
    return value.map((item, index) => redactValue(item, child(sensitive, index), child(unknown, index)));
  }
  if (isJsonObject(value)) {
    const result: { [key: string]: JsonValue } = {};
    for (const [key, item] of Object.entries(value))
      result[key] = redactValue(item, child(sensitive, key), child(unknown, key));
    return result;
  }
  return value ?? null;
}

interface Side {
  before: JsonValue | undefined;
  after: JsonValue | undefined;
  beforeSensitive: Mask;
  afterSensitive: Mask;
  afterUnknown: Mask;
}

type Formatter = (value: JsonValue | undefined, sensitive: Mask, unknown?: Mask) => string;

function walk(
  side: Side,
  path: Segment[],
  out: Array<{ path: Segment[]; before: string; after: string }>,
  format: Formatter,
): void {
  const { before, after, beforeSensitive, afterSensitive, afterUnknown } = side;
  if (beforeSensitive === true || afterSensitive === true) {
    // Mask both sides: "was secret" or "becomes secret" are both reasons to show nothing.
    if (!deepEqual(before, after) || afterUnknown === true || beforeSensitive !== afterSensitive) {
      out.push({
        path,
        before: before === undefined ? ABSENT : SENSITIVE,
        after: afterUnknown === true ? KNOWN_AFTER_APPLY : SENSITIVE,
      });
    }
    return;
  }
  if (afterUnknown === true) {
    out.push({ path, before: format(before, beforeSensitive), after: KNOWN_AFTER_APPLY });
    return;
  }
  const keys = containerKeys(before, after, afterUnknown);
  if (keys !== undefined) {
    for (const key of keys) {
      walk(
        {
          before: child(before, key),
          after: child(after, key),
          beforeSensitive: child(beforeSensitive, key),
          afterSensitive: child(afterSensitive, key),
          afterUnknown: child(afterUnknown, key),
        },
        [...path, key],
        out,
        format,
      );
    }
    return;
  }
  if (!deepEqual(before ?? null, after ?? null)) {
    // A value formatted whole (it changes kind) may still have unknown parts: the mask says which.
    out.push({ path, before: format(before, beforeSensitive), after: format(after, afterSensitive, afterUnknown) });
  }
}

/** Keys to recurse into when both sides are the same kind of container (or absent); undefined for leaves. */
function containerKeys(
  before: JsonValue | undefined,
  after: JsonValue | undefined,
  unknown: Mask,
): Segment[] | undefined {
  const sides = [before, after].filter((value) => value !== undefined && value !== null);
  if (sides.length === 0) return undefined;
  if (sides.every(Array.isArray)) {
    const lengths = [before, after, unknown].map((value) => (Array.isArray(value) ? value.length : 0));
    return Array.from({ length: Math.max(...lengths) }, (_, index) => index);
  }
  if (sides.every(isJsonObject)) {
    const keys = new Set<string>();
    for (const value of [before, after, unknown])
      if (isJsonObject(value)) Object.keys(value).forEach((key) => keys.add(key));
    return [...keys].sort();
  }
  return undefined;
}

function child(value: Mask, key: Segment): JsonValue | undefined {
  if (typeof key === "number") return Array.isArray(value) ? value[key] : undefined;
  return isJsonObject(value) ? value[key] : undefined;
}

function formatValue(
  value: JsonValue | undefined,
  sensitive: Mask,
  unknown: Mask,
  redactor: Redactor,
  maxChars: number,
): string {
  if (value === undefined) return ABSENT;
  // Scrub the whole value first: a secret crossing the cut would no longer match.
  const text = redactor.scrub(JSON.stringify(redactValue(value, sensitive, unknown)));
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}

function formatPath(path: Segment[]): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(segment)) text += text === "" ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text === "" ? "(whole value)" : text;
}

function startsWith(path: Segment[], prefix: Segment[]): boolean {
  // A prefix longer than the path fails too: path[index] past its end is undefined, no segment is.
  return prefix.every((segment, index) => segment === path[index]);
}
