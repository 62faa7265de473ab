// CLI: renders plan-stacks.ts output as Markdown. Writes the comment-sized version to
// --out (or stdout) and appends the full version to $GITHUB_STEP_SUMMARY.
//   tsx pipeline/render-plan.ts --plans plans --synth cdktf.out --out comment.md
//   tsx pipeline/render-plan.ts --changes changes.json --fork   (fork PRs: nothing planned)
//   tsx pipeline/render-plan.ts --drift neuropilot-staging --plans plans --out report/neuropilot-staging.md
// --changes takes changed-stacks.ts output and adds notices (unchanged, removed and bootstrap stacks).
// Options: --base-synth <base cdktf.out> (names resources the change removes), --title, --notice (repeatable), --marker, --stack (repeatable: only these),
// --record-pr <n> --record-head <PR head SHA> --record-base <base SHA> with $REVIEWED_PLAN_HMAC_KEY
// (the trusted plan only: adds the authenticated reviewed-plan record main checks before applying),
// --costs <cost JSON, see cost-deltas.ts; missing or empty = no cost column>, --max-chars. --drift <stack>
// renders one stack's drift issue body (its marker, title and wording).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { cdkCli } from "./synth/cdk-cli";
import { parseCostDeltas } from "./comment/cost-deltas";
import { driftMarker } from "./drift/drift-sync";
import { appendStepSummary, commandLine, flag, runUrl, type ParsedArgs, warning } from "./github/github-actions";
import type { JsonObject } from "./synth/json";
import { knownSecrets } from "./plan/known-secrets";
import { recordKeyFromEnv } from "./record/plan-digest";
import { parsePlan } from "./plan/plan-json";
import { changeNotices, FORK_REASON } from "./comment/notices";
import { planJsonFile, readPlanResults, stderrFile, type PlanResult } from "./plan/plan-results";
import { rolloutInProgress, writeRolloutFile } from "./drift/rollout-drift";
import {
  GITHUB_COMMENT_LIMIT,
  render,
  STEP_SUMMARY_LIMIT,
  type RecordBinding,
  type RenderInput,
  type StackResult,
} from "./comment/render";
import type { StackChanges } from "./synth/stack-diff";
import { processIo, runAsEntry, type ScriptIo } from "./script-entry";
import { sortByApplyOrder } from "./synth/stack-order";
import { hasManifest, readManifest, readStackJson } from "./synth/synth-output";

const DRIFT_NOTICE =
  "The scheduled plan found differences between the configuration on `main` and the real infrastructure: " +
  "resources changed outside Terraform (listed as drifted), or configuration not applied yet. " +
  "Revert the manual change, or bring it into the code; this issue closes itself when a plan comes back clean.";

/** The command, in-process: `argv` and `env` as the workflow step passes them; returns the exit code. */
export function main(argv: string[], env: NodeJS.ProcessEnv, io: ScriptIo = processIo): Promise<number> {
  const args = commandLine(argv, {
    command: "pipeline/render-plan.ts",
    flags: [
      "synth",
      "base-synth",
      "plans",
      "changes",
      "costs",
      "drift",
      "marker",
      "max-chars",
      "out",
      "record-pr",
      "title",
      "notice",
      "stack",
      "record-head",
      "record-base",
    ],
    switches: ["fork"],
  });
  const driftStack = flag(args, "drift");
  if (driftStack !== undefined) args.flags.set("stack", [driftStack]);
  const changesFile = flag(args, "changes");
  const changes = changesFile ? readChanges(changesFile) : undefined;
  const stacks = collectStacks(args, changes, io);
  const input: RenderInput = {
    stacks,
    title: flag(args, "title") ?? (driftStack ? `Drift report: ${driftStack}` : undefined),
    notices: [
      ...(driftStack ? [DRIFT_NOTICE] : []),
      ...(changes ? changeNotices(changes, cdkCli(env)) : []),
      ...(args.flags.get("notice") ?? []),
    ],
    marker: flag(args, "marker") ?? (driftStack ? driftMarker(driftStack) : undefined),
    fullPlanUrl: runUrl(env),
    // Normally empty: the render step holds no credentials (plan-stacks.ts scrubbed Terraform's
    // output with them); kept so a local run with credentials in the environment is scrubbed too.
    redact: knownSecrets(env),
    record: recordBinding(args, env),
  };
  const maxChars = Number(flag(args, "max-chars") ?? GITHUB_COMMENT_LIMIT);
  const markdown = render({ ...input, maxChars });
  const out = flag(args, "out");
  // Drift: a rollout in progress explains the plan when it alone differs (rollout-drift.ts);
  // the issues job reads the marker file written beside the report.
  if (driftStack !== undefined && out) {
    const planned = stacks.find((s) => s.stack === driftStack);
    const rollout = planned?.status === "planned" ? rolloutInProgress(driftStack, planned.plan, new Date()) : null;
    if (rollout) writeRolloutFile(dirname(out), rollout);
  }
  if (out) writeFileSync(out, markdown);
  else io.write("stdout", markdown);
  appendStepSummary(render({ ...input, maxChars: STEP_SUMMARY_LIMIT, fullPlanUrl: undefined }), env);
  return Promise.resolve(0);
}

