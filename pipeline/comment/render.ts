// Renders Terraform plans of several stacks as one Markdown document: the sticky PR
// comment, the job summary and the drift issue body all come from here. Pure: no I/O.
import { attributeChanges, type AttributeChange } from "./attribute-diff";
import { fairShares } from "./fair-share";
import type { JsonObject } from "../synth/json";
import type { ResourceChange, TerraformPlan } from "../plan/plan-json";
import {
  changeKind,
  countChanges,
  dataCreatesWhileAdopting,
  isStatefulLoss,
  plannedChanges,
  type ChangeCounts,
  type ChangeKind,
} from "../plan/plan-summary";
import { Redactor } from "../../secrets/redact";
import { DATA_LOSS_LABEL } from "../../constructs/github/workflow-contract";
import { planDigest, type PlanDigest } from "../record/plan-digest";
import { configLiterals, planSecrets } from "../plan/plan-secrets";
import { encodeMarker, scrubStacks } from "../record/reviewed-record";
import { constructPaths } from "../synth/synth-output";

export const PLAN_MARKER = "<!-- neuropilot-plan -->";
/** GitHub rejects issue and comment bodies longer than this. */
export const GITHUB_COMMENT_LIMIT = 65_536;
/** GitHub's per-step job summary limit is 1 MiB. */
export const STEP_SUMMARY_LIMIT = 1_000_000;

interface StackBase {
  stack: string;
  workspace: string;
  /** Monthly cost change in USD, when a cost report provides one. */
  costDeltaUsd?: number;
}

export type StackResult =
  | (StackBase & {
      status: "planned";
      plan: TerraformPlan;
      /** The stack's cdk.tf.json, for construct paths. */
      synthesized?: JsonObject;
      /** The base branch's cdk.tf.json: names resources the change removes from the configuration. */
      synthesizedBase?: JsonObject;
    })
  | (StackBase & { status: "failed"; error: string })
  | (StackBase & { status: "skipped"; reason: string });

export interface RenderInput {
  stacks: StackResult[];
  title?: string;
  /** Markdown paragraphs shown under the title (fork notice, removed stacks, ...). */
  notices?: string[];
  /** Where the untruncated plan lives (the workflow run's job summary). */
  fullPlanUrl?: string;
  maxChars?: number;
  marker?: string;
  /** Extra secret values to scrub (e.g. credentials from the environment). */
  redact?: string[];
  /**
   * The PR, head and base commits these plans are for, and the record key: adds the hidden,
   * HMAC-authenticated reviewed-plan record (each planned stack's digest) that main checks
   * before applying (reviewed-record.ts). Only the trusted plan workflow holds the key.
   */
  record?: RecordBinding;
}

export interface RecordBinding {
  pr: number;
  head: string;
  base: string;
  key: string;
}

const MAX_WARNING_ITEMS = 20;
const SYMBOL: Record<ChangeKind, string> = {
  create: "+",
  update: "~",
  replace: "-/+",
  delete: "-",
  forget: "-",
  import: "<=",
  read: "<=",
  "no-op": " ",
};
const ACTION_REASONS: Record<string, string> = {
  replace_because_tainted: "tainted",
  replace_because_cannot_update: "an attribute forces replacement",
  replace_by_request: "replacement requested",
  replace_by_triggers: "replace_triggered_by",
  delete_because_no_resource_config: "no longer in the configuration",
  delete_because_no_module: "its module is gone",
  delete_because_wrong_repetition: "count/for_each changed",
  delete_because_count_index: "count index out of range",
  delete_because_each_key: "for_each key removed",
  delete_because_no_move_target: "moved target missing",
};

