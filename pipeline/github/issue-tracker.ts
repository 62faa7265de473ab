// The issues the pipeline keeps on GitHub (one per drifted stack, drift/drift-sync.ts), behind
// an interface: github-rest.ts implements it with @octokit/rest, tests with a fake. It lives
// here, beside CommentStore (sticky-comment.ts), so the REST client imports nothing above github/.
export interface TrackedIssue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
}

export interface IssueTracker {
  /** Issues (open and closed, not pull requests) carrying the label. */
  listIssues(label: string): Promise<TrackedIssue[]>;
  createIssue(issue: { title: string; body: string; labels: string[] }): Promise<number>;
  updateIssue(issueNumber: number, change: { body?: string; state?: "open" | "closed" }): Promise<void>;
  addComment(issueNumber: number, body: string): Promise<void>;
}
