// CLI: main applies exactly what was reviewed (reviewed-record.ts).
//   tsx pipeline/reviewed-plan.ts fetch --out reviewed.json
//       ($REVIEWED_PLAN_HMAC_KEY; push to main) the merged PR (by the pushed merge commit, from
//       the API), its labels and the reviewed-plan markers of all its comments whose MAC verifies
//       for that PR and head (reviewed-fetch.ts); verify checks the MAC again.
//   tsx pipeline/reviewed-plan.ts approve --out reviewed.json   ($APPROVE, $GITHUB_ACTOR)
//       (deploy dispatch, environment `reapprove`) a maintainer's re-approval by digest,
//       validated, with the labels of the PR merged as main's head commit.
//   tsx pipeline/reviewed-plan.ts verify --reviewed reviewed.json --plans plans --stack <stack> [--refusal refusal.md] [--synth cdktf.out]
//       ($REVIEWED_PLAN_HMAC_KEY) main's plan of one stack against the authenticated record,
//       then the data-loss gate against the merged PR's labels; exit 1 (and output
//       refused=true) when either refuses. The resource addresses the refusal lists are
//       scrubbed like the comment's (--synth: the synthesized stacks whose literals are no
//       secret; default cdktf.out when it is there). --unrefreshed (terraform-stack.yml's plan
//       job, which plans Neon and Railway stacks with -refresh=false): a re-approval's digest
//       was read off a refreshed apply plan, so only the apply job, which refreshes, checks it;
//       here it passes with a note (the data-loss gate still applies).
import { readFileSync, writeFileSync } from "node:fs";
import { Octokit } from "@octokit/rest";
import { UsageError } from "../cli/flags";
import { dataLosses, dataLossVerdict } from "./record/data-loss-gate";
import { appendStepSummary, commandLine, flag, parseArgs, requiredFlag, setOutput } from "./github/github-actions";
import { repoFromEnv } from "./github/github-rest";
import { parsePlan } from "./plan/plan-json";
import { planDigest, recordKeyFromEnv } from "./record/plan-digest";
import { knownSecrets } from "./plan/known-secrets";
import { configLiterals, planSecrets } from "./plan/plan-secrets";
import { hasManifest, readManifest, readStackJson } from "./synth/synth-output";
import { Redactor } from "../secrets/redact";
import { planJsonFile, readPlanResults } from "./plan/plan-results";
import { processIo, runAsEntry, type ScriptIo } from "./script-entry";
import { fetchReviewed, mergedPullRequest } from "./record/reviewed-fetch";
import {
  parseApproval,
  ReviewedRecordSchema,
  scrubStacks,
  verifyReviewed,
  type ReviewedRecord,
} from "./record/reviewed-record";

/** The command, in-process: `argv` and `env` as the workflow step passes them; returns the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv, io: ScriptIo = processIo): Promise<number> {
  commandLine(argv, {
    command: "pipeline/reviewed-plan.ts",
    flags: ["out", "plans", "refusal", "reviewed", "stack", "synth"],
    switches: ["unrefreshed"],
    positional: "fetch|approve|…",
  });
  const [command, ...rest] = argv;
  const args = parseArgs(rest, ["unrefreshed"]);
  if (command === "fetch") {
    const key = recordKeyFromEnv(env);
    const { octokit, sha } = client(env);
    writeRecord(requiredFlag(args, "out"), await fetchReviewed({ octokit, repo: repoFromEnv(env), sha, key }), env, io);
  } else if (command === "approve") {
    // Validate the input before any API call.
    parseApproval(env.APPROVE ?? "", env.GITHUB_ACTOR ?? "unknown");
    const { octokit, sha } = client(env);
    const merged = await mergedPullRequest(octokit, repoFromEnv(env), sha);
    writeRecord(
      requiredFlag(args, "out"),
      parseApproval(env.APPROVE ?? "", env.GITHUB_ACTOR ?? "unknown", merged?.labels ?? []),
      env,
      io,
    );
  } else if (command === "verify") return verify(args, env, io);
  else
    throw new UsageError(
      `pipeline/reviewed-plan.ts: unknown command ${JSON.stringify(command ?? "")}`,
      "usage: tsx pipeline/reviewed-plan.ts fetch|approve|verify … | --help",
    );
  return 0;
}

function client(env: NodeJS.ProcessEnv): { octokit: Octokit; sha: string } {
  const token = env.GITHUB_TOKEN;
  const sha = env.GITHUB_SHA;
  if (!token || !sha) throw new Error("GITHUB_TOKEN and GITHUB_SHA must be set");
  return { octokit: new Octokit({ auth: token, baseUrl: env.GITHUB_API_URL }), sha };
}

function writeRecord(out: string, record: ReviewedRecord, env: NodeJS.ProcessEnv, io: ScriptIo): void {
  writeFileSync(out, `${JSON.stringify(record, null, 2)}\n`);
  const what =
    record.source === "none"
      ? `no reviewed plan (${record.reason})`
      : record.source === "approval"
        ? `approval: ${Object.keys(record.stacks).join(", ")}`
        : `PR #${record.pr}, ${record.markers.length} record(s) whose MAC verifies, checked again per stack`;
  io.log(`reviewed plan record: ${what}`);
  if (record.source === "pull-request") setOutput("pr", String(record.pr), env);
}

function verify(args: ReturnType<typeof parseArgs>, env: NodeJS.ProcessEnv, io: ScriptIo): number {
  const record = ReviewedRecordSchema.parse(JSON.parse(readFileSync(requiredFlag(args, "reviewed"), "utf8")));
  const plansDir = requiredFlag(args, "plans");
  const stack = requiredFlag(args, "stack");
  const result = readPlanResults(plansDir).find((r) => r.stack === stack);
  if (result === undefined || result.status === "failed")
    throw new Error(`no successful plan of ${stack} in ${plansDir}`);
  const key = recordKeyFromEnv(env);
  const plan = parsePlan(readFileSync(planJsonFile(plansDir, stack), "utf8"));
  // The addresses the refusal lists (main's and the record's) are scrubbed as the comment's are.
  const synthDir = flag(args, "synth") ?? "cdktf.out";
  const entry = hasManifest(synthDir) ? readManifest(synthDir).stacks[stack] : undefined;
  const literals = entry ? configLiterals(readStackJson(synthDir, entry)) : undefined;
  const redactor = new Redactor([...knownSecrets(env), ...planSecrets(plan, literals)]);
  const actual = scrubStacks({ [stack]: planDigest(plan, key) }, redactor)[stack];
  const verdict =
    flag(args, "unrefreshed") === "true" && record.source === "approval"
      ? {
          apply: true,
          message: `⏭️ \`${stack}\`: re-approved by @${record.actor}; the apply job checks the approved digest against its refreshed plan (this plan did not refresh).`,
        }
      : verifyReviewed(record, stack, actual, key);
  const dataLoss = dataLossVerdict(dataLosses(stack, plan), record.labels);
  const apply = verdict.apply && dataLoss === null;
  const message = redactor.scrub(
    dataLoss === null ? verdict.message : `${verdict.message}\n\n### ⛔ \`${stack}\`: ${dataLoss}`,
  );
  io.log(message);
  appendStepSummary(message, env);
  setOutput("refused", String(!apply), env);
  if (apply) return 0;
  const refusal = flag(args, "refusal");
  if (refusal) writeFileSync(refusal, `<!-- neuropilot-refused:${stack} -->\n${message}\n`);
  return 1;
}

runAsEntry("reviewed-plan", main);