export function render(input: RenderInput): string {
  const maxChars = input.maxChars ?? GITHUB_COMMENT_LIMIT;
  const planned = input.stacks.filter((stack) => stack.status === "planned");
  const redactor = new Redactor([
    // Stryker disable next-line ArrayDeclaration: only a text containing the mutant's own sentence could tell
    ...(input.redact ?? []),
    // A sensitive value the stack's own configuration writes as a literal is no secret (plan-secrets.ts).
    ...planned.flatMap((stack) => [
      ...planSecrets(stack.plan, stack.synthesized ? configLiterals(stack.synthesized) : undefined),
    ]),
  ]);
  // The marker finds the sticky comment again: it is ours, never a secret, and must survive
  // a sensitive value that happens to contain one of its words ("neuropilot").
  const [markerLine, ...headerRest] = renderHeader(input, redactor).split("\n");
  const header = `${markerLine}\n${redactor.scrub(headerRest.join("\n"))}`;
  const stacks = input.stacks.map((stack) => stackDetails(stack, redactor));
  const fullSize = stacks.reduce((sum, details) => sum + details.size(Infinity).length + 1, 0);
  const truncatedFooter = footer(input.fullPlanUrl, true);
  const fits = header.length + fullSize + footer(input.fullPlanUrl, false).length <= maxChars;
  const tail = fits ? footer(input.fullPlanUrl, false) : truncatedFooter;
  const budget = maxChars - header.length - tail.length - stacks.length;
  const wanted = stacks.map((details) => details.size(Infinity).length);
  const shares = fits ? wanted : fairShares(wanted, budget);
  const body = stacks
    .map((details, index) => details.size(shares[index]))
    .filter((text) => text !== "")
    .map((text) => `${text}\n`)
    .join("");
  const document = `${header}${body}${tail}`;
  // The pieces were measured to fit; this only guards against a header too big on its own.
  return document.length <= maxChars ? document : `${document.slice(0, maxChars - 40)}\n\n… (truncated)\n`;
}

function renderHeader(input: RenderInput, redactor: Redactor): string {
  const lines = [
    input.marker ?? PLAN_MARKER,
    ...reviewedRecord(input, redactor),
    `## ${input.title ?? "Terraform plan"}`,
    "",
  ];
  for (const notice of input.notices ?? []) lines.push(notice, "");
  lines.push(...statefulWarning(input.stacks), ...adoptionWarning(input.stacks), ...destroyWarning(input.stacks));
  if (input.stacks.length === 0) {
    if ((input.notices ?? []).length === 0) lines.push("No stack to plan.");
    return endParagraph(lines.join("\n"));
  }
  const showCost = input.stacks.some((stack) => stack.costDeltaUsd !== undefined);
  lines.push(
    `| Stack | Workspace | Add | Change | Replace | Destroy | Import | Drift |${showCost ? " Cost Δ/month |" : ""} Result |`,
    `|---|---|--:|--:|--:|--:|--:|--:|${showCost ? "--:|" : ""}---|`,
  );
  for (const stack of input.stacks) lines.push(summaryRow(stack, showCost));
  lines.push("");
  const skippedByReason = new Map<string, string[]>();
  for (const stack of input.stacks) {
    if (stack.status === "skipped")
      skippedByReason.set(stack.reason, [...(skippedByReason.get(stack.reason) ?? []), stack.stack]);
  }
  for (const [reason, stacks] of skippedByReason) {
    lines.push(`Not planned (${stacks.map((name) => `\`${name}\``).join(", ")}): ${reason}.`);
  }
  return endParagraph(lines.join("\n"));
}

/**
 * The hidden record, authenticated with the record key. It is base64url, so the scrub of the
 * header cannot see into it: its resource addresses (with their for_each keys) are scrubbed
 * before it is encoded and signed.
 */
function reviewedRecord(input: RenderInput, redactor: Redactor): string[] {
  const record = input.record;
  if (record === undefined) return [];
  const stacks: Record<string, PlanDigest> = {};
  for (const stack of input.stacks)
    if (stack.status === "planned") stacks[stack.stack] = planDigest(stack.plan, record.key);
  return [
    encodeMarker(
      { pr: record.pr, head: record.head, base: record.base, stacks: scrubStacks(stacks, redactor) },
      record.key,
    ),
  ];
}

/** Ends a block with exactly one blank line, so the next HTML block starts cleanly. */
function endParagraph(text: string): string {
  return text.replace(/\n*$/, "\n\n");
}

function summaryRow(stack: StackResult, showCost: boolean): string {
  const counts = stack.status === "planned" ? countChanges(stack.plan) : undefined;
  const cell = (value: number | undefined): string => (value === undefined ? "—" : String(value));
  const cost = showCost ? ` ${formatCost(stack.costDeltaUsd)} |` : "";
  return (
    `| \`${stack.stack}\` | \`${stack.workspace}\` | ${cell(counts?.add)} | ${cell(counts?.change)} | ` +
    `${cell(counts?.replace)} | ${cell(counts?.destroy)} | ${cell(counts?.import)} | ${cell(counts?.drift)} |${cost} ${result(stack)} |`
  );
}