function collectStacks(args: ParsedArgs, changes: StackChanges | undefined, io: ScriptIo): StackResult[] {
  const only = args.flags.get("stack");
  if (flag(args, "fork") === "true") {
    return (changes?.changed ?? []).map((stack) => ({
      stack,
      workspace: stack,
      status: "skipped",
      reason: FORK_REASON,
    }));
  }
  const plansDir = flag(args, "plans") ?? "plans";
  const synthDir = flag(args, "synth") ?? "cdktf.out";
  const baseSynthDir = flag(args, "base-synth");
  const costs = readCosts(flag(args, "costs"), io);
  const results = readPlanResults(plansDir).filter((result) => !only || only.includes(result.stack));
  const byName = new Map(results.map((result) => [result.stack, result]));
  return sortByApplyOrder(byName.keys()).map((name) => {
    const stack = toStackResult(byName.get(name) as PlanResult, plansDir, synthDir, baseSynthDir);
    return costs[name] === undefined ? stack : { ...stack, costDeltaUsd: costs[name] };
  });
}

function toStackResult(
  result: PlanResult,
  plansDir: string,
  synthDir: string,
  baseSynthDir: string | undefined,
): StackResult {
  const base = { stack: result.stack, workspace: result.workspace };
  if (result.status === "failed") {
    const file = stderrFile(plansDir, result.stack);
    return { ...base, status: "failed", error: existsSync(file) ? readFileSync(file, "utf8") : "(no output captured)" };
  }
  const plan = parsePlan(readFileSync(planJsonFile(plansDir, result.stack), "utf8"));
  return {
    ...base,
    status: "planned",
    plan,
    synthesized: synthesizedStack(synthDir, result.stack),
    synthesizedBase: baseSynthDir === undefined ? undefined : synthesizedStack(baseSynthDir, result.stack),
  };
}

function synthesizedStack(outDir: string, stack: string): JsonObject | undefined {
  const entry = hasManifest(outDir) ? readManifest(outDir).stacks[stack] : undefined;
  return entry ? readStackJson(outDir, entry) : undefined;
}

function recordBinding(args: ParsedArgs, env: NodeJS.ProcessEnv): RecordBinding | undefined {
  const pr = flag(args, "record-pr");
  if (pr === undefined || pr === "") return undefined;
  if (!/^[1-9][0-9]{0,9}$/.test(pr))
    throw new Error(`--record-pr must be a pull request number, got ${JSON.stringify(pr)}`);
  const sha = (name: string): string => {
    const value = flag(args, name) ?? "";
    if (!/^[0-9a-f]{40}$/.test(value))
      throw new Error(`--${name} must be a full commit SHA, got ${JSON.stringify(value)}`);
    return value;
  };
  return { pr: Number(pr), head: sha("record-head"), base: sha("record-base"), key: recordKeyFromEnv(env) };
}

function readChanges(file: string): StackChanges {
  const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<StackChanges>;
  const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
  return {
    changed: list(parsed.changed),
    unchanged: list(parsed.unchanged),
    removed: list(parsed.removed),
    bootstrapChanged: list(parsed.bootstrapChanged),
  };
}

function readCosts(file: string | undefined, io: ScriptIo): Record<string, number> {
  if (!file || !existsSync(file)) return {};
  try {
    return parseCostDeltas(JSON.parse(readFileSync(file, "utf8")));
  } catch {
    // A failed cost report must not cost us the plan comment.
    warning(`${file} is not a cost report; the comment has no cost column`, io.log);
    return {};
  }
}

runAsEntry("render-plan", main);
