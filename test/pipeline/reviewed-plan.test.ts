// Main applies exactly the reviewed plan: the PR comment records each stack's digest, and
// main's plan is checked against it: equal → apply, different → refuse and say what changed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { TerraformPlan } from "../../pipeline/plan-json";
import { NO_CHANGES_DIGEST, planDigest } from "../../pipeline/plan-digest";
import { render } from "../../pipeline/render";
import {
  decodeMarker,
  encodeMarker,
  parseApproval,
  PLAN_COMMENT_AUTHOR,
  reviewedFromComments,
  verifyReviewed,
  type ReviewedRecord,
} from "../../pipeline/reviewed-record";
import { fixturePlan, stagingResult } from "./support";
import { ROOT } from "./workflow-files";

const HEAD = "a".repeat(40);
const STACK = "neuropilot-staging";
const FRONTEND = "cloudflare_dns_record.edge_dns_frontend-record_1B966611";

function edit(plan: TerraformPlan, address: string, change: (after: Record<string, unknown>) => void): TerraformPlan {
  const copy = structuredClone(plan);
  const resource = copy.resource_changes.find((r) => r.address === address);
  if (!resource) throw new Error(`${address} not in plan`);
  change(resource.change.after as Record<string, unknown>);
  return copy;
}

/** The record main reads back from the comment the PR workflow posted. */
function recordFromComment(body: string): ReviewedRecord {
  return reviewedFromComments({ number: 42, headSha: HEAD }, [
    { id: 1, body, authorType: "Bot", authorLogin: PLAN_COMMENT_AUTHOR },
  ]);
}

describe("reviewed plan: the PR comment's record", () => {
  const comment = render({ stacks: [stagingResult()], reviewedHead: HEAD });
  const record = recordFromComment(comment);

  it("records the head commit and each planned stack's digest", () => {
    expect(record).toMatchObject({ source: "pull-request", pr: 42, head: HEAD });
    if (record.source !== "pull-request") throw new Error("unreachable");
    expect(record.stacks[STACK]).toEqual(planDigest(fixturePlan("staging.plan.json")));
  });

  it("main applies when its plan equals the reviewed one", () => {
    const verdict = verifyReviewed(record, STACK, planDigest(fixturePlan("staging.plan.json")));
    expect(verdict.apply).toBe(true);
    expect(verdict.message).toContain("equals the plan reviewed in PR #42");
  });

  it("main refuses when a visible value differs, naming the resource and how to re-approve", () => {
    const moved = edit(fixturePlan("staging.plan.json"), FRONTEND, (after) => (after.ttl = 300));
    const actual = planDigest(moved);
    const verdict = verifyReviewed(record, STACK, actual);
    expect(verdict.apply).toBe(false);
    expect(verdict.message).toContain(`Changing differently than reviewed: \`${FRONTEND}\``);
    expect(verdict.message).toContain(`\`approve\` set to \`${STACK}=${actual.digest}\``);
  });

  it("main refuses a change that was not in the reviewed plan, and one that disappeared", () => {
    const plan = fixturePlan("staging.plan.json");
    const extra = structuredClone(plan);
    extra.resource_changes.push({ ...structuredClone(plan.resource_changes[0]), address: "cloudflare_dns_record.new" });
    const added = verifyReviewed(record, STACK, planDigest(extra));
    expect(added.apply).toBe(false);
    expect(added.message).toContain("Changes not in the reviewed plan: `cloudflare_dns_record.new`");
    const fewer = { ...plan, resource_changes: plan.resource_changes.filter((r) => r.address !== FRONTEND) };
    expect(verifyReviewed(record, STACK, planDigest(fewer)).message).toContain(
      `Reviewed changes no longer planned: \`${FRONTEND}\``,
    );
  });

  it("ignores what no reviewer could see: an update of sensitive values only", () => {
    const plan = fixturePlan("staging.plan.json");
    const rotated = edit(
      plan,
      "railway_variable.api-backend_us-east_variable-LOG_LEVEL_DE5AD726",
      (a) => (a.value = "warn"),
    );
    expect(planDigest(rotated).digest).toBe(planDigest(plan).digest);
  });

  it("expects no changes in a stack the PR did not plan", () => {
    const production = "neuropilot-production";
    expect(verifyReviewed(record, production, NO_CHANGES_DIGEST).apply).toBe(true);
    const verdict = verifyReviewed(record, production, planDigest(fixturePlan("staging.plan.json")));
    expect(verdict.apply).toBe(false);
    expect(verdict.message).toContain("did not plan this stack");
  });

  it("passes a stack with nothing left to apply whatever was reviewed (a re-run after the apply)", () => {
    expect(verifyReviewed(record, STACK, NO_CHANGES_DIGEST).apply).toBe(true);
    expect(verifyReviewed({ source: "none", reason: "no PR" }, STACK, NO_CHANGES_DIGEST).apply).toBe(true);
  });

  it("trusts only the workflow's own comment, for the merged head commit", () => {
    const forged = { id: 2, body: comment, authorType: "User", authorLogin: "mallory" };
    expect(reviewedFromComments({ number: 42, headSha: HEAD }, [forged]).source).toBe("none");
    const stale = reviewedFromComments({ number: 42, headSha: "b".repeat(40) }, [
      { id: 1, body: comment, authorType: "Bot", authorLogin: PLAN_COMMENT_AUTHOR },
    ]);
    expect(stale).toMatchObject({ source: "none", reason: expect.stringContaining("but bbbbbbb was merged") });
    expect(verifyReviewed(stale, STACK, planDigest(fixturePlan("staging.plan.json"))).apply).toBe(false);
  });

  it("survives resource keys that would end an HTML comment, and drops per-resource hashes when huge", () => {
    const marker = {
      head: HEAD,
      stacks: { s: { digest: NO_CHANGES_DIGEST.digest, resources: { 'x["-->"]': "0123" } } },
    };
    expect(decodeMarker(`text ${encodeMarker(marker)} more`)).toEqual(marker);
    const many = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`r.n${i}`, "0123456789abcdef"]));
    const big = decodeMarker(
      encodeMarker({ head: HEAD, stacks: { s: { digest: NO_CHANGES_DIGEST.digest, resources: many } } }),
    );
    expect(big?.stacks.s).toEqual({ digest: NO_CHANGES_DIGEST.digest, resources: {} });
  });
});