function result(stack: StackResult): string {
  if (stack.status === "failed") return "❌ plan failed";
  if (stack.status === "skipped") return "⏭️ skipped";
  if (dataCreatesWhileAdopting(stack.plan).length > 0) return "❌ creates a database beside an adopted one";
  return plannedChanges(stack.plan).length > 0 ? "📝 changes" : "✅ no changes";
}

function statefulWarning(stacks: StackResult[]): string[] {
  const losses = stacks.flatMap((stack) =>
    stack.status === "planned"
      ? stack.plan.resource_changes.filter(isStatefulLoss).map((resource) => ({ stack, resource }))
      : [],
  );
  if (losses.length === 0) return [];
  const lines = [
    "> [!CAUTION]",
    `> ## 🚨 This plan DESTROYS OR REPLACES ${losses.length} STATEFUL RESOURCE${losses.length === 1 ? "" : "S"}`,
    "> Data, DNS or traffic is lost when these go. Check each one before merging. Destroying or replacing a " +
      `Neon project, branch, database or role also needs the \`${DATA_LOSS_LABEL}\` label: until a maintainer adds it, the \`plan\` check fails.`,
    ">",
  ];
  for (const { stack, resource } of losses.slice(0, MAX_WARNING_ITEMS)) {
    const paths = stack.status === "planned" ? pathsOf(stack) : undefined;
    lines.push(
      `> - **${changeKind(resource) === "replace" ? "REPLACE" : "DESTROY"}** ${inlineCode(stack.stack)} ` +
        `${inlineCode(resourceLabel(resource, paths))} (${resource.type})`,
    );
  }
  if (losses.length > MAX_WARNING_ITEMS) lines.push(`> - … and ${losses.length - MAX_WARNING_ITEMS} more`);
  lines.push("");
  return lines;
}

function adoptionWarning(stacks: StackResult[]): string[] {
  const creates = stacks.flatMap((stack) =>
    stack.status === "planned" ? dataCreatesWhileAdopting(stack.plan).map((resource) => ({ stack, resource })) : [],
  );
  if (creates.length === 0) return [];
  const lines = [
    "> [!CAUTION]",
    `> ## 🚨 This plan CREATES ${creates.length} DATA RESOURCE${creates.length === 1 ? "" : "S"} in a stack that is adopting existing ones`,
    "> An existing database would get an empty twin. Add each to the stack's `config/adopt/<stack>.ts` with its import id, or confirm it is new.",
    ">",
  ];
  for (const { stack, resource } of creates.slice(0, MAX_WARNING_ITEMS)) {
    const paths = stack.status === "planned" ? pathsOf(stack) : undefined;
    lines.push(`> - **CREATE** \`${stack.stack}\` \`${resourceLabel(resource, paths)}\` (${resource.type})`);
  }
  if (creates.length > MAX_WARNING_ITEMS) lines.push(`> - … and ${creates.length - MAX_WARNING_ITEMS} more`);
  lines.push("");
  return lines;
}

function destroyWarning(stacks: StackResult[]): string[] {
  const total = stacks.reduce((sum, stack) => {
    if (stack.status !== "planned") return sum;
    const counts = countChanges(stack.plan);
    return sum + counts.destroy + counts.replace;
  }, 0);
  if (total === 0) return [];
  return ["> [!WARNING]", `> ${total} resource(s) will be destroyed or replaced; see the details below.`, ""];
}

