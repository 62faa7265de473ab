// Main applies exactly the reviewed plan: the trusted plan's PR comment carries an
// HMAC-authenticated record of each stack's complete digest, and main's plan is checked
// against it: equal → apply, different, forged or missing → refuse and say what changed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { RECORD_KEY_SECRET } from "../../constructs/github/workflow-contract";
import { DATA_LOSS_LABEL } from "../../pipeline/record/data-loss-gate";
import { parsePlan, type TerraformPlan } from "../../pipeline/plan/plan-json";
import { MIN_RECORD_KEY_CHARS, noChangesDigest, planDigest, recordKeyFromEnv } from "../../pipeline/record/plan-digest";
import { render } from "../../pipeline/comment/render";
import {
  authenticateMarker,
  encodeMarker,
  markersIn,
  parseApproval,
  resolveRecord,
  reviewedFromComments,
  verifyReviewed,
  type ReviewedRecord,
} from "../../pipeline/record/reviewed-record";
import { fixturePlan, stagingResult } from "./support";
import { ROOT } from "./workflow-files";

// Built at runtime: never a secret-shaped literal in a test.
const KEY = "k".repeat(MIN_RECORD_KEY_CHARS);
const OTHER_KEY = "m".repeat(MIN_RECORD_KEY_CHARS);
const HEAD = "a".repeat(40);
const BASE = "b".repeat(40);
const STACK = "neuropilot-staging";
const FRONTEND = "cloudflare_dns_record.edge_dns_frontend-record_1B966611";
const LOG_LEVEL = "railway_variable.api-backend_us-east_variable-LOG_LEVEL_DE5AD726";
const DATABASE_URL = "railway_variable.api-backend_us-east_variable-DATABASE_URL_AE0444DE";
const BOT = { authorType: "Bot", authorLogin: "github-actions[bot]" };

const staging = (): TerraformPlan => fixturePlan("staging.plan.json");
const digest = (plan: TerraformPlan, key = KEY) => planDigest(plan, key);

function edit(plan: TerraformPlan, address: string, change: (after: Record<string, unknown>) => void): TerraformPlan {
  const copy = structuredClone(plan);
  const resource = copy.resource_changes.find((r) => r.address === address);
  if (!resource) throw new Error(`${address} not in plan`);
  change(resource.change.after as Record<string, unknown>);
  return copy;
}

/** The record main reads back from a comment posted on PR #42 (merged at HEAD). */
function recordFrom(body: string, labels: string[] = [], pr = { number: 42, headSha: HEAD }): ReviewedRecord {
  return reviewedFromComments({ ...pr, labels }, [{ id: 1, body, ...BOT }], KEY);
}

const comment = (key = KEY, pr = 42, head = HEAD): string =>
  render({ stacks: [stagingResult()], record: { pr, head, base: BASE, key } });

describe("reviewed plan: the trusted plan's authenticated record", () => {
  const record = recordFrom(comment());

  it("records each planned stack's digest, bound to the PR, its head and base commits, under a MAC", () => {
    const [encoded] = markersIn(comment());
    expect(authenticateMarker(encoded, KEY)).toEqual({
      pr: 42,
      head: HEAD,
      base: BASE,
      stacks: { [STACK]: digest(staging()) },
    });
    expect(authenticateMarker(encoded, OTHER_KEY)).toBeUndefined();
  });

  it("main applies when its plan equals the reviewed one", () => {
    const verdict = verifyReviewed(record, STACK, digest(staging()), KEY);
    expect(verdict.apply).toBe(true);
    expect(verdict.message).toContain("equals the plan reviewed in PR #42 (head aaaaaaa, base bbbbbbb)");
  });

  it("main refuses when a visible value differs, naming the resource and how to re-approve", () => {
    const actual = digest(edit(staging(), FRONTEND, (after) => (after.ttl = 300)));
    const verdict = verifyReviewed(record, STACK, actual, KEY);
    expect(verdict.apply).toBe(false);
    expect(verdict.message).toContain(`Changing differently than reviewed: \`${FRONTEND}\``);
    expect(verdict.message).toContain(`\`approve\` set to \`${STACK}=${actual.digest}\``);
    expect(verdict.message).toContain("`reapprove` environment");
  });

  it("main refuses a change that was not in the reviewed plan, and one that disappeared", () => {
    const plan = staging();
    const extra = structuredClone(plan);
    extra.resource_changes.push({ ...structuredClone(plan.resource_changes[0]), address: "cloudflare_dns_record.new" });
    const added = verifyReviewed(record, STACK, digest(extra), KEY);
    expect(added.apply).toBe(false);
    expect(added.message).toContain("Changes not in the reviewed plan: `cloudflare_dns_record.new`");
    const fewer = { ...plan, resource_changes: plan.resource_changes.filter((r) => r.address !== FRONTEND) };
    expect(verifyReviewed(record, STACK, digest(fewer), KEY).message).toContain(
      `Reviewed changes no longer planned: \`${FRONTEND}\``,
    );
  });
});

