// The pipeline's GitHub calls go through @octokit/rest: the stores of pipeline/github/github-rest.ts
// run against a recording fetch, and every request Octokit sends (method, path, query, body)
// must be one GITHUB_PIPELINE_CALLS declares, answered in the documented shape.
import { Octokit } from "@octokit/rest";
import { describe, expect, it } from "vitest";
import { GITHUB_PIPELINE_CALLS, octokitCommentStore, octokitIssueTracker } from "../../pipeline/github/github-rest";
import { loadDescription, type RecordedRequest, requestProblems } from "./support/openapi";

const REPO = "/repos/acme/infra";
const user = { login: "github-actions[bot]", type: "Bot" };

function recordingOctokit() {
  const requests: RecordedRequest[] = [];
  const fetch = async (input: string | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(String(input));
    const method = init?.method ?? "GET";
    const body = typeof init?.body === "string" ? (JSON.parse(init.body) as unknown) : undefined;
    const path = decodeURIComponent(url.pathname);
    let reply: unknown = {};
    if (method === "GET" && path.endsWith("/comments")) reply = [{ id: 1, body: "old", user }];
    else if (method === "POST" && path.endsWith("/comments")) reply = { id: 2, body: "new", user };
    else if (method === "GET" && path === `${REPO}/issues`)
      reply = [{ number: 5, title: "Drift", body: "b", state: "open" }];
    else if (method === "POST" && path === `${REPO}/issues`)
      reply = { number: 6, title: "t", body: "b", state: "open" };
    requests.push({ method, path, query: [...new Set(url.searchParams.keys())], body, status: 200, reply });
    return new Response(JSON.stringify(reply), { status: 200, headers: { "content-type": "application/json" } });
  };
  return { octokit: new Octokit({ auth: "t", request: { fetch } }), requests };
}

describe("pipeline/github/github-rest.ts against GitHub's description", () => {
  it("sends only declared calls", async () => {
    const { octokit, requests } = recordingOctokit();
    const ref = { owner: "acme", repo: "infra" };
    const store = octokitCommentStore(octokit, ref);
    await store.listComments(3);
    await store.createComment(3, "body");
    await store.updateComment(2, "body");
    const tracker = octokitIssueTracker(octokit, ref);
    await tracker.listIssues("drift");
    await tracker.createIssue({ title: "t", body: "b", labels: ["drift"] });
    await tracker.updateIssue(5, { body: "b", state: "closed" });
    await tracker.addComment(5, "b");
    await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...ref, commit_sha: "abc" });
    expect(requests).toHaveLength(8);
    const description = loadDescription("github");
    // Only field presence is checked for the replies: they are minimal, not complete.
    expect(requests.flatMap((r) => requestProblems(description, GITHUB_PIPELINE_CALLS, r))).toEqual([]);
  });
});