function footer(fullPlanUrl: string | undefined, truncated: boolean): string {
  if (!fullPlanUrl) return truncated ? "_Details truncated to fit GitHub's size limit._\n" : "";
  return truncated
    ? `_Details truncated to fit GitHub's size limit: the [full plan is in the job summary](${fullPlanUrl})._\n`
    : `_Full plan: [job summary](${fullPlanUrl})._\n`;
}

interface StackDetails {
  /** The stack's <details> section in at most `budget` characters ("" when even a stub does not fit). */
  size(budget: number): string;
}

function stackDetails(stack: StackResult, redactor: Redactor): StackDetails {
  if (stack.status === "skipped") return { size: () => "" };
  if (stack.status === "failed") {
    const summary = `<b>${redactor.scrub(stack.stack)}</b>: plan failed`;
    return { size: (budget) => failureSection(summary, redactor.scrub(stack.error.trim()), budget) };
  }
  const counts = countChanges(stack.plan);
  const blocks = resourceBlocks(stack.plan, pathsOf(stack), redactor).map((block) => redactor.scrub(block));
  const summary = `<b>${redactor.scrub(stack.stack)}</b>: ${describeCounts(counts)}`;
  if (blocks.length === 0) {
    const text = section(summary, false, "No changes. The infrastructure matches the configuration.");
    return { size: (budget) => (text.length <= budget ? text : "") };
  }
  return { size: (budget) => changesSection(summary, blocks, budget) };
}

function changesSection(summary: string, blocks: string[], budget: number): string {
  // Stryker disable next-line StringLiteral: equivalent — every block starts with a change symbol, never a backtick, so no run of backticks spans two blocks
  const fence = fenceFor(blocks.join("\n"));
  const wrap = (content: string): string => section(summary, false, `${fence}diff\n${content}${fence}`);
  const all = wrap(blocks.map((block) => `${block}\n`).join(""));
  if (all.length <= budget) return all;
  let content = "";
  let shown = 0;
  // Not the last block: with it every block would be shown, and that did not fit above.
  // Stryker disable next-line MethodExpression: equivalent — tried, the last block makes the text longer than `all`, which already exceeded the budget, so the loop breaks there
  for (const block of blocks.slice(0, -1)) {
    const omittedNote = omitted(blocks.length - shown - 1);
    if (wrap(`${content}${block}\n${omittedNote}`).length > budget) break;
    content += `${block}\n`;
    shown++;
  }
  const text = wrap(`${content}${omitted(blocks.length - shown)}`);
  if (text.length <= budget) return text;
  const stub = section(summary, false, "Details omitted to fit GitHub's size limit; see the full plan.");
  return stub.length <= budget ? stub : "";
}

function failureSection(summary: string, error: string, budget: number): string {
  const fence = fenceFor(error);
  const wrap = (content: string): string => section(summary, true, `${fence}text\n${content}\n${fence}`);
  const overhead = wrap("… (earlier output omitted)\n").length;
  if (wrap(error).length <= budget) return wrap(error);
  if (overhead >= budget) return "";
  // Terraform prints the error last, so keep the end of the output.
  return wrap(`… (earlier output omitted)\n${error.slice(error.length - (budget - overhead))}`);
}

function section(summary: string, open: boolean, content: string): string {
  return `<details${open ? " open" : ""}><summary>${summary}</summary>\n\n${content}\n\n</details>\n`;
}

/** The note for `count` (≥ 1) changes left out. */
function omitted(count: number): string {
  return `# … ${count} more resource change(s) not shown; see the full plan\n`;
}

/**
 * A code span that holds any text: a fence longer than the longest backtick run inside, on
 * one line, so a crafted resource key cannot close the span and inject Markdown.
 */
