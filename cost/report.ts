// Plain-text tables for `npm run cost`.
import { COST_PROFILE_SUMMARY } from "../config/cost-profiles";
import { DAILY_CEILING_USD, MONTHLY_CEILING_USD } from "./budget";
import { type AppEstimate, estimateOutdir, type PricedEnvironment } from "./app-estimate";
import { costDelta } from "./delta";

const money = (usd: number): string => `${usd < 0 ? "-" : ""}$${Math.abs(usd).toFixed(2)}`;

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, col) => Math.max(...rows.map((row) => row[col].length)));
  return rows.map((row) =>
    row
      .map((cell, col) => (col === 2 ? cell.padStart(widths[col]) : cell.padEnd(widths[col])))
      .join("  ")
      .trimEnd(),
  );
}

const STATUS_TEXT = {
  ok: "within budget",
  warning: "WARNING: above the warning budget",
  critical: "CRITICAL: above the critical budget",
};

/** Monthly cost per cell (issue 17), and what no cell owns (zone, load balancer, subscriptions). */
export function cellTotals(lines: ReadonlyArray<{ cell?: string; monthlyUsd: number }>): Array<[string, number]> {
  const totals = new Map<string, number>();
  for (const line of lines) totals.set(line.cell ?? "", (totals.get(line.cell ?? "") ?? 0) + line.monthlyUsd);
  if (totals.size < 2 || !lines.some((l) => l.cell)) return [];
  return [...totals].map(([cell, usd]) => [cell || "shared", Math.round(usd * 100) / 100]);
}

export function formatEnvironment(priced: PricedEnvironment): string {
  const { estimate, context, status } = priced;
  const rows = [["service", "item", "USD/month", "how"]];
  for (const line of estimate.lines) {
    const flags = [line.shared ? "shared" : "", line.estimate ? "estimate" : ""].filter(Boolean).join(", ");
    rows.push([line.service, line.item, money(line.monthlyUsd), flags ? `${line.detail} [${flags}]` : line.detail]);
  }
  const budget = context.budget;
  const byCell = cellTotals(estimate.lines);
  return [
    `${estimate.environment} (${context.stack}) — cost profile: ${
      context.costProfile ? `${context.costProfile} (${COST_PROFILE_SUMMARY[context.costProfile]})` : "not recorded"
    }`,
    ...table(rows).map((row) => `  ${row}`),
    ...(byCell.length > 0
      ? [`  by cell: ${byCell.map(([cell, usd]) => `${cell} ${money(usd)}`).join(", ")} (per month)`]
      : []),
    `  total ${money(estimate.totalUsd)}/month; budget: warning $${budget.warningUsd}, critical $${budget.criticalUsd} — ${STATUS_TEXT[status]}`,
  ].join("\n");
}

export function formatAppEstimate(app: AppEstimate): string {
  const perDay = app.totalUsd / (MONTHLY_CEILING_USD / DAILY_CEILING_USD);
  return [
    ...app.environments.map(formatEnvironment),
    "",
    `platform total ${money(app.totalUsd)}/month (${money(perDay)}/day; ceiling $${DAILY_CEILING_USD}/day)` +
      (app.overCeiling ? " — CRITICAL: above the ceiling" : ""),
    "[shared]: platform-wide cost, attributed once to the environment that owns the platform or manages the zone.",
    "[estimate]: rests on an assumption or an unconfirmed price in config/prices.ts.",
  ].join("\n");
}

/** `npm run cost` on a synth output: the report text and whether a budget is exceeded. */
export function costReport(
  outdir: string,
  options: { base?: string; json: boolean },
): { text: string; exceeded: boolean } {
  if (options.base) {
    const delta = costDelta(options.base, outdir);
    return { text: options.json ? JSON.stringify(delta, null, 2) : delta.markdown, exceeded: false };
  }
  const estimate = estimateOutdir(outdir);
  const exceeded = estimate.environments.some((e) => e.status === "critical") || estimate.overCeiling;
  return { text: options.json ? JSON.stringify(estimate, null, 2) : formatAppEstimate(estimate), exceeded };
}