describe("re-approval input", () => {
  const digest = `sha256:${"c".repeat(64)}`;

  it("accepts stack=digest pairs", () => {
    expect(parseApproval(`neuropilot-staging=${digest}, neuropilot-production=${digest}`, "alice")).toEqual({
      source: "approval",
      actor: "alice",
      stacks: {
        "neuropilot-staging": { digest, resources: {} },
        "neuropilot-production": { digest, resources: {} },
      },
    });
  });

  it("refuses newlines, short digests and anything else", () => {
    for (const bad of [`neuropilot-staging=${digest}\nrefused=false`, "neuropilot-staging=sha256:abc", "", "x=y"]) {
      expect(() => parseApproval(bad, "alice"), bad).toThrow(/approve must be stack=sha256/);
    }
  });
});

describe("reviewed-plan.ts verify (the CLI the deploy runs)", () => {
  const dir = mkdtempSync(join(tmpdir(), "reviewed-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const record = recordFromComment(render({ stacks: [stagingResult()], reviewedHead: HEAD }));
  writeFileSync(join(dir, "reviewed.json"), JSON.stringify(record));

  function verifyCli(plan: TerraformPlan): { status: number | null; output: string; refusal: string } {
    writeFileSync(
      join(dir, `${STACK}.result.json`),
      JSON.stringify({ stack: STACK, workspace: STACK, status: "changes" }),
    );
    writeFileSync(join(dir, `${STACK}.plan.json`), JSON.stringify(plan));
    rmSync(join(dir, "refusal.md"), { force: true });
    // From the cached bundle runner (tsx, as the workflows use, is covered by terraform-pipeline.test.ts).
    const run = spawnSync(
      process.execPath,
      [
        join(ROOT, "app-runner", "run-app.mjs"),
        "pipeline/reviewed-plan.ts",
        "verify",
        "--reviewed",
        join(dir, "reviewed.json"),
        "--plans",
        dir,
        "--stack",
        STACK,
        "--refusal",
        join(dir, "refusal.md"),
      ],
      {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, GITHUB_OUTPUT: join(dir, "output"), GITHUB_STEP_SUMMARY: "" },
      },
    );
    const refusal = existsSync(join(dir, "refusal.md")) ? readFileSync(join(dir, "refusal.md"), "utf8") : "";
    return { status: run.status, output: `${run.stdout}${run.stderr}`, refusal };
  }

  it("exits 0 on the reviewed plan and 1, with a refusal comment, on a different one", () => {
    const same = verifyCli(fixturePlan("staging.plan.json"));
    expect(same.status, same.output).toBe(0);
    expect(same.refusal).toBe("");
    const different = verifyCli(edit(fixturePlan("staging.plan.json"), FRONTEND, (after) => (after.proxied = false)));
    expect(different.status, different.output).toBe(1);
    expect(different.refusal).toContain("main's plan differs from the reviewed plan");
    expect(readFileSync(join(dir, "output"), "utf8")).toMatch(/refused<<\w+\ntrue\n/);
  }, 30_000);
});
