// Vets, then plans, a set of synthesised stacks and leaves plan-results files in outDir: the
// work of plan-stacks.ts and pr-plan.ts, callable in-process. Every stack is vetted first
// (pipeline/vet/): when any is refused, no terraform process starts at all, each refused
// stack gets a failed result whose output is the refusal (the comment shows it) and the
// others are not planned. Stacks are planned `concurrency` at a time (speculative plans of
// different stacks share nothing but read-only remote state); each stack's Terraform output
// is printed as one group, in apply order, whatever order they finish in.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { placeholderPlan } from "./placeholder-credentials";
import { parsePlan } from "./plan-json";
import { planJsonFile, stderrFile, writePlanResult, type PlanResult } from "./plan-results";
import { dataCreatesWhileAdopting } from "./plan-summary";
import { orderPipelineStacks, sortByApplyOrder } from "../synth/stack-order";
import { terraformVariableEnv, variableSecretsFromEnv, withoutVariables } from "./stack-variables";
import { readManifest, readStackJson, stackWorkingDirectory, variableNames, workspaceOf } from "../synth/synth-output";
import { planStack } from "./terraform-runner";
import { bundledVetPolicy, refusalText, vetStack } from "../vet/vet-stack";

export interface PlanRunOptions {
  synthDir: string;
  outDir: string;
  /** The stacks to plan (any order: planned and reported in apply order); all pipeline stacks when empty. */
  stacks: readonly string[];
  /** Allows the local backend (the credential-free preview, the simulated account). */
  offline: boolean;
  /** Skips vetting: tests that plan terraform_data stacks only; no workflow passes it. */
  unvetted?: boolean;
  lock: boolean;
  lockTimeout?: string;
  /** Terraform's environment before the stack's own TF_VAR_* inputs are added. */
  env: NodeJS.ProcessEnv;
  /**
   * Providers planned with a non-secret placeholder key (--placeholder-credentials: the plan
   * environment holds no Neon or Railway key); a stack configuring one plans with -refresh=false.
   */
  placeholders?: readonly string[];
  /** Plans at most this many stacks at once (default 1). */
  concurrency?: number;
  /** Log lines (the Actions log); console.log when absent. */
  log?: (text: string) => void;
}

export interface PlanRunOutcome {
  results: PlanResult[];
  /** Stacks refused by vetting (nothing was planned when non-empty). */
  refused: string[];
  /** `changes` results whose plan imports and also creates a data resource (plan-summary.ts). */
  dataCreates: { stack: string; addresses: string[] }[];
}

export const stacksWithStatus = (outcome: PlanRunOutcome, status: PlanResult["status"]): string[] =>
  outcome.results.filter((r) => r.status === status).map((r) => r.stack);

/** 0 when every stack planned and no plan that imports creates a data resource, else 1. */
export const planRunExitCode = (outcome: PlanRunOutcome): number =>
  outcome.refused.length > 0 || stacksWithStatus(outcome, "failed").length > 0 || outcome.dataCreates.length > 0
    ? 1
    : 0;

