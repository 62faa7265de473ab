// Main's lookup of the reviewed-plan record through GitHub's REST API (the loopback fake of
// test/support/fake-account.ts, pages linked as GitHub links them): every page of the merged
// PR's comments is read and each marker authenticated there, so forged markers, however many
// and wherever, never push the trusted plan's record out.
import { Octokit } from "@octokit/rest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIN_RECORD_KEY_CHARS, planDigest } from "../../pipeline/record/plan-digest";
import { render } from "../../pipeline/comment/render";
import { fetchReviewed } from "../../pipeline/record/reviewed-fetch";
import { resolveRecord } from "../../pipeline/record/reviewed-record";
import { startFakeAccount, type FakeAccount } from "../support/fake-account";
import { fixturePlan, stagingResult } from "./support";

const KEY = "k".repeat(MIN_RECORD_KEY_CHARS);
const OTHER_KEY = "m".repeat(MIN_RECORD_KEY_CHARS);
const HEAD = "a".repeat(40);
const BASE = "b".repeat(40);
const MERGE = "d".repeat(40);
const STACK = "neuropilot-staging";
const REPO = { owner: "neuropilot", repo: "neuropilot-infra" };

const rendered = new Map<string, string>();
const comment = (key: string): string => {
  const body =
    rendered.get(key) ?? render({ stacks: [stagingResult()], record: { pr: 42, head: HEAD, base: BASE, key } });
  rendered.set(key, body);
  return body;
};

let fake: FakeAccount;
let octokit: Octokit;
beforeAll(async () => {
  fake = await startFakeAccount();
  octokit = new Octokit({ baseUrl: fake.env.GITHUB_BASE_URL });
  // The fake accepts the Bearer form GitHub documents (Octokit's own auth sends `token …`).
  octokit.hook.before("request", (options) => {
    options.headers.authorization = `Bearer ${fake.env.GITHUB_TOKEN}`;
  });
});
afterAll(() => fake.close());

function pullRequest(bodies: string[]): void {
  fake.pullRequests.splice(0, fake.pullRequests.length, {
    number: 42,
    headSha: HEAD,
    mergeCommitSha: MERGE,
    labels: ["approve-data-loss"],
    comments: bodies.map((body, i) => ({ id: i + 1, body, login: "someone", type: "User" })),
  });
}

describe("reviewed-plan fetch against GitHub's paginated comments", () => {
  it("finds the genuine record behind 150 forged ones over two pages of 100", async () => {
    const forged = comment(OTHER_KEY);
    pullRequest([comment(KEY), ...Array.from({ length: 150 }, () => forged)]);
    const before = fake.requests.length;
    const record = await fetchReviewed({ octokit, repo: REPO, sha: MERGE, key: KEY });
    const pages = fake.requests.slice(before).filter((r) => r.path.endsWith("/issues/42/comments"));
    expect(pages).toHaveLength(2);
    expect(record).toMatchObject({ source: "pull-request", pr: 42, head: HEAD, labels: ["approve-data-loss"] });
    // Only the trusted plan's own marker is carried.
    expect(record.source === "pull-request" && record.markers).toHaveLength(1);
    expect(resolveRecord(record, KEY).stacks?.[STACK]).toEqual(planDigest(fixturePlan("staging.plan.json"), KEY));
  });

  it("finds it on the last page too, and reports none when no marker verifies", async () => {
    pullRequest([...Array.from({ length: 100 }, () => "lgtm"), comment(KEY)]);
    expect((await fetchReviewed({ octokit, repo: REPO, sha: MERGE, key: KEY })).source).toBe("pull-request");
    const forged = comment(OTHER_KEY);
    pullRequest(Array.from({ length: 60 }, () => forged));
    const none = await fetchReviewed({ octokit, repo: REPO, sha: MERGE, key: KEY });
    expect(none).toMatchObject({ source: "none", labels: ["approve-data-loss"] });
    expect(none.source === "none" && none.reason).toBe(
      "PR #42 has no reviewed-plan record written by the trusted plan for its merged head aaaaaaa (none of 60 marker(s) in 60 comment(s) verifies)",
    );
  });

  it("reports a push that is no pull request's merge", async () => {
    pullRequest([comment(KEY)]);
    const record = await fetchReviewed({ octokit, repo: REPO, sha: "e".repeat(40), key: KEY });
    expect(record).toEqual({ source: "none", reason: "eeeeeee is not the merge of a pull request", labels: [] });
  });
});