describe("complete digest: what the comment masks still counts", () => {
  it("main refuses a change of sensitive values only", () => {
    const rotated = edit(staging(), LOG_LEVEL, (after) => (after.value = "warn"));
    const record = recordFrom(comment());
    const verdict = verifyReviewed(record, STACK, digest(rotated), KEY);
    expect(verdict.apply).toBe(false);
    expect(verdict.message).toContain(`Changing differently than reviewed: \`${LOG_LEVEL}\``);
  });

  it("main refuses one masked value swapped for another", () => {
    const plan = staging();
    const valueOf = (address: string): unknown =>
      (plan.resource_changes.find((r) => r.address === address)?.change.after as Record<string, unknown>).value;
    const [a, b] = [valueOf(LOG_LEVEL), valueOf(DATABASE_URL)];
    expect(a).not.toEqual(b);
    const swapped = edit(
      edit(plan, LOG_LEVEL, (after) => (after.value = b)),
      DATABASE_URL,
      (after) => (after.value = a),
    );
    const verdict = verifyReviewed(recordFrom(comment()), STACK, digest(swapped), KEY);
    expect(verdict.apply).toBe(false);
    expect(verdict.message).toMatch(
      /Changing differently than reviewed: .*LOG_LEVEL.*DATABASE_URL|DATABASE_URL.*LOG_LEVEL/,
    );
  });

  it("never puts a sensitive value, or an unkeyed hash of it, into the record", () => {
    const body = comment();
    const [encoded] = markersIn(body);
    const decoded = Buffer.from(encoded, "base64url").toString("utf8");
    const url = (
      staging().resource_changes.find((r) => r.address === DATABASE_URL)?.change.after as Record<string, string>
    ).value;
    expect(body).not.toContain(url);
    expect(decoded).not.toContain(url);
    // Keyed: another key gives other per-resource hashes, so none can be guessed back.
    expect(digest(staging(), OTHER_KEY).resources[DATABASE_URL]).not.toBe(digest(staging()).resources[DATABASE_URL]);
  });

  it("main refuses a changed output value, sensitive or not", () => {
    const plan = staging();
    const withOutput = (after: string, sensitive: boolean): TerraformPlan => ({
      ...plan,
      output_changes: {
        ...plan.output_changes,
        token: { actions: ["update"], before: "one", after, before_sensitive: sensitive, after_sensitive: sensitive },
      },
    });
    const planned = stagingResult();
    if (planned.status !== "planned") throw new Error("unreachable");
    for (const sensitive of [false, true]) {
      const reviewed = recordFrom(
        render({
          stacks: [{ ...planned, plan: withOutput("two", sensitive) }],
          record: { pr: 42, head: HEAD, base: BASE, key: KEY },
        }),
      );
      expect(verifyReviewed(reviewed, STACK, digest(withOutput("two", sensitive)), KEY).apply).toBe(true);
      const verdict = verifyReviewed(reviewed, STACK, digest(withOutput("three", sensitive)), KEY);
      expect(verdict.apply, `sensitive: ${sensitive}`).toBe(false);
      expect(verdict.message).toContain("`output.token`");
    }
  });

  it("gives every after value its own digest (replicas 1→2 is not 1→50)", () => {
    const replicas = (n: number): TerraformPlan =>
      parsePlan(
        JSON.stringify({
          format_version: "1.2",
          resource_changes: [
            {
              address: "railway_service.api",
              mode: "managed",
              type: "railway_service",
              name: "api",
              change: {
                actions: ["update"],
                before: { regions: [{ region: "us-east4", num_replicas: 1 }] },
                after: { regions: [{ region: "us-east4", num_replicas: n }] },
              },
            },
          ],
        }),
      );
    const values = [2, 50, 51].map((n) => digest(replicas(n)).digest);
    expect(new Set(values).size).toBe(3);
  });

  it("expects no change at all in a stack the PR did not plan, a sensitive-only one included", () => {
    const production = "neuropilot-production";
    const record = recordFrom(comment());
    expect(verifyReviewed(record, production, noChangesDigest(KEY), KEY).apply).toBe(true);
    const sensitiveOnly: TerraformPlan = {
      ...staging(),
      resource_changes: edit(staging(), LOG_LEVEL, (after) => (after.value = "warn")).resource_changes.filter(
        (r) => r.address === LOG_LEVEL,
      ),
    };
    const verdict = verifyReviewed(record, production, digest(sensitiveOnly), KEY);
    expect(verdict.apply).toBe(false);
    expect(verdict.message).toContain("did not plan this stack");
  });

  it("passes a stack with nothing left to apply whatever was reviewed (a re-run after the apply)", () => {
    expect(verifyReviewed(recordFrom(comment()), STACK, noChangesDigest(KEY), KEY).apply).toBe(true);
    const none: ReviewedRecord = { source: "none", reason: "no PR", labels: [] };
    expect(verifyReviewed(none, STACK, noChangesDigest(KEY), KEY).apply).toBe(true);
  });
});

