// What was reviewed, and the check that main applies exactly that. The PR comment carries
// a hidden record (the PR head commit and each planned stack's PlanDigest); on main the
// merged PR's record is read back (reviewed-plan.ts fetch) and every stack's fresh plan
// must have the same digest, or nothing is applied (reviewed-plan.ts verify).
//
// Guarantee: a stack is applied only when its plan's changes, as the comment renders them
// (plan-digest.ts), equal those of the plan shown on the merged PR for its final head
// commit, or those a maintainer re-approved by digest through a deploy dispatch. Not a
// guarantee against a merged change to this pipeline code itself: that is what code review
// of pipeline/ and .github/ is for.
import { z } from "zod";
import { compareDigests, NO_CHANGES_DIGEST, type PlanDigest } from "./plan-digest";
import type { IssueComment } from "./sticky-comment";

const MARKER_PREFIX = "<!-- neuropilot-reviewed-plan:";
/** Above this size the per-resource hashes are dropped; the stack digests alone still decide. */
const MAX_MARKER_CHARS = 16_000;
/** The workflows' own token posts the plan comment; a record in anyone else's comment is ignored. */
export const PLAN_COMMENT_AUTHOR = "github-actions[bot]";

const DigestSchema = z.strictObject({
  digest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  resources: z.record(z.string(), z.string()),
});

const MarkerSchema = z.strictObject({
  head: z.string().regex(/^[0-9a-f]{40}$/),
  stacks: z.record(z.string(), DigestSchema),
});

export type ReviewedMarker = z.infer<typeof MarkerSchema>;

export const ReviewedRecordSchema = z.discriminatedUnion("source", [
  z.strictObject({
    source: z.literal("pull-request"),
    pr: z.number().int(),
    head: z.string(),
    stacks: MarkerSchema.shape.stacks,
  }),
  z.strictObject({ source: z.literal("approval"), actor: z.string(), stacks: MarkerSchema.shape.stacks }),
  z.strictObject({ source: z.literal("none"), reason: z.string() }),
]);

export type ReviewedRecord = z.infer<typeof ReviewedRecordSchema>;

/**
 * The record with its resource addresses (and their for_each keys) scrubbed: base64url hides
 * them from a scrub of the comment. Addresses that scrub to the same text keep the first
 * one's hash: the stack digest, computed over the unscrubbed plan, still decides
 * (verifyReviewed). The other strings are ours: the head is hex, and stack names are the
 * catalog's `[a-z0-9-]` names main looks the record up by (scrubbing one could only make the
 * apply refuse).
 */
export function scrubMarker(marker: ReviewedMarker, redactor: { scrub(text: string): string }): ReviewedMarker {
  return { head: marker.head, stacks: scrubStacks(marker.stacks, redactor) };
}

/** The resource keys of a digest map, scrubbed (see scrubMarker). */
export function scrubStacks(
  stacks: Record<string, PlanDigest>,
  redactor: { scrub(text: string): string },
): Record<string, PlanDigest> {
  const scrubbed: Record<string, PlanDigest> = {};
  for (const [name, digest] of Object.entries(stacks)) {
    const resources: Record<string, string> = {};
    for (const [key, hash] of Object.entries(digest.resources)) resources[redactor.scrub(key)] ??= hash;
    scrubbed[name] = { digest: digest.digest, resources };
  }
  return scrubbed;
}

/** The hidden line the plan comment carries (base64url JSON: no `-->` can end it early). */
export function encodeMarker(marker: ReviewedMarker): string {
  const full = JSON.stringify(marker);
  const slim = (): string =>
    JSON.stringify({
      ...marker,
      stacks: Object.fromEntries(Object.entries(marker.stacks).map(([name, d]) => [name, { ...d, resources: {} }])),
    });
  const json = full.length <= MAX_MARKER_CHARS ? full : slim();
  return `${MARKER_PREFIX}${Buffer.from(json, "utf8").toString("base64url")} -->`;
}

