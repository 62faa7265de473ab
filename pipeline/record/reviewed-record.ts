// What was reviewed, and the check that main applies exactly that. The trusted plan workflow
// (plan-pr.yml, main's code) puts a hidden record in the PR comment: the PR number, its head
// and base commits and each planned stack's PlanDigest, authenticated by an HMAC-SHA256 with
// the record key (RECORD_KEY_SECRET, held only by the plan environment and the deployment
// environments). On main the merged PR's comments are read back (reviewed-plan.ts fetch);
// only a record whose HMAC verifies and which names the merged PR and its final head commit
// counts, whoever's comment carries it: a PR-authored comment, status or artifact cannot
// make one without the key, and the author's name decides nothing.
//
// Guarantee: a stack is applied only when its complete plan digest (plan-digest.ts) equals
// the one the trusted plan recorded for the merged PR's final head commit (no entry for a
// stack means "no change at all"), or one a maintainer re-approved by digest through a deploy
// dispatch (environment REAPPROVE_ENVIRONMENT, required reviewers), and, when it destroys or
// replaces a stateful resource, the merged PR carries the data-loss label.
import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { REAPPROVE_ENVIRONMENT } from "../../constructs/github/workflow-contract";
import { compareDigests, canonical, hmac, noChangesDigest, type PlanDigest } from "./plan-digest";
import type { IssueComment } from "../github/sticky-comment";

const MARKER_PREFIX = "<!-- neuropilot-reviewed-plan:";
/** Above this size the per-resource hashes are dropped; the stack digests alone still decide. */
const MAX_MARKER_CHARS = 16_000;
/** A marker longer than this is not decoded at all (a hostile comment may be huge). */
const MAX_ENCODED_CHARS = 64_000;
/**
 * At most this many records are carried from the comments to the verifier: the last ones
 * whose MAC verifies and that name the merged PR and head. Forged markers never count
 * towards it (they are dropped where they are read, with the key), so no number of them can
 * push the genuine record out; only the trusted plan's own re-runs add to it.
 */
const MAX_CANDIDATES = 50;
/** Domain separation: the record MAC can never be confused with a digest MAC. */
const RECORD_MAC_CONTEXT = "neuropilot-reviewed-plan:v2:";

const SHA = z.string().regex(/^[0-9a-f]{40}$/);

const DigestSchema = z.strictObject({
  digest: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  resources: z.record(z.string(), z.string().regex(/^[0-9a-f]{16}$/)),
});

const PayloadSchema = z.strictObject({
  pr: z.number().int().positive(),
  head: SHA,
  base: SHA,
  stacks: z.record(z.string(), DigestSchema),
});

const MarkerSchema = PayloadSchema.extend({ mac: z.string().regex(/^[0-9a-f]{64}$/) });

/** What the trusted plan records: bound to the PR, its head and base commits, and the stacks. */
export type RecordPayload = z.infer<typeof PayloadSchema>;
type Marker = z.infer<typeof MarkerSchema>;

const Labels = z.array(z.string()).max(100);

export const ReviewedRecordSchema = z.discriminatedUnion("source", [
  z.strictObject({
    source: z.literal("pull-request"),
    pr: z.number().int().positive(),
    head: SHA,
    /** The merged PR's labels, read from the API by deploy.yml (never from an artifact). */
    labels: Labels,
    /** Markers of the PR's comments whose MAC verified for this PR and head when read, oldest first; verify checks again. */
    markers: z.array(z.string().max(MAX_ENCODED_CHARS)).max(MAX_CANDIDATES),
  }),
  z.strictObject({
    source: z.literal("approval"),
    actor: z.string(),
    labels: Labels,
    stacks: z.record(z.string(), DigestSchema),
  }),
  z.strictObject({ source: z.literal("none"), reason: z.string(), labels: Labels.default([]) }),
]);

export type ReviewedRecord = z.infer<typeof ReviewedRecordSchema>;