describe("forged records never pass", () => {
  const actual = digest(staging());

  it("refuses a record in a bot comment written with another key, or with no MAC", () => {
    const forged = recordFrom(comment(OTHER_KEY));
    // Dropped where the comments are read: only a marker that verifies reaches reviewed.json.
    expect(forged.source).toBe("none");
    const verdict = verifyReviewed(forged, STACK, actual, KEY);
    expect(verdict.apply).toBe(false);
    expect(verdict.message).toContain("no reviewed-plan record written by the trusted plan");
    const [encoded] = markersIn(comment());
    const payload = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8")) as Record<string, unknown>;
    delete payload.mac;
    const unsigned = `<!-- neuropilot-reviewed-plan:${Buffer.from(JSON.stringify(payload)).toString("base64url")} -->`;
    expect(verifyReviewed(recordFrom(unsigned), STACK, actual, KEY).apply).toBe(false);
  });

  it("refuses a genuine MAC on altered digests (the MAC covers the stacks)", () => {
    const [encoded] = markersIn(comment());
    const marker = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8")) as {
      stacks: Record<string, { digest: string }>;
    };
    const evil = edit(staging(), FRONTEND, (after) => (after.content = "203.0.113.66"));
    marker.stacks[STACK] = digest(evil);
    const tampered = `<!-- neuropilot-reviewed-plan:${Buffer.from(JSON.stringify(marker)).toString("base64url")} -->`;
    expect(verifyReviewed(recordFrom(tampered), STACK, digest(evil), KEY).apply).toBe(false);
  });

  it("refuses a genuine record of another PR or another head commit (replay)", () => {
    const otherPr = recordFrom(comment(KEY, 41));
    expect(verifyReviewed(otherPr, STACK, actual, KEY).apply).toBe(false);
    const stale = recordFrom(comment(KEY, 42, "c".repeat(40)));
    const verdict = verifyReviewed(stale, STACK, actual, KEY);
    expect(verdict.apply).toBe(false);
    expect(verdict.message).toContain("PR #42's trusted plan record describes ccccccc, but aaaaaaa was merged");
  });

  it("takes the genuine record whatever forgeries come after it, and whoever's comment carries it", () => {
    const record = reviewedFromComments(
      { number: 42, headSha: HEAD, labels: [] },
      [
        { id: 1, body: comment(), authorType: "User", authorLogin: "someone" },
        { id: 2, body: comment(OTHER_KEY), ...BOT },
      ],
      KEY,
    );
    expect(resolveRecord(record, KEY).stacks?.[STACK]).toEqual(actual);
  });

  it("keeps the genuine record among many forged ones naming the same PR and head, more after it than the cap", () => {
    const forged = Array.from({ length: 120 }, (_, id) => ({ id: id + 2, body: comment(OTHER_KEY), ...BOT }));
    const record = reviewedFromComments(
      { number: 42, headSha: HEAD, labels: [] },
      [...forged.slice(0, 60), { id: 1, body: comment(), ...BOT }, ...forged.slice(60)],
      KEY,
    );
    expect(resolveRecord(record, KEY).stacks?.[STACK]).toEqual(actual);
  });

  it("survives resource keys that would end an HTML comment, and drops per-resource hashes when huge", () => {
    const payload = {
      pr: 1,
      head: HEAD,
      base: BASE,
      stacks: { s: { digest: noChangesDigest(KEY).digest, resources: { 'x["-->"]': "0123456789abcdef" } } },
    };
    const [encoded] = markersIn(`text ${encodeMarker(payload, KEY)} more`);
    expect(authenticateMarker(encoded, KEY)).toEqual(payload);
    const many = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`r.n${i}`, "0123456789abcdef"]));
    const [big] = markersIn(encodeMarker({ ...payload, stacks: { s: { ...payload.stacks.s, resources: many } } }, KEY));
    expect(authenticateMarker(big, KEY)?.stacks.s).toEqual({ digest: payload.stacks.s.digest, resources: {} });
  });

  it("refuses a record key shorter than the minimum, at the boundary", () => {
    expect(() => recordKeyFromEnv({ [RECORD_KEY_SECRET]: "k".repeat(MIN_RECORD_KEY_CHARS - 1) })).toThrow(
      new RegExp(`${RECORD_KEY_SECRET} must be set to at least ${MIN_RECORD_KEY_CHARS} characters`),
    );
    expect(recordKeyFromEnv({ [RECORD_KEY_SECRET]: KEY })).toBe(KEY);
  });
});