export function inlineCode(text: string): string {
  const oneLine = text.replace(/[\r\n]+/g, " ");
  const longestRun = Math.max(0, ...(oneLine.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = oneLine.startsWith("`") || oneLine.endsWith("`") ? " " : "";
  return `${fence}${pad}${oneLine}${pad}${fence}`;
}

function fenceFor(content: string): string {
  const longestRun = Math.max(2, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  return "`".repeat(longestRun + 1);
}

/** One block of diff lines per changed resource, then per drifted resource, then output names. */
function resourceBlocks(plan: TerraformPlan, paths: Map<string, string>, redactor: Redactor): string[] {
  const blocks = plannedChanges(plan).map((resource) => changeBlock(resource, paths, redactor));
  const drifted = plan.resource_drift.filter((resource) => resource.mode === "managed");
  if (drifted.length > 0) {
    blocks.push(`# Changed outside Terraform since the last apply (${drifted.length}):`);
    for (const resource of drifted) blocks.push(changeBlock(resource, paths, redactor, "drifted"));
  }
  const outputs = Object.entries(plan.output_changes).filter(
    ([, change]) => !change.actions.every((a) => a === "no-op"),
  );
  if (outputs.length > 0) {
    blocks.push(`# Outputs: ${outputs.map(([name, change]) => `${name} (${change.actions.join("/")})`).join(", ")}`);
  }
  return blocks;
}

function changeBlock(resource: ResourceChange, paths: Map<string, string>, redactor: Redactor, verb?: string): string {
  const kind = changeKind(resource);
  const label = verb ?? kind;
  const symbol = verb ? "~" : SYMBOL[kind];
  const notes: string[] = [];
  const reason = resource.action_reason
    ? (ACTION_REASONS[resource.action_reason] ?? resource.action_reason)
    : undefined;
  if (reason) notes.push(reason);
  const importId = resource.change.importing?.id;
  if (resource.change.importing !== undefined) notes.push(importId === undefined ? "import" : `import ${importId}`);
  if (resource.previous_address) notes.push(`moved from ${resource.previous_address}`);
  const head = `${symbol} ${label.padEnd(7)} ${resourceLabel(resource, paths)}  (${resource.type})${notes.length > 0 ? `  # ${notes.join("; ")}` : ""}`;
  const showAttributes = verb !== undefined || kind === "update" || kind === "replace";
  if (!showAttributes) return head;
  return [head, ...attributeChanges(resource.change, { redactor }).map(attributeLine)].join("\n");
}

function attributeLine(change: AttributeChange): string {
  const forces = change.forcesReplacement ? "  # forces replacement" : "";
  if (change.before === "" && change.after === "") return `      ${change.path}${forces}`;
  return `      ${change.path}: ${change.before} → ${change.after}${forces}`;
}

/** Address → construct path, from the head configuration, falling back to the base for removed resources. */
function pathsOf(stack: Extract<StackResult, { status: "planned" }>): Map<string, string> {
  const base = stack.synthesizedBase ? constructPaths(stack.synthesizedBase) : new Map<string, string>();
  const head = stack.synthesized ? constructPaths(stack.synthesized) : new Map<string, string>();
  return new Map([...base, ...head]);
}

/** The construct path (without the stack) when the synthesised JSON names one, else the Terraform address. */
function resourceLabel(resource: ResourceChange, paths: Map<string, string> | undefined): string {
  const key = `${resource.mode === "data" ? "data." : ""}${resource.type}.${resource.name}`;
  const path = resource.module_address === undefined ? paths?.get(key) : undefined;
  if (path === undefined) return resource.address;
  return resource.index === undefined ? path : `${path}[${JSON.stringify(resource.index)}]`;
}

function describeCounts(counts: ChangeCounts): string {
  const parts = [
    `${counts.add} to add`,
    `${counts.change} to change`,
    `${counts.replace} to replace`,
    `${counts.destroy} to destroy`,
  ];
  if (counts.forget > 0) parts.push(`${counts.forget} to forget`);
  if (counts.import > 0) parts.push(`${counts.import} to import`);
  if (counts.drift > 0) parts.push(`${counts.drift} drifted`);
  return parts.join(", ");
}

function formatCost(usd: number | undefined): string {
  if (usd === undefined) return "—";
  const sign = usd > 0 ? "+" : usd < 0 ? "−" : "±";
  return `${sign}$${Math.abs(usd).toFixed(2)}`;
}
