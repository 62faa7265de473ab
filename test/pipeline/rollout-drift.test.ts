// The drift job and a canary rollout (pipeline/drift/rollout-drift.ts, docs/rollout.md): a plan whose
// only change is the rollout's own update of the load balancer, under a fresh in-progress
// marker, is "rollout", not drift; everything else stays drift.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { markerTime, readMarker, withMarker, withoutMarker } from "../../config/rollout";
import { readDriftOutcomes } from "../../pipeline/drift/drift-reports";
import { syncDriftIssues, type IssueTracker } from "../../pipeline/drift/drift-sync";
import { PlanSchema, type TerraformPlan } from "../../pipeline/plan/plan-json";
import { writePlanResult } from "../../pipeline/plan/plan-results";
import { changedAttributes, rolloutInProgress, writeRolloutFile } from "../../pipeline/drift/rollout-drift";

const DECLARED = "Failover for api.neuropilot.ai: us-east → us-west";
const SINCE = "2026-12-07T03:00:00Z";
const marked = (state: "in-progress" | "rolled-back" = "in-progress") =>
  withMarker(DECLARED, { state, pool: "us-west", percent: 50, since: SINCE });

const live = (description = marked()) => ({
  name: "api.neuropilot.ai",
  steering_policy: "random",
  random_steering: { default_weight: 0, pool_weights: { east: 0.5, west: 0.5 } },
  description,
  default_pools: ["east", "west"],
  modified_on: "2026-12-07T03:10:00Z",
});
const declared = { ...live(DECLARED), steering_policy: "off", random_steering: { default_weight: 1 } };

function plan(changes: Array<{ type?: string; actions?: string[]; before: object; after: object }>): TerraformPlan {
  return PlanSchema.parse({
    format_version: "1.2",
    resource_changes: changes.map((c, i) => ({
      address: `cloudflare_load_balancer.lb${i}`,
      mode: "managed",
      type: c.type ?? "cloudflare_load_balancer",
      name: `lb${i}`,
      change: {
        actions: c.actions ?? ["update"],
        before: c.before,
        after: c.after,
        after_unknown: { modified_on: true },
      },
    })),
  });
}

const at = (iso: string) => new Date(iso);
const rolloutPlan = plan([{ before: live(), after: declared }]);

