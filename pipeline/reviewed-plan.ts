// CLI: main applies exactly what was reviewed (reviewed-record.ts).
//   tsx pipeline/reviewed-plan.ts fetch --out reviewed.json
//       (push to main) the merged PR's reviewed-plan record, from its workflow-posted plan comment.
//   tsx pipeline/reviewed-plan.ts approve --out reviewed.json   ($APPROVE, $GITHUB_ACTOR)
//       (deploy dispatch) a maintainer's re-approval by digest, validated.
//   tsx pipeline/reviewed-plan.ts verify --reviewed reviewed.json --plans plans --stack <stack> [--refusal refusal.md] [--synth cdktf.out]
//       main's plan of one stack against the record; exit 1 (and output refused=true) when they differ.
//       The resource addresses the refusal lists are scrubbed like the comment's (--synth: the
//       synthesized stacks whose literals are no secret; default cdktf.out when it is there).
import { readFileSync, writeFileSync } from "node:fs";
import { Octokit } from "@octokit/rest";
import { appendStepSummary, flag, parseArgs, requiredFlag, setOutput } from "./github-actions";
import { octokitCommentStore, repoFromEnv } from "./github-rest";
import { parsePlan } from "./plan-json";
import { planDigest } from "./plan-digest";
import { knownSecrets } from "./known-secrets";
import { configLiterals, planSecrets } from "./plan-secrets";
import { hasManifest, readManifest, readStackJson } from "./synth-output";
import { Redactor } from "../secrets/redact";
import { planJsonFile, readPlanResults } from "./plan-results";
import {
  parseApproval,
  ReviewedRecordSchema,
  reviewedFromComments,
  scrubStacks,
  verifyReviewed,
  type ReviewedRecord,
} from "./reviewed-record";

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const args = parseArgs(rest);
  if (command === "fetch") writeRecord(requiredFlag(args, "out"), await fetchRecord());
  else if (command === "approve") {
    writeRecord(
      requiredFlag(args, "out"),
      parseApproval(process.env.APPROVE ?? "", process.env.GITHUB_ACTOR ?? "unknown"),
    );
  } else if (command === "verify") verify(args);
  else throw new Error("usage: reviewed-plan.ts fetch|approve|verify …");
}

async function fetchRecord(): Promise<ReviewedRecord> {
  const token = process.env.GITHUB_TOKEN;
  const sha = process.env.GITHUB_SHA;
  if (!token || !sha) throw new Error("GITHUB_TOKEN and GITHUB_SHA must be set");
  const octokit = new Octokit({ auth: token });
  const ref = repoFromEnv();
  const { data: prs } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...ref, commit_sha: sha });
  const merged = prs.find((pr) => pr.merged_at !== null && pr.merge_commit_sha === sha);
  if (merged === undefined) return { source: "none", reason: `${sha.slice(0, 7)} is not the merge of a pull request` };
  const comments = await octokitCommentStore(octokit, ref).listComments(merged.number);
  return reviewedFromComments({ number: merged.number, headSha: merged.head.sha }, comments);
}

function writeRecord(out: string, record: ReviewedRecord): void {
  writeFileSync(out, `${JSON.stringify(record, null, 2)}\n`);
  const what =
    record.source === "none"
      ? `no reviewed plan (${record.reason})`
      : `${record.source}: ${Object.keys(record.stacks).join(", ") || "no stack planned"}`;
  console.log(`reviewed plan record: ${what}`);
  if (record.source === "pull-request") setOutput("pr", String(record.pr));
}

function verify(args: ReturnType<typeof parseArgs>): void {
  const record = ReviewedRecordSchema.parse(JSON.parse(readFileSync(requiredFlag(args, "reviewed"), "utf8")));
  const plansDir = requiredFlag(args, "plans");
  const stack = requiredFlag(args, "stack");
  const result = readPlanResults(plansDir).find((r) => r.stack === stack);
  if (result === undefined || result.status === "failed")
    throw new Error(`no successful plan of ${stack} in ${plansDir}`);
  const plan = parsePlan(readFileSync(planJsonFile(plansDir, stack), "utf8"));
  // The addresses the refusal lists (main's and the record's) are scrubbed as the comment's are.
  const synthDir = flag(args, "synth") ?? "cdktf.out";
  const entry = hasManifest(synthDir) ? readManifest(synthDir).stacks[stack] : undefined;
  const literals = entry ? configLiterals(readStackJson(synthDir, entry)) : undefined;
  const redactor = new Redactor([...knownSecrets(process.env), ...planSecrets(plan, literals)]);
  const actual = scrubStacks({ [stack]: planDigest(plan) }, redactor)[stack];
  const scrubbed: ReviewedRecord =
    record.source === "none" ? record : { ...record, stacks: scrubStacks(record.stacks, redactor) };
  const verdict = verifyReviewed(scrubbed, stack, actual);
  console.log(verdict.message);
  appendStepSummary(verdict.message);
  setOutput("refused", String(!verdict.apply));
  if (!verdict.apply) {
    const refusal = flag(args, "refusal");
    if (refusal) writeFileSync(refusal, `<!-- neuropilot-refused:${stack} -->\n${verdict.message}\n`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
