// A loopback fake of the GitHub REST API for the rehearsal: the issue and comment routes the
// pipeline's sticky comment and drift issues use (pipeline/github/github-rest.ts), with GitHub's
// shapes (https://docs.github.com/rest/issues), and the pull requests associated with a
// commit, which deploy.yml reads to find the merged PR (pipeline/reviewed-plan.ts fetch;
// https://docs.github.com/rest/commits/commits#list-pull-requests-associated-with-a-commit).
// Comments it writes come from github-actions[bot], as a workflow token's would.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeComment {
  id: number;
  issue: number;
  body: string;
}

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: "open" | "closed";
  labels: string[];
}

/** A merged pull request as the commit-pulls route returns it. */
export interface FakePullRequest {
  number: number;
  /** The PR's head commit when it was merged. */
  headSha: string;
  /** The merge commit on main (deploy.yml's GITHUB_SHA). */
  mergeCommitSha: string;
  labels: string[];
}

export interface FakeGitHub {
  /** The value for GITHUB_API_URL. */
  url: string;
  comments: FakeComment[];
  issues: FakeIssue[];
  /** Merged pull requests; push one to "merge" it. */
  pulls: FakePullRequest[];
  close(): Promise<void>;
}

const BOT = { login: "github-actions[bot]", type: "Bot" };

function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let text = "";
    req.on("data", (d: Buffer) => (text += d.toString()));
    req.on("end", () => resolve(text ? (JSON.parse(text) as Record<string, unknown>) : {}));
    req.on("error", reject);
  });
}

export async function startFakeGitHub(repository: string): Promise<FakeGitHub> {
  const comments: FakeComment[] = [];
  const issues: FakeIssue[] = [];
  const pulls: FakePullRequest[] = [];
  let nextId = 1000;
  const base = `/repos/${repository}`;
  const commentJson = (c: FakeComment) => ({ id: c.id, body: c.body, user: BOT });
  const issueJson = (i: FakeIssue) => ({ ...i, labels: i.labels.map((name) => ({ name })) });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname;
    const body = req.method === "GET" ? {} : await readBody(req);
    const send = (status: number, value: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };
    let m: RegExpExecArray | null;
    if ((m = new RegExp(`^${base}/issues/(\\d+)/comments$`).exec(path))) {
      const issue = Number(m[1]);
      if (req.method === "GET") return send(200, comments.filter((c) => c.issue === issue).map(commentJson));
      const comment = { id: nextId++, issue, body: String(body.body) };
      comments.push(comment);
      return send(201, commentJson(comment));
    }
    if ((m = new RegExp(`^${base}/issues/comments/(\\d+)$`).exec(path)) && req.method === "PATCH") {
      const comment = comments.find((c) => c.id === Number(m?.[1]));
      if (!comment) return send(404, { message: "Not Found" });
      comment.body = String(body.body);
      return send(200, commentJson(comment));
    }
    if ((m = new RegExp(`^${base}/commits/([0-9a-f]{40})/pulls$`).exec(path)) && req.method === "GET") {
      const sha = m[1];
      return send(
        200,
        pulls
          .filter((p) => p.mergeCommitSha === sha)
          .map((p) => ({
            number: p.number,
            state: "closed",
            merged_at: "2026-01-01T00:00:00Z",
            merge_commit_sha: p.mergeCommitSha,
            head: { sha: p.headSha },
            labels: p.labels.map((name) => ({ name })),
          })),
      );
    }
    if (path === `${base}/issues` && req.method === "GET") {
      const label = url.searchParams.get("labels");
      return send(200, issues.filter((i) => !label || i.labels.includes(label)).map(issueJson));
    }
    if (path === `${base}/issues` && req.method === "POST") {
      const issue: FakeIssue = {
        number: issues.length + comments.length + 1,
        title: String(body.title),
        body: String(body.body ?? ""),
        state: "open",
        labels: Array.isArray(body.labels) ? body.labels.map(String) : [],
      };
      issues.push(issue);
      return send(201, issueJson(issue));
    }
    if ((m = new RegExp(`^${base}/issues/(\\d+)$`).exec(path)) && req.method === "PATCH") {
      const issue = issues.find((i) => i.number === Number(m?.[1]));
      if (!issue) return send(404, { message: "Not Found" });
      if (typeof body.title === "string") issue.title = body.title;
      if (typeof body.body === "string") issue.body = body.body;
      if (body.state === "open" || body.state === "closed") issue.state = body.state;
      return send(200, issueJson(issue));
    }
    send(404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(500);
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    comments,
    issues,
    pulls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