/**
 * The resource keys of a digest map, scrubbed: the record is base64url, so a scrub of the
 * comment cannot see into it, and addresses (with their for_each keys) may carry secrets.
 * Addresses that scrub to the same text keep the first one's hash: the stack digest, computed
 * over the unscrubbed plan, still decides (verifyReviewed). Stack names are the catalog's
 * `[a-z0-9-]` names main looks the record up by, and stay as they are.
 */
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

function recordMac(payload: RecordPayload, key: string): string {
  return hmac(key, `${RECORD_MAC_CONTEXT}${canonical(payload)}`);
}

/** The hidden line the plan comment carries (base64url JSON: no `-->` can end it early). */
export function encodeMarker(payload: RecordPayload, key: string): string {
  const slim: RecordPayload = {
    ...payload,
    stacks: Object.fromEntries(Object.entries(payload.stacks).map(([name, d]) => [name, { ...d, resources: {} }])),
  };
  const chosen = JSON.stringify(payload).length <= MAX_MARKER_CHARS ? payload : slim;
  const marker: Marker = { ...chosen, mac: recordMac(chosen, key) };
  return `${MARKER_PREFIX}${Buffer.from(JSON.stringify(marker), "utf8").toString("base64url")} -->`;
}

/** Every encoded marker in a comment body (without prefix and suffix), bounded in size. */
export function markersIn(body: string): string[] {
  const found: string[] = [];
  let from = 0;
  for (;;) {
    const start = body.indexOf(MARKER_PREFIX, from);
    if (start === -1) return found;
    const end = body.indexOf(" -->", start);
    if (end === -1) return found;
    const encoded = body.slice(start + MARKER_PREFIX.length, end);
    if (encoded.length <= MAX_ENCODED_CHARS && /^[A-Za-z0-9_-]*$/.test(encoded)) found.push(encoded);
    from = end;
  }
}

/** The payload when its MAC verifies under `key` (constant-time compare), else undefined. */
export function authenticateMarker(encoded: string, key: string): RecordPayload | undefined {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
  const parsed = MarkerSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const { mac, ...payload } = parsed.data;
  const expected = Buffer.from(recordMac(payload, key), "hex");
  const given = Buffer.from(mac, "hex");
  return expected.length === given.length && timingSafeEqual(expected, given) ? payload : undefined;
}

export interface MergedPullRequest {
  number: number;
  /** The head commit the PR had when it was merged. */
  headSha: string;
  /** Its labels, from the API. */
  labels: string[];
}

/**
 * The records of the merged PR: every marker in any of its comments (authors are not trusted
 * either way) whose MAC verifies under `key` and that names this PR and its final head.
 */
export function reviewedFromComments(pr: MergedPullRequest, comments: IssueComment[], key: string): ReviewedRecord {
  const found = comments.flatMap((c) => markersIn(c.body));
  const authentic = found
    .map((encoded) => ({ encoded, payload: authenticateMarker(encoded, key) }))
    .filter((m): m is { encoded: string; payload: RecordPayload } => m.payload !== undefined);
  const markers = authentic
    .filter((m) => m.payload.pr === pr.number && m.payload.head === pr.headSha)
    .map((m) => m.encoded)
    .slice(-MAX_CANDIDATES);
  if (markers.length > 0)
    return { source: "pull-request", pr: pr.number, head: pr.headSha, labels: pr.labels, markers };
  const head = pr.headSha.slice(0, 7);
  const ours = authentic.filter((m) => m.payload.pr === pr.number).at(-1);
  const reason =
    found.length === 0
      ? `PR #${pr.number} has no reviewed-plan record for its merged head ${head}`
      : ours !== undefined
        ? `PR #${pr.number}'s trusted plan record describes ${ours.payload.head.slice(0, 7)}, but ${head} was merged`
        : `PR #${pr.number} has no reviewed-plan record written by the trusted plan for its merged head ${head} ` +
          `(none of ${found.length} marker(s) in ${comments.length} comment(s) verifies)`;
  return { source: "none", reason, labels: pr.labels };
}

