// Prices one environment's usage, line by line.
import {
  accountSubscriptions,
  cloudflareArgo,
  cloudflareLoadBalancing,
  cloudflareWorkersPaid,
  cloudflareZonePlan,
  neonCompute,
  neonExtraBranches,
  neonStorage,
  railwayReplicas,
  railwaySubscription,
} from "./line-items";
import type { EnvironmentEstimate, EnvironmentUsage, LineItem } from "./types";

export function estimateEnvironment(usage: EnvironmentUsage): EnvironmentEstimate {
  const lines: LineItem[] = usage.railwayRegions.map((r) => railwayReplicas(r.region, r.replicas, usage.stack, r.cell));
  if (usage.ownsPlatform) {
    const ownRailwayUsage = lines.reduce((sum, line) => sum + line.monthlyUsd, 0);
    lines.push(...railwaySubscription(ownRailwayUsage, usage.platformStack));
  }

  lines.push(...usage.neonComputes.map((compute) => neonCompute(compute, usage.neonPlan)));
  if (usage.ownsPlatform) {
    lines.push(neonStorage(usage.neonPlan, usage.platformStack));
    const branches =
      usage.neonBranches === null ? null : neonExtraBranches(usage.neonPlan, usage.neonBranches, usage.platformStack);
    if (branches) lines.push(branches);
  }

  if (usage.zonePlan) lines.push(cloudflareZonePlan(usage.zonePlan, usage.stack));
  if (usage.workersPlan === "paid") lines.push(cloudflareWorkersPaid(usage.stack));
  if (usage.loadBalancer) lines.push(...cloudflareLoadBalancing(usage.loadBalancer));
  if (usage.argo) lines.push(cloudflareArgo(usage.argo.expectedMonthlyGb, usage.stack));
  if (usage.ownsPlatform) lines.push(...accountSubscriptions(usage.terraformCloudResources, usage.platformStack));

  return { environment: usage.environment, lines, totalUsd: sumUsd(lines) };
}

export function sumUsd(lines: ReadonlyArray<Pick<LineItem, "monthlyUsd">>): number {
  // Cents, so totals do not drift by floating-point dust.
  return Math.round(lines.reduce((sum, line) => sum + line.monthlyUsd, 0) * 100) / 100;
}
