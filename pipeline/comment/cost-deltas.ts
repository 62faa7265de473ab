// Per-stack monthly cost change for the comment's cost column. Accepts either a plain
// { "<stack>": usd } map or the cost report's JSON (`scripts/cost.ts --base <dir> --json`,
// whose `byStack.<stack>.deltaUsd` holds the number).
export function parseCostDeltas(parsed: unknown): Record<string, number> {
  const costs: Record<string, number> = {};
  if (typeof parsed !== "object" || parsed === null) return costs;
  const byStack: unknown = "byStack" in parsed ? parsed.byStack : parsed;
  if (typeof byStack !== "object" || byStack === null) return costs;
  for (const [stack, value] of Object.entries(byStack)) {
    if (typeof value === "number") costs[stack] = value;
    else if (typeof value === "object" && value !== null && "deltaUsd" in value && typeof value.deltaUsd === "number") {
      costs[stack] = value.deltaUsd;
    }
  }
  return costs;
}