const APPROVAL = /^[a-z0-9][a-z0-9-]{0,62}=sha256:[0-9a-f]{64}$/;

/**
 * A maintainer's re-approval from the deploy workflow's `approve` input:
 * `stack=sha256:<64 hex>[,stack=sha256:<64 hex>…]`. Anything else (newlines included) is refused.
 */
export function parseApproval(input: string, actor: string, labels: string[] = []): ReviewedRecord {
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
  return { source: "approval", actor, labels, stacks };
}

/** What the record says was reviewed, once authenticated: the stacks' digests and where from. */
export interface Reviewed {
  stacks: Record<string, PlanDigest> | undefined;
  /** Markdown naming the source, for the verdict. */
  from: string;
}

/** Authenticates a record: the last marker whose MAC verifies and that names this PR and head. */
export function resolveRecord(record: ReviewedRecord, key: string): Reviewed {
  if (record.source === "none") return { stacks: undefined, from: `nothing: ${record.reason}` };
  if (record.source === "approval") return { stacks: record.stacks, from: `the re-approval by @${record.actor}` };
  const authentic = record.markers
    .map((encoded) => authenticateMarker(encoded, key))
    .filter((payload): payload is RecordPayload => payload !== undefined);
  const bound = authentic.filter((p) => p.pr === record.pr && p.head === record.head).at(-1);
  if (bound === undefined) {
    const reason =
      authentic.length === 0
        ? `PR #${record.pr} has no reviewed-plan record written by the trusted plan (none of ${record.markers.length} verifies)`
        : `PR #${record.pr}'s trusted plan record describes ${authentic.at(-1)?.head.slice(0, 7)}, but ${record.head.slice(0, 7)} was merged`;
    return { stacks: undefined, from: `nothing: ${reason}` };
  }
  return {
    stacks: bound.stacks,
    from: `PR #${bound.pr} (head ${bound.head.slice(0, 7)}, base ${bound.base.slice(0, 7)})`,
  };
}

export interface Verdict {
  apply: boolean;
  /** Markdown for the job summary and, when refused, the PR comment. */
  message: string;
}

/** Main's plan of `stack` against the reviewed record: apply only on equal digests. */
export function verifyReviewed(record: ReviewedRecord, stack: string, actual: PlanDigest, key: string): Verdict {
  const name = `\`${stack}\``;
  const resolved = resolveRecord(record, key);
  const none = noChangesDigest(key);
  const reviewed = resolved.stacks === undefined ? undefined : (resolved.stacks[stack] ?? none);
  const from =
    resolved.stacks !== undefined && resolved.stacks[stack] === undefined
      ? `${resolved.from}, which did not plan this stack (no change at all expected)`
      : resolved.from;
  if (reviewed !== undefined && reviewed.digest === actual.digest) {
    return { apply: true, message: `✅ ${name}: main's plan equals the plan reviewed in ${from} (${actual.digest}).` };
  }
  // Nothing to apply is always safe (a re-run after a successful deploy, say).
  if (actual.digest === none.digest) {
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
    "This happens when the infrastructure moved after the PR was planned (another deploy applied, or something changed outside Terraform), when a change hides in values the comment masks, or when no trusted plan recorded this PR.",
    "",
    "To re-approve: read main's plan in this run's job summary. If it is what you want, run the **deploy** workflow on `main` " +
      `(Actions → deploy → Run workflow) with \`approve\` set to \`${stack}=${actual.digest}\`; a reviewer of the \`${REAPPROVE_ENVIRONMENT}\` environment must approve the run, and production still waits for its reviewers. ` +
      "Otherwise open a pull request that makes the plan what it should be.",
  );
  return { apply: false, message: lines.join("\n") };
}