export function decodeMarker(body: string): ReviewedMarker | undefined {
  const start = body.indexOf(MARKER_PREFIX);
  if (start === -1) return undefined;
  const end = body.indexOf(" -->", start);
  if (end === -1) return undefined;
  try {
    const json: unknown = JSON.parse(
      Buffer.from(body.slice(start + MARKER_PREFIX.length, end), "base64url").toString("utf8"),
    );
    const parsed = MarkerSchema.safeParse(json);
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export interface MergedPullRequest {
  number: number;
  /** The head commit the PR had when it was merged. */
  headSha: string;
}

/** The record of the merged PR: its workflow-posted plan comment, describing its final head. */
export function reviewedFromComments(pr: MergedPullRequest, comments: IssueComment[]): ReviewedRecord {
  const ours = comments.filter((c) => c.authorType === "Bot" && c.authorLogin === PLAN_COMMENT_AUTHOR);
  const markers = ours.map((c) => decodeMarker(c.body)).filter((m): m is ReviewedMarker => m !== undefined);
  const marker = markers.at(-1);
  if (marker === undefined) {
    return { source: "none", reason: `PR #${pr.number} has no plan comment with a reviewed-plan record` };
  }
  if (marker.head !== pr.headSha) {
    return {
      source: "none",
      reason: `PR #${pr.number}'s plan comment describes ${marker.head.slice(0, 7)}, but ${pr.headSha.slice(0, 7)} was merged`,
    };
  }
  return { source: "pull-request", pr: pr.number, head: marker.head, stacks: marker.stacks };
}

const APPROVAL = /^[a-z0-9][a-z0-9-]{0,62}=sha256:[0-9a-f]{64}$/;

/**
 * A maintainer's re-approval from the deploy workflow's `approve` input:
 * `stack=sha256:<64 hex>[,stack=sha256:<64 hex>…]`. Anything else (newlines included) is refused.
 */
export function parseApproval(input: string, actor: string): ReviewedRecord {
  const parts = input.split(",").map((part) => part.trim());
  const bad = parts.find((part) => !APPROVAL.test(part));
  if (input.length > 2000 || bad !== undefined) {
    throw new Error(
      `approve must be stack=sha256:<64 hex digits>, comma-separated, as printed by a refused deploy; got ${JSON.stringify(bad ?? input.slice(0, 80))}`,
    );
  }
  const stacks: Record<string, PlanDigest> = {};
  for (const part of parts) {
    const [stack, digest] = part.split("=");
    stacks[stack] = { digest, resources: {} };
  }
  return { source: "approval", actor, stacks };
}

export interface Verdict {
  apply: boolean;
  /** Markdown for the job summary and, when refused, the PR comment. */
  message: string;
}

/** Main's plan of `stack` against the reviewed record: apply only on equal digests. */
export function verifyReviewed(record: ReviewedRecord, stack: string, actual: PlanDigest): Verdict {
  const name = `\`${stack}\``;
  const reviewed = record.source === "none" ? undefined : (record.stacks[stack] ?? NO_CHANGES_DIGEST);
  const from =
    record.source === "pull-request"
      ? `PR #${record.pr} (head ${record.head.slice(0, 7)})${record.stacks[stack] ? "" : ", which did not plan this stack (no changes expected)"}`
      : record.source === "approval"
        ? `the re-approval by @${record.actor}`
        : `nothing: ${record.reason}`;
  if (reviewed !== undefined && reviewed.digest === actual.digest) {
    return { apply: true, message: `✅ ${name}: main's plan equals the plan reviewed in ${from} (${actual.digest}).` };
  }
  // Nothing to apply is always safe (a re-run after a successful deploy, say).
  if (actual.digest === NO_CHANGES_DIGEST.digest) {
    return { apply: true, message: `✅ ${name}: no changes to apply (reviewed: ${from}).` };
  }
  const lines = [
    `### ⛔ ${name}: main's plan differs from the reviewed plan, so nothing was applied`,
    "",
    `- Reviewed: ${from}${reviewed ? `, ${reviewed.digest}` : ""}`,
    `- Main's plan now: ${actual.digest}`,
  ];
  if (reviewed !== undefined && Object.keys(reviewed.resources).length + Object.keys(actual.resources).length > 0) {
    const diff = compareDigests(reviewed, actual);
    const list = (label: string, keys: string[]): void => {
      if (keys.length > 0)
        lines.push(
          `- ${label}: ${keys
            .slice(0, 30)
            .map((k) => `\`${k.replace(/`/g, "'")}\``)
            .join(", ")}${keys.length > 30 ? ` … and ${keys.length - 30} more` : ""}`,
        );
    };
    list("Changes not in the reviewed plan", diff.added);
    list("Reviewed changes no longer planned", diff.removed);
    list("Changing differently than reviewed", diff.changed);
  }
  lines.push(
    "",
    "This happens when the infrastructure moved after the PR was planned: another deploy applied (or was still waiting when the PR was planned), or something changed outside Terraform.",
    "",
    "To re-approve: read main's plan in this run's job summary. If it is what you want, run the **deploy** workflow on `main` " +
      `(Actions → deploy → Run workflow) with \`approve\` set to \`${stack}=${actual.digest}\`; production still waits for its reviewers. ` +
      "Otherwise open a pull request that makes the plan what it should be.",
  );
  return { apply: false, message: lines.join("\n") };
}
