// CommentStore and IssueTracker backed by @octokit/rest.
import type { Octokit } from "@octokit/rest";
import type { IssueTracker, TrackedIssue } from "./drift-sync";
import type { CommentStore } from "./sticky-comment";

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