export async function planStacks(options: PlanRunOptions): Promise<PlanRunOutcome> {
  const { synthDir, outDir } = options;
  const log = options.log ?? ((text: string) => console.log(text));
  mkdirSync(outDir, { recursive: true });
  const manifest = readManifest(synthDir);
  const stacks = options.stacks.length > 0 ? sortByApplyOrder(new Set(options.stacks)) : orderPipelineStacks(manifest);
  const entryOf = (stack: string) => {
    const entry = manifest.stacks[stack];
    if (entry === undefined) throw new Error(`${stack} is not in ${synthDir}/manifest.json`);
    return entry;
  };
  // Resolve every name before any work: an unknown stack fails the run, not one slot of it.
  const entries = new Map(stacks.map((stack) => [stack, entryOf(stack)]));

  if (!options.unvetted) {
    const refused = vetAll(stacks, (stack) => readStackJson(synthDir, entries.get(stack)!), outDir, options.offline);
    if (refused.length > 0) {
      for (const stack of stacks) {
        log(
          `::error title=Refused before planning::${stack}: ${readRefusal(outDir, stack).replace(/[\r\n]+/g, "%0A")}`,
        );
      }
      return { results: stacks.map((stack) => failedResult(stack)), refused, dataCreates: [] };
    }
  }

  const secrets = variableSecretsFromEnv(options.env);
  // Terraform gets only the variables its stack declares, not every secret.
  const baseEnv = withoutVariables(options.env);
  const planOne = async (stack: string): Promise<{ result: PlanResult; lines: string[] }> => {
    const entry = entries.get(stack)!;
    const stackJson = readStackJson(synthDir, entry);
    const variables = terraformVariableEnv(stack, variableNames(stackJson), secrets);
    const lines: string[] = [];
    if (variables.unmatched.length > 0) {
      lines.push(
        `${stack}: no TF_VAR_* secret for ${variables.unmatched.join(", ")} (defaults or the environment apply)`,
      );
    }
    const placeholders = options.placeholders ?? [];
    const placeholder = placeholderPlan(stack, stackJson, placeholders, baseEnv);
    if (!placeholder.refresh)
      lines.push(`${stack}: -refresh=false, ${placeholders.join(" and ")} get a placeholder key`);
    const output: string[] = [];
    const result = await planStack({
      stack,
      workspace: workspaceOf(stackJson),
      workingDirectory: stackWorkingDirectory(synthDir, entry),
      outDir,
      env: { ...variables.env, ...baseEnv, ...placeholder.env },
      lock: options.lock,
      lockTimeout: options.lockTimeout,
      refresh: placeholder.refresh,
      echo: (_stream, text) => output.push(text),
    });
    lines.push(`::group::terraform plan ${stack}`, output.join("").replace(/\n$/, ""), "::endgroup::");
    if (result.status === "failed" && placeholder.importNote !== undefined) {
      lines.push(`::error title=Import needs the live resource::${placeholder.importNote}`);
      appendFileSync(stderrFile(outDir, stack), `\n${placeholder.importNote}\n`);
    }
    lines.push(`${stack}: ${result.status}`);
    return { result, lines };
  };

  const runs = await inOrderWithLimit(stacks, options.concurrency ?? 1, planOne, (done) => {
    for (const line of done.lines) log(line);
  });
  const results = runs.map((run) => run.result);
  const dataCreates = results
    .filter((r) => r.status === "changes")
    .map((r) => ({
      stack: r.stack,
      addresses: dataCreatesWhileAdopting(parsePlan(readFileSync(planJsonFile(outDir, r.stack), "utf8"))).map(
        (resource) => resource.address,
      ),
    }))
    .filter((found) => found.addresses.length > 0);
  return { results, refused: [], dataCreates };
}

/**
 * Runs `work` over `items` at most `limit` at a time and hands each result to `report` in
 * the items' order (a later item that finishes first waits for the earlier ones).
 */
export async function inOrderWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
  report: (result: R) => void,
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`concurrency must be a whole number ≥ 1, got ${limit}`);
  let next = 0;
  const slots: Promise<void>[] = [];
  const settled = items.map(() => {
    let resolve!: (r: R) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<R>((res, rej) => ((resolve = res), (reject = rej)));
    // Handled here as well: a later item failing while an earlier one is awaited is not unhandled.
    promise.catch(() => undefined);
    return { promise, resolve, reject };
  });
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      try {
        settled[index].resolve(await work(items[index]));
      } catch (error) {
        settled[index].reject(error);
      }
    }
  };
  for (let i = 0; i < Math.min(limit, items.length); i++) slots.push(worker());
  const results: R[] = [];
  for (const { promise } of settled) {
    const result = await promise;
    report(result);
    results.push(result);
  }
  await Promise.all(slots);
  return results;
}

/** Vets every stack before any is planned; the refused ones (results and refusals written for all). */
function vetAll(
  stacks: string[],
  stackJson: (stack: string) => ReturnType<typeof readStackJson>,
  outDir: string,
  offline: boolean,
): string[] {
  const refusals = new Map<string, string>();
  for (const stack of stacks) {
    const findings = vetStack(stackJson(stack), bundledVetPolicy(stack, offline));
    if (findings.length > 0) refusals.set(stack, refusalText(stack, findings));
  }
  if (refusals.size === 0) return [];
  for (const stack of stacks) {
    const refusal =
      refusals.get(stack) ?? `Not planned: ${[...refusals.keys()].join(", ")} was refused, so nothing was planned.`;
    writeFileSync(stderrFile(outDir, stack), `${refusal}\n`);
    writePlanResult(outDir, failedResult(stack));
  }
  return [...refusals.keys()];
}

const failedResult = (stack: string): PlanResult => ({ stack, workspace: stack, status: "failed" });

const readRefusal = (outDir: string, stack: string): string =>
  readFileSync(stderrFile(outDir, stack), "utf8").trimEnd();
