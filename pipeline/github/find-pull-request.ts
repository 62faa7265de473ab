// CLI: the pull request a trusted plan (plan-pr.yml, on workflow_run) is for, found by the
// run's head commit and nothing the PR controls.
//   GITHUB_TOKEN=… tsx pipeline/find-pull-request.ts --head <workflow_run.head_sha> --out pull-request.json
// Lists the repository's open pull requests into main through the API and keeps the one whose
// head commit is exactly that SHA. Not `workflow_run.pull_requests`: GitHub fills it by
// branch name (a fork's branch of the same name matches) and leaves it empty for forks; not
// the artifact, which the PR wrote. Two open PRs with the same head commit are refused (which
// one was reviewed would be a guess), and so is an open PR into any other branch with the same
// head commit: GitHub runs a pull request's workflow from its merge with that PR's base, so a
// writer could open one from the same commit into a branch whose pr.yml uploads a harmless
// synth, and this plan would be posted (and the required check set) on the PR into main.
// Writes {number, head, base, labels} and the step outputs `pr`, `base` and `labels` (JSON
// array, for the data-loss gate).
import { writeFileSync } from "node:fs";
import { Octokit } from "@octokit/rest";
import { DEPLOY_BRANCH } from "../../constructs/github/workflow-contract";
import { commandLine, requiredFlag, setOutput } from "./github-actions";
import { repoFromEnv } from "./github-rest";
import { processIo, type ScriptIo } from "../script-entry";

export interface OpenPullRequest {
  number: number;
  head: { sha: string };
  base: { sha: string; ref: string; repo: { full_name: string } };
  labels: Array<{ name?: string }>;
}

export interface FoundPullRequest {
  number: number;
  head: string;
  base: string;
  labels: string[];
}

const SHA = /^[0-9a-f]{40}$/;

export function pickPullRequest(prs: OpenPullRequest[], headSha: string, repository: string): FoundPullRequest {
  if (!SHA.test(headSha)) throw new Error(`--head must be a full commit SHA, got ${JSON.stringify(headSha)}`);
  const intoMain = (pr: OpenPullRequest) => pr.base.ref === DEPLOY_BRANCH && pr.base.repo.full_name === repository;
  const sameHead = prs.filter((pr) => pr.head.sha === headSha);
  const elsewhere = sameHead.filter((pr) => !intoMain(pr));
  if (elsewhere.length > 0) {
    throw new Error(
      `${elsewhere.map((pr) => `#${pr.number} (into ${pr.base.ref})`).join(", ")} also ${elsewhere.length > 1 ? "have" : "has"} ` +
        `head ${headSha.slice(0, 7)}: the run this plan answers may be ${elsewhere.length > 1 ? "theirs" : "its"}, with ` +
        `that base branch's workflow; close ${elsewhere.length > 1 ? "them" : "it"} (or push a new commit) and re-run`,
    );
  }
  const matching = sameHead.filter(intoMain);
  if (matching.length === 0)
    throw new Error(
      `no open pull request into ${DEPLOY_BRANCH} has head ${headSha.slice(0, 7)} (closed, or pushed since)`,
    );
  if (matching.length > 1) {
    throw new Error(
      `pull requests ${matching.map((pr) => `#${pr.number}`).join(", ")} share head ${headSha.slice(0, 7)}; ` +
        "the trusted plan cannot tell which was reviewed: close all but one",
    );
  }
  const [pr] = matching;
  return {
    number: pr.number,
    head: pr.head.sha,
    base: pr.base.sha,
    labels: pr.labels.flatMap((label) => (label.name ? [label.name] : [])),
  };
}

/** The command, in-process: `argv` and `env` as the workflow step passes them; returns the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv, io: ScriptIo = processIo): Promise<number> {
  const args = commandLine(argv, { command: "pipeline/find-pull-request.ts", flags: ["head", "out"] });
  const token = env.GITHUB_TOKEN;
  if (!token) throw new Error("GITHUB_TOKEN is not set");
  const ref = repoFromEnv(env);
  const octokit = new Octokit({ auth: token, baseUrl: env.GITHUB_API_URL });
  // Every open PR, whatever its base: one into another branch with the same head is refused.
  const prs = await octokit.paginate(octokit.rest.pulls.list, { ...ref, state: "open", per_page: 100 });
  const found = pickPullRequest(prs, requiredFlag(args, "head"), `${ref.owner}/${ref.repo}`);
  writeFileSync(requiredFlag(args, "out"), `${JSON.stringify(found, null, 2)}\n`);
  setOutput("pr", String(found.number), env);
  setOutput("base", found.base, env);
  setOutput("labels", JSON.stringify(found.labels), env);
  io.log(`pull request #${found.number} (head ${found.head.slice(0, 7)}, base ${found.base.slice(0, 7)})`);
  return 0;
}
