// Cost change between two synthesised outputs (base branch and PR head), for the PR
// comment. Per stack (the renderer's StackResult.costDeltaUsd), per environment, per line.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { type AppEstimate, estimateOutdir } from "./app-estimate";
import { type PricingContext, readPricingContext } from "./context";
import { sumUsd } from "./estimate";
import type { LineItem } from "./types";

export interface StackCostDelta {
  stack: string;
  baseUsd: number;
  headUsd: number;
  deltaUsd: number;
}

export interface EnvironmentCostDelta extends StackCostDelta {
  environment: string;
  status: AppEstimate["environments"][number]["status"];
  budget: PricingContext["budget"];
}

export interface LineCostDelta {
  environment: string;
  line: string;
  baseUsd: number;
  headUsd: number;
  deltaUsd: number;
}

export interface CostDelta {
  baseUsd: number;
  headUsd: number;
  deltaUsd: number;
  /** Keyed by stack name: what each stack's resources add or save. */
  byStack: Record<string, StackCostDelta>;
  environments: EnvironmentCostDelta[];
  /** Changed line items only. */
  lines: LineCostDelta[];
  /** A Markdown section for the PR comment. */
  markdown: string;
}

const EMPTY: AppEstimate = { environments: [], totalUsd: 0, overCeiling: false };

/**
 * Prices both directories from their synthesised stacks. A base without stacks (first PR)
 * counts as zero; a base synthesised before the pricing context existed is priced with
 * the head's context (plans and budgets as on the head branch).
 */
export function costDelta(baseOutdir: string, headOutdir: string): CostDelta {
  const head = estimateOutdir(headOutdir);
  const hasBase = existsSync(join(baseOutdir, "stacks"));
  const base = hasBase ? estimateOutdir(baseOutdir, readPricingContext(headOutdir) ?? undefined) : EMPTY;
  const round = (usd: number) => Math.round(usd * 100) / 100;

  const byStack: Record<string, StackCostDelta> = {};
  const stackTotals = (app: AppEstimate) => {
    const totals = new Map<string, number>();
    for (const line of app.environments.flatMap((e) => e.estimate.lines)) {
      totals.set(line.stack, (totals.get(line.stack) ?? 0) + line.monthlyUsd);
    }
    return totals;
  };
  const baseStacks = stackTotals(base);
  const headStacks = stackTotals(head);
  for (const stack of new Set([...baseStacks.keys(), ...headStacks.keys()])) {
    const baseUsd = round(baseStacks.get(stack) ?? 0);
    const headUsd = round(headStacks.get(stack) ?? 0);
    byStack[stack] = { stack, baseUsd, headUsd, deltaUsd: round(headUsd - baseUsd) };
  }

  const environments = head.environments.map((h): EnvironmentCostDelta => {
    const b = base.environments.find((e) => e.context.environment === h.context.environment);
    const baseUsd = b?.estimate.totalUsd ?? 0;
    return {
      environment: h.context.environment,
      stack: h.context.stack,
      baseUsd,
      headUsd: h.estimate.totalUsd,
      deltaUsd: round(h.estimate.totalUsd - baseUsd),
      status: h.status,
      budget: h.context.budget,
    };
  });

  const lines = lineDeltas(base, head);
  const delta: Omit<CostDelta, "markdown"> = {
    baseUsd: base.totalUsd,
    headUsd: head.totalUsd,
    deltaUsd: round(head.totalUsd - base.totalUsd),
    byStack,
    environments,
    lines,
  };
  return { ...delta, markdown: costDeltaMarkdown(delta) };
}

function lineKey(line: LineItem): string {
  return `${line.service} ${line.item}`;
}

function lineDeltas(base: AppEstimate, head: AppEstimate): LineCostDelta[] {
  const amounts = (app: AppEstimate) => {
    const map = new Map<string, { environment: string; line: string; usd: number }>();
    for (const env of app.environments) {
      for (const line of env.estimate.lines) {
        const key = `${env.context.environment}\u0000${lineKey(line)}`;
        const prev = map.get(key);
        map.set(key, {
          environment: env.context.environment,
          line: lineKey(line),
          usd: (prev?.usd ?? 0) + line.monthlyUsd,
        });
      }
    }
    return map;
  };
  const b = amounts(base);
  const h = amounts(head);
  const out: LineCostDelta[] = [];
  for (const key of new Set([...b.keys(), ...h.keys()])) {
    const entry = h.get(key) ?? b.get(key);
    if (!entry) continue;
    const baseUsd = sumUsd([{ monthlyUsd: b.get(key)?.usd ?? 0 }]);
    const headUsd = sumUsd([{ monthlyUsd: h.get(key)?.usd ?? 0 }]);
    if (baseUsd !== headUsd) {
      out.push({
        environment: entry.environment,
        line: entry.line,
        baseUsd,
        headUsd,
        deltaUsd: sumUsd([{ monthlyUsd: headUsd - baseUsd }]),
      });
    }
  }
  return out;
}

const money = (usd: number): string => `${usd < 0 ? "-" : ""}$${Math.abs(usd).toFixed(2)}`;
const signed = (usd: number): string => (usd > 0 ? `+${money(usd)}` : usd < 0 ? money(usd) : "±$0.00");
const STATUS = { ok: "within budget", warning: "⚠️ above warning", critical: "🛑 above critical" };

export function costDeltaMarkdown(delta: Omit<CostDelta, "markdown">): string {
  const out = [
    "#### Estimated monthly cost",
    "",
    "| environment | base | head | change | budget (warning / critical) |",
    "| --- | ---: | ---: | ---: | --- |",
    ...delta.environments.map(
      (e) =>
        `| ${e.environment} | ${money(e.baseUsd)} | ${money(e.headUsd)} | ${signed(e.deltaUsd)} | $${e.budget.warningUsd} / $${e.budget.criticalUsd}: ${STATUS[e.status]} |`,
    ),
    `| **total** | ${money(delta.baseUsd)} | ${money(delta.headUsd)} | **${signed(delta.deltaUsd)}** | |`,
  ];
  if (delta.lines.length > 0) {
    out.push(
      "",
      "<details><summary>Changed line items</summary>",
      "",
      "| environment | item | base | head | change |",
      "| --- | --- | ---: | ---: | ---: |",
      ...delta.lines.map(
        (l) => `| ${l.environment} | ${l.line} | ${money(l.baseUsd)} | ${money(l.headUsd)} | ${signed(l.deltaUsd)} |`,
      ),
      "",
      "</details>",
    );
  }
  out.push("", "_Estimates from config/prices.ts (`npm run cost` shows every line item)._");
  return out.join("\n");
}
