// The prices the auto-heal Worker needs to turn usage into the month's cost, taken from
// the same price sheet and line items as `npm run cost`: per-minute usage rates for
// Railway, CU-hour and storage rates for Neon, and every other line of the environment's
// estimate as one fixed monthly amount. Shaped like the Worker's TelemetryPrices
// (workers/autoheal/src/telemetry/config.ts), which cost/ may not import.
import { NEON_PRICES, RAILWAY_PRICES, SUBSCRIPTIONS } from "../config/prices";
import type { NeonPlan } from "../config/neon-limits";
import { sumUsd } from "./estimate";
import type { EnvironmentEstimate } from "./types";

export interface WorkerPrices {
  railwayVcpuMonthUsd: number;
  railwayMemoryGbMonthUsd: number;
  railwayPlanFeeUsd: number;
  railwayIncludedUsageUsd: number;
  neonCuHourUsd: number;
  neonStorageGbMonthUsd: number;
  fixedMonthlyUsd: number;
}

/** Lines the Worker reads from usage APIs instead of taking as fixed. */
export function isMeteredLine(line: EnvironmentEstimate["lines"][number]): boolean {
  if (line.service === "railway") return true;
  return line.service === "neon" && line.item !== "extra branches";
}

export function workerPrices(estimate: EnvironmentEstimate, neonPlan: NeonPlan, ownsPlatform: boolean): WorkerPrices {
  const { plan, seats } = SUBSCRIPTIONS.railway;
  const railwayPlan = RAILWAY_PRICES.plans[plan];
  const neon = NEON_PRICES.plans[neonPlan];
  return {
    railwayVcpuMonthUsd: RAILWAY_PRICES.vcpuMonthUsd,
    railwayMemoryGbMonthUsd: RAILWAY_PRICES.memoryGbMonthUsd,
    // The subscription is charged to the environment that owns the platform (as in the model).
    railwayPlanFeeUsd: ownsPlatform ? railwayPlan.monthlyUsd * seats : 0,
    railwayIncludedUsageUsd: ownsPlatform ? railwayPlan.includedUsageUsd * seats : 0,
    neonCuHourUsd: neon.cuHourUsd,
    neonStorageGbMonthUsd: ownsPlatform ? neon.storageGbMonthUsd : 0,
    fixedMonthlyUsd: sumUsd(estimate.lines.filter((line) => !isMeteredLine(line))),
  };
}
