// CommentStore and IssueTracker backed by @octokit/rest.
import type { Octokit } from "@octokit/rest";
import type { IssueTracker, TrackedIssue } from "./issue-tracker";
import type { CommentStore } from "./sticky-comment";
import type { RestCall } from "../../contracts/call";

const ISSUES = "/repos/{owner}/{repo}/issues";
/** The calls the stores below make (test/contracts/github.test.ts checks them against GitHub's description). */
export const GITHUB_PIPELINE_CALLS: readonly RestCall[] = [
  {
    id: "list comments",
    method: "GET",
    path: `${ISSUES}/{issue_number}/comments`,
    query: ["per_page"],
    serverQuery: ["page"],
    reads: ["[].id", "[].body", "[].user.type", "[].user.login"],
  },
  { id: "create comment", method: "POST", path: `${ISSUES}/{issue_number}/comments`, body: ["body"], reads: ["id"] },
  { id: "update comment", method: "PATCH", path: `${ISSUES}/comments/{comment_id}`, body: ["body"] },
  {
    id: "list issues",
    method: "GET",
    path: ISSUES,
    query: ["labels", "state", "per_page"],
    serverQuery: ["page"],
    reads: ["[].number", "[].title", "[].body", "[].state", "[].pull_request"],
  },
  { id: "create issue", method: "POST", path: ISSUES, body: ["title", "body", "labels"], reads: ["number"] },
  { id: "update issue", method: "PATCH", path: `${ISSUES}/{issue_number}`, body: ["body", "state"] },
  // pipeline/reviewed-plan.ts: the pull request a merge commit came from.
  {
    id: "pull requests of a commit",
    method: "GET",
    path: "/repos/{owner}/{repo}/commits/{commit_sha}/pulls",
    reads: ["[].merged_at", "[].merge_commit_sha", "[].number", "[].head.sha"],
  },
];

export interface RepoRef {
  owner: string;
  repo: string;
}

export function repoFromEnv(env: NodeJS.ProcessEnv = process.env): RepoRef {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? "").split("/");
  if (!owner || !repo) throw new Error("GITHUB_REPOSITORY must be set to owner/repo");
  return { owner, repo };
}

export function octokitCommentStore(octokit: Octokit, ref: RepoRef): CommentStore {
  return {
    async listComments(issueNumber) {
      const comments = await octokit.paginate(octokit.rest.issues.listComments, {
        ...ref,
        issue_number: issueNumber,
        per_page: 100,
      });
      return comments.map((comment) => ({
        id: comment.id,
        body: comment.body ?? "",
        authorType: comment.user?.type ?? "",
        authorLogin: comment.user?.login ?? "",
      }));
    },
    async createComment(issueNumber, body) {
      const { data } = await octokit.rest.issues.createComment({ ...ref, issue_number: issueNumber, body });
      return data.id;
    },
    async updateComment(commentId, body) {
      await octokit.rest.issues.updateComment({ ...ref, comment_id: commentId, body });
    },
  };
}

export function octokitIssueTracker(octokit: Octokit, ref: RepoRef): IssueTracker {
  return {
    async listIssues(label) {
      const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
        ...ref,
        labels: label,
        state: "all",
        per_page: 100,
      });
      return issues
        .filter((issue) => issue.pull_request === undefined)
        .map((issue): TrackedIssue => ({
          number: issue.number,
          title: issue.title,
          body: issue.body ?? "",
          state: issue.state === "closed" ? "closed" : "open",
        }));
    },
    async createIssue(issue) {
      const { data } = await octokit.rest.issues.create({ ...ref, ...issue });
      return data.number;
    },
    async updateIssue(issueNumber, change) {
      await octokit.rest.issues.update({ ...ref, issue_number: issueNumber, ...change });
    },
    async addComment(issueNumber, body) {
      await octokit.rest.issues.createComment({ ...ref, issue_number: issueNumber, body });
    },
  };
}
