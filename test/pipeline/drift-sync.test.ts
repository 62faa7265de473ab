import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readDriftOutcomes } from "../../pipeline/drift/drift-reports";
import {
  DRIFT_LABEL,
  driftMarker,
  driftTitle,
  syncDriftIssues,
  type DriftOutcome,
  type IssueTracker,
  type TrackedIssue,
} from "../../pipeline/drift/drift-sync";
import { writePlanResult } from "../../pipeline/plan/plan-results";
import { render } from "../../pipeline/comment/render";
import { stagingResult } from "./support";

class FakeIssues implements IssueTracker {
  issues: Array<TrackedIssue & { labels: string[]; comments: string[] }> = [];

  async listIssues(label: string): Promise<TrackedIssue[]> {
    return this.issues
      .filter((issue) => issue.labels.includes(label))
      .map(({ number, title, body, state }) => ({ number, title, body, state }));
  }

  async createIssue(issue: { title: string; body: string; labels: string[] }): Promise<number> {
    const number = this.issues.length + 1;
    this.issues.push({ number, state: "open", comments: [], ...issue });
    return number;
  }

  async updateIssue(number: number, change: { body?: string; state?: "open" | "closed" }): Promise<void> {
    Object.assign(this.get(number), change);
  }

  async addComment(number: number, body: string): Promise<void> {
    this.get(number).comments.push(body);
  }

  get(number: number) {
    const issue = this.issues.find((i) => i.number === number);
    if (!issue) throw new Error(`no issue #${number}`);
    return issue;
  }
}

const report = (stack: string, text: string): string => `${driftMarker(stack)}\n${text}`;
const drifted = (stack: string, text = "drift"): DriftOutcome => ({
  stack,
  status: "drifted",
  body: report(stack, text),
});
const clean = (stack: string): DriftOutcome => ({ stack, status: "clean", body: "" });

describe("syncDriftIssues", () => {
  it("opens one labelled issue per drifted stack, named after the stack", async () => {
    const tracker = new FakeIssues();
    const actions = await syncDriftIssues(tracker, [drifted("neuropilot-staging"), clean("neuropilot-production")]);
    expect(actions).toEqual([
      { stack: "neuropilot-staging", action: "created", issue: 1 },
      { stack: "neuropilot-production", action: "none", reason: "no drift" },
    ]);
    expect(tracker.issues[0]).toMatchObject({
      title: driftTitle("neuropilot-staging"),
      labels: [DRIFT_LABEL],
      state: "open",
    });
    expect(tracker.issues[0].title).toContain("neuropilot-staging");
  });

  it("updates the open issue while drift persists instead of opening another", async () => {
    const tracker = new FakeIssues();
    await syncDriftIssues(tracker, [drifted("neuropilot-staging", "day 1")]);
    const actions = await syncDriftIssues(tracker, [drifted("neuropilot-staging", "day 2")]);
    expect(actions).toEqual([{ stack: "neuropilot-staging", action: "updated", issue: 1 }]);
    expect(tracker.issues).toHaveLength(1);
    expect(tracker.issues[0].body).toContain("day 2");
  });

  it("closes the issue with a comment when drift clears, and reopens it when drift returns", async () => {
    const tracker = new FakeIssues();
    await syncDriftIssues(tracker, [drifted("neuropilot-staging")]);
    expect(await syncDriftIssues(tracker, [clean("neuropilot-staging")], "https://run/1")).toEqual([
      { stack: "neuropilot-staging", action: "closed", issue: 1 },
    ]);
    expect(tracker.issues[0].state).toBe("closed");
    expect(tracker.issues[0].comments[0]).toContain("Drift cleared");
    expect(await syncDriftIssues(tracker, [drifted("neuropilot-staging", "again")])).toEqual([
      { stack: "neuropilot-staging", action: "reopened", issue: 1 },
    ]);
    expect(tracker.issues[0]).toMatchObject({ state: "open" });
    expect(tracker.issues[0].body).toContain("again");
  });

  it("keeps stacks apart and leaves issues alone when a plan failed", async () => {
    const tracker = new FakeIssues();
    await syncDriftIssues(tracker, [drifted("neuropilot-staging"), drifted("neuropilot-production")]);
    const actions = await syncDriftIssues(tracker, [
      { stack: "neuropilot-staging", status: "failed", body: "" },
      clean("neuropilot-production"),
    ]);
    expect(actions[0]).toMatchObject({ action: "none" });
    expect(tracker.get(1).state).toBe("open");
    expect(tracker.get(2).state).toBe("closed");
  });
});

describe("readDriftOutcomes", () => {
  it("pairs plan results with rendered reports", () => {
    const dir = mkdtempSync(join(tmpdir(), "drift-"));
    try {
      writePlanResult(dir, {
        stack: "neuropilot-production",
        workspace: "neuropilot-production",
        status: "no-changes",
      });
      writePlanResult(dir, { stack: "neuropilot-staging", workspace: "neuropilot-staging", status: "changes" });
      const body = render({ stacks: [stagingResult()], marker: driftMarker("neuropilot-staging") });
      writeFileSync(join(dir, "neuropilot-staging.md"), body);
      const outcomes = readDriftOutcomes(dir);
      expect(outcomes.map((o) => [o.stack, o.status])).toEqual([
        ["neuropilot-staging", "drifted"],
        ["neuropilot-production", "clean"],
      ]);
      // The issue body reports drift per resource with the changed attributes.
      expect(outcomes[0].body.startsWith(driftMarker("neuropilot-staging"))).toBe(true);
      expect(outcomes[0].body).toContain("~ drifted edge/dns/frontend-record  (cloudflare_dns_record)");
      expect(outcomes[0].body).toContain("proxied: true → false");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