describe("re-approval input", () => {
  const approved = `sha256:${"c".repeat(64)}`;

  it("accepts stack=digest pairs and carries the merged PR's labels", () => {
    expect(parseApproval(`neuropilot-staging=${approved}, neuropilot-production=${approved}`, "alice", ["x"])).toEqual({
      source: "approval",
      actor: "alice",
      labels: ["x"],
      stacks: {
        "neuropilot-staging": { digest: approved, resources: {} },
        "neuropilot-production": { digest: approved, resources: {} },
      },
    });
  });

  it("refuses newlines, short digests and anything else", () => {
    for (const bad of [`neuropilot-staging=${approved}\nrefused=false`, "neuropilot-staging=sha256:abc", "", "x=y"]) {
      expect(() => parseApproval(bad, "alice"), bad).toThrow(/approve must be stack=sha256/);
    }
  });
});

describe("reviewed-plan.ts verify (the CLI the deploy runs)", () => {
  const dir = mkdtempSync(join(tmpdir(), "reviewed-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function verifyCli(
    plan: TerraformPlan,
    record: ReviewedRecord,
    key: string | null = KEY,
    extra: string[] = [],
  ): { status: number | null; output: string; refusal: string } {
    writeFileSync(join(dir, "reviewed.json"), JSON.stringify(record));
    writeFileSync(
      join(dir, `${STACK}.result.json`),
      JSON.stringify({ stack: STACK, workspace: STACK, status: "changes" }),
    );
    writeFileSync(join(dir, `${STACK}.plan.json`), JSON.stringify(plan));
    rmSync(join(dir, "refusal.md"), { force: true });
    const env: NodeJS.ProcessEnv = { ...process.env, GITHUB_OUTPUT: join(dir, "output"), GITHUB_STEP_SUMMARY: "" };
    delete env[RECORD_KEY_SECRET];
    if (key !== null) env[RECORD_KEY_SECRET] = key;
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
        ...extra,
      ],
      { cwd: ROOT, encoding: "utf8", env },
    );
    const refusal = existsSync(join(dir, "refusal.md")) ? readFileSync(join(dir, "refusal.md"), "utf8") : "";
    return { status: run.status, output: `${run.stdout}${run.stderr}`, refusal };
  }

  it("exits 0 on the reviewed plan and 1, with a refusal comment, on a different or forged one", () => {
    const labelled = recordFrom(comment(), [DATA_LOSS_LABEL]);
    const same = verifyCli(staging(), labelled);
    expect(same.status, same.output).toBe(0);
    expect(same.refusal).toBe("");
    const different = verifyCli(
      edit(staging(), FRONTEND, (after) => (after.proxied = false)),
      labelled,
    );
    expect(different.status, different.output).toBe(1);
    expect(different.refusal).toContain("main's plan differs from the reviewed plan");
    expect(readFileSync(join(dir, "output"), "utf8")).toMatch(/refused<<\w+\ntrue\n/);
    const forged = verifyCli(staging(), recordFrom(comment(OTHER_KEY), [DATA_LOSS_LABEL]));
    expect(forged.status, forged.output).toBe(1);
  }, 30_000);

  it("refuses an unlabelled stateful replace at apply time, even when it was reviewed", () => {
    // The staging fixture replaces a Neon branch and destroys a Railway service.
    const unlabelled = verifyCli(staging(), recordFrom(comment(), ["unrelated"]));
    expect(unlabelled.status, unlabelled.output).toBe(1);
    expect(unlabelled.refusal).toContain("destroys or replaces stateful resources");
    expect(unlabelled.refusal).toContain("railway_service.api-backend_us-west_service_AA3C57D7");
    expect(unlabelled.refusal).toContain(`"${DATA_LOSS_LABEL}" label`);
  }, 30_000);

  it("--unrefreshed (main's plan before the reviewers): leaves a re-approval to the refreshing apply job, nothing else", () => {
    // A re-approved digest read off a refreshed apply plan differs from this unrefreshed one.
    const approval = parseApproval(`${STACK}=sha256:${"0".repeat(64)}`, "lead", [DATA_LOSS_LABEL]);
    const passed = verifyCli(staging(), approval, KEY, ["--unrefreshed"]);
    expect(passed.status, passed.output).toBe(0);
    expect(passed.output).toContain("the apply job checks the approved digest against its refreshed plan");
    // Without the switch (the apply job) the same approval is refused.
    expect(verifyCli(staging(), approval).status).toBe(1);
    // The data-loss gate still applies, and a PR record is still checked in full.
    expect(verifyCli(staging(), { ...approval, labels: [] }, KEY, ["--unrefreshed"]).status).toBe(1);
    const different = edit(staging(), FRONTEND, (after) => (after.proxied = false));
    const prRecord = recordFrom(comment(), [DATA_LOSS_LABEL]);
    expect(verifyCli(different, prRecord, KEY, ["--unrefreshed"]).status).toBe(1);
  }, 30_000);

  it("refuses without the record key, naming the secret", () => {
    const run = verifyCli(staging(), recordFrom(comment(), [DATA_LOSS_LABEL]), null);
    expect(run.status).toBe(1);
    expect(run.output).toContain(`${RECORD_KEY_SECRET} must be set`);
  }, 30_000);
});