describe("a rollout in progress is not drift", () => {
  it("explains a plan whose only change is the load balancer's steering and marked description", () => {
    expect(changedAttributes(rolloutPlan.resource_changes[0].change)).toEqual([
      "description",
      "random_steering",
      "steering_policy",
    ]);
    expect(rolloutInProgress("neuropilot-production", rolloutPlan, at("2026-12-07T03:30:00Z"))).toEqual({
      stack: "neuropilot-production",
      address: "cloudflare_load_balancer.lb0",
      marker: { state: "in-progress", pool: "us-west", percent: 50, since: SINCE },
    });
  });

  it("for six hours exactly; one second later the rollout counts as abandoned, i.e. drift", () => {
    expect(rolloutInProgress("s", rolloutPlan, at("2026-12-07T09:00:00Z"))).not.toBeNull();
    expect(rolloutInProgress("s", rolloutPlan, at("2026-12-07T09:00:01Z"))).toBeNull();
    // A marker from the future (a clock gone wrong) is no excuse either.
    expect(rolloutInProgress("s", rolloutPlan, at("2026-12-07T02:59:59Z"))).toBeNull();
  });

  it("is drift once rolled back: the drained canary waits for a redeploy and an apply", () => {
    const rolledBack = plan([{ before: live(marked("rolled-back")), after: declared }]);
    expect(rolloutInProgress("s", rolledBack, at("2026-12-07T03:30:00Z"))).toBeNull();
  });

  it("is drift when anything beyond the rollout's attributes differs, or another resource changes", () => {
    const now = at("2026-12-07T03:30:00Z");
    const pools = plan([{ before: live(), after: { ...declared, default_pools: ["west", "east"] } }]);
    expect(rolloutInProgress("s", pools, now)).toBeNull();
    const twoResources = plan([
      { before: live(), after: declared },
      { type: "cloudflare_dns_record", before: { ttl: 1 }, after: { ttl: 300 } },
    ]);
    expect(rolloutInProgress("s", twoResources, now)).toBeNull();
    const noMarker = plan([{ before: live(DECLARED), after: declared }]);
    expect(rolloutInProgress("s", noMarker, now)).toBeNull();
    const replaced = plan([{ actions: ["delete", "create"], before: live(), after: declared }]);
    expect(rolloutInProgress("s", replaced, now)).toBeNull();
    const otherType = plan([{ type: "cloudflare_load_balancer_pool", before: live(), after: declared }]);
    expect(rolloutInProgress("s", otherType, now)).toBeNull();
  });

  it("reaches the issues job as status rollout, which opens no issue", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rollout-drift-"));
    try {
      writePlanResult(dir, { stack: "neuropilot-production", workspace: "neuropilot-production", status: "changes" });
      writePlanResult(dir, { stack: "neuropilot-staging", workspace: "neuropilot-staging", status: "changes" });
      writeFileSync(join(dir, "neuropilot-staging.md"), "drift report");
      const rollout = rolloutInProgress("neuropilot-production", rolloutPlan, at("2026-12-07T03:30:00Z"));
      if (!rollout) throw new Error("expected a rollout");
      writeRolloutFile(dir, rollout);
      const outcomes = readDriftOutcomes(dir);
      expect(outcomes.map((o) => [o.stack, o.status])).toEqual([
        ["neuropilot-staging", "drifted"],
        ["neuropilot-production", "rollout"],
      ]);
      const created: string[] = [];
      const tracker: IssueTracker = {
        listIssues: async () => [],
        createIssue: async (issue) => {
          created.push(issue.title);
          return created.length;
        },
        updateIssue: async () => undefined,
        addComment: async () => undefined,
      };
      const actions = await syncDriftIssues(tracker, outcomes);
      expect(created).toEqual(["Drift detected in neuropilot-staging"]);
      expect(actions[1]).toEqual({
        stack: "neuropilot-production",
        action: "none",
        reason:
          "a canary rollout is in progress (cloudflare_load_balancer.lb0: us-west at 50 % since 2026-12-07T03:00:00Z); the declared end state is checked on the next run",
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the rollout marker", () => {
  it("replaces an earlier marker and comes off without a trace", () => {
    const first = marked();
    const second = withMarker(first, { state: "rolled-back", pool: "us-west", percent: 0, since: SINCE });
    expect(second).toBe(`${DECLARED} [rollout rolled-back pool=us-west percent=0 since=${SINCE}]`);
    expect(withoutMarker(second)).toBe(DECLARED);
    expect(withMarker("", { state: "in-progress", pool: "us-east", percent: 10, since: SINCE })).toBe(
      `[rollout in-progress pool=us-east percent=10 since=${SINCE}]`,
    );
    expect(readMarker(`${DECLARED} [rollout in-progress pool=us-west percent=50 since=2026-12-07]`)).toBeNull();
    expect(readMarker(null)).toBeNull();
  });
});

describe("render-plan.ts --drift, as drift.yml runs it", () => {
  const ROOT = join(__dirname, "..", "..");
  const renderDrift = (before: object): string[] => {
    const dir = mkdtempSync(join(tmpdir(), "rollout-render-"));
    try {
      const plans = join(dir, "plans");
      const reports = join(dir, "reports");
      mkdirSync(plans);
      mkdirSync(reports);
      const stack = "neuropilot-production";
      writePlanResult(plans, { stack, workspace: stack, status: "changes" });
      const planJson = {
        format_version: "1.2",
        resource_changes: [
          {
            address: "cloudflare_load_balancer.lb",
            mode: "managed",
            type: "cloudflare_load_balancer",
            name: "lb",
            change: { actions: ["update"], before, after: declared, after_unknown: {} },
          },
        ],
      };
      writeFileSync(join(plans, `${stack}.plan.json`), JSON.stringify(planJson));
      const run = spawnSync(
        process.execPath,
        [
          join(ROOT, "app-runner", "run-app.mjs"),
          join(ROOT, "pipeline", "render-plan.ts"),
          ...["--drift", stack, "--plans", plans, "--synth", join(dir, "none"), "--out", join(reports, `${stack}.md`)],
        ],
        { cwd: dir, encoding: "utf8", env: { PATH: process.env.PATH, HOME: process.env.HOME } },
      );
      expect(run.status, run.stderr).toBe(0);
      return readdirSync(reports).sort();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it("writes the rollout file beside the report only while an in-progress marker explains the plan", () => {
    const fresh = withMarker(DECLARED, {
      state: "in-progress",
      pool: "us-west",
      percent: 10,
      since: markerTime(new Date(Date.now() - 60_000)),
    });
    expect(renderDrift(live(fresh))).toEqual(["neuropilot-production.md", "neuropilot-production.rollout.json"]);
    expect(renderDrift(live(DECLARED))).toEqual(["neuropilot-production.md"]);
  });
});
