// Reads back what main may apply (push to main): the PR whose merge commit main's head is
// (from the API, never an artifact), its labels, and the reviewed-plan markers of every one
// of its comments, all pages. Each marker is authenticated here with the record key, so
// however many forged markers a commenter adds, only the trusted plan's own records reach
// reviewed.json (reviewed-record.ts reviewedFromComments); verify checks the MAC again.
import type { Octokit } from "@octokit/rest";
import { octokitCommentStore, type RepoRef } from "../github/github-rest";
import { reviewedFromComments, type MergedPullRequest, type ReviewedRecord } from "./reviewed-record";

export interface FetchReviewedProps {
  octokit: Octokit;
  repo: RepoRef;
  /** The pushed commit on main. */
  sha: string;
  /** The record key (RECORD_KEY_SECRET). */
  key: string;
}

/** The PR whose merge commit `sha` is, with its final head and labels; undefined for a direct push. */
export async function mergedPullRequest(
  octokit: Octokit,
  repo: RepoRef,
  sha: string,
): Promise<MergedPullRequest | undefined> {
  const { data: prs } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: sha });
  const merged = prs.find((pr) => pr.merged_at !== null && pr.merge_commit_sha === sha);
  if (merged === undefined) return undefined;
  return { number: merged.number, headSha: merged.head.sha, labels: merged.labels.map((label) => label.name) };
}

export async function fetchReviewed(props: FetchReviewedProps): Promise<ReviewedRecord> {
  const merged = await mergedPullRequest(props.octokit, props.repo, props.sha);
  if (merged === undefined)
    return { source: "none", reason: `${props.sha.slice(0, 7)} is not the merge of a pull request`, labels: [] };
  // listComments follows every page (octokit.paginate), not only the first hundred.
  const comments = await octokitCommentStore(props.octokit, props.repo).listComments(merged.number);
  return reviewedFromComments(merged, comments, props.key);
}
