// One pricing function per line item. Both the config-side budget check and the report
// on synthesised resources feed these the same usage facts, so they agree by design.
import {
  CLOUDFLARE_PRICES,
  GRAFANA_TIERS,
  HOURS_PER_MONTH,
  NEON_PRICES,
  RAILWAY_PRICES,
  SENTRY_TIERS,
  SUBSCRIPTIONS,
  TERRAFORM_CLOUD_PRICES,
  TERRAFORM_CLOUD_TIERS,
  WORKERS_PRICES,
} from "../config/prices";
import type { CloudflarePlan } from "../config/cloudflare-plans";
import type { NeonPlan } from "../config/neon-limits";
import type { ComputeUsage, LineItem, LoadBalancerUsage } from "./types";

const usd = (value: number): string => `$${value.toFixed(2)}`;

/** Usage of one small Node replica for a month. */
export function railwayReplicaMonthlyUsd(): number {
  const { vcpu, memoryGb } = RAILWAY_PRICES.smallNodeReplica;
  return vcpu * RAILWAY_PRICES.vcpuMonthUsd + memoryGb * RAILWAY_PRICES.memoryGbMonthUsd;
}

export function railwayReplicas(region: string, replicas: number, stack: string, cell?: string): LineItem {
  const each = railwayReplicaMonthlyUsd();
  const { vcpu, memoryGb } = RAILWAY_PRICES.smallNodeReplica;
  return {
    service: "railway",
    item: `backend replicas in ${region}`,
    detail: `${replicas} × (${vcpu} vCPU × $${RAILWAY_PRICES.vcpuMonthUsd} + ${memoryGb} GB × $${RAILWAY_PRICES.memoryGbMonthUsd}) = ${replicas} × ${usd(each)}`,
    monthlyUsd: replicas * each,
    stack,
    shared: false,
    estimate: true,
    ...(cell ? { cell } : {}),
  };
}

/**
 * The workspace subscription and the usage it already covers. The fee is a minimum usage
 * commitment; the credit is taken against the owning environment's usage only, so an
 * estimate errs high (by at most the fee) rather than low.
 */
export function railwaySubscription(ownUsageUsd: number, stack: string): LineItem[] {
  const { plan, seats } = SUBSCRIPTIONS.railway;
  const prices = RAILWAY_PRICES.plans[plan];
  const fee = prices.monthlyUsd * seats;
  const credit = Math.min(prices.includedUsageUsd * seats, ownUsageUsd);
  const lines: LineItem[] = [
    {
      service: "railway",
      item: `${plan} plan`,
      detail: `${seats} seat × ${usd(prices.monthlyUsd)}`,
      monthlyUsd: fee,
      stack,
      shared: true,
      estimate: false,
    },
  ];
  if (credit > 0) {
    lines.push({
      service: "railway",
      item: "usage included in the plan",
      detail: `the plan covers the first ${usd(prices.includedUsageUsd * seats)} of usage`,
      monthlyUsd: -credit,
      stack,
      shared: true,
      estimate: true,
    });
  }
  return lines;
}

/** Hours a compute is awake in a month (never suspending: every hour). */
export function computeHours(compute: Pick<ComputeUsage, "suspendTimeoutSeconds">): number {
  return compute.suspendTimeoutSeconds === -1 ? HOURS_PER_MONTH : NEON_PRICES.scaleToZeroActiveHoursPerMonth;
}

export function neonCompute(compute: ComputeUsage, plan: NeonPlan): LineItem {
  const prices = NEON_PRICES.plans[plan];
  const hours = computeHours(compute);
  const cuHours = compute.minCu * hours;
  const awake = compute.suspendTimeoutSeconds === -1 ? "never suspends" : "scales to zero";
  const detail =
    prices.cuHourUsd === 0
      ? `${cuHours} CU-h (${compute.minCu} CU × ${hours} h, ${awake}); free plan allows ${prices.includedCuHoursPerProject} CU-h per project`
      : `${compute.minCu} CU × ${hours} h (${awake}) × $${prices.cuHourUsd}/CU-h`;
  return {
    service: "neon",
    item: compute.name,
    detail,
    monthlyUsd: cuHours * prices.cuHourUsd,
    stack: compute.stack,
    shared: false,
    estimate: true,
    ...(compute.cell ? { cell: compute.cell } : {}),
  };
}

export function neonStorage(plan: NeonPlan, stack: string): LineItem {
  const prices = NEON_PRICES.plans[plan];
  const billable = Math.max(0, NEON_PRICES.storageGb - prices.includedStorageGb);
  return {
    service: "neon",
    item: "project storage",
    detail: `${NEON_PRICES.storageGb} GB × $${prices.storageGbMonthUsd}/GB-month (${plan} plan)`,
    monthlyUsd: billable * prices.storageGbMonthUsd,
    stack,
    shared: true,
    estimate: true,
  };
}

/** Branches beyond the plan's allowance; null when none are billed. */
export function neonExtraBranches(plan: NeonPlan, branches: number, stack: string): LineItem | null {
  const prices = NEON_PRICES.plans[plan];
  const extra = branches - prices.includedBranches;
  if (extra <= 0) return null;
  return {
    service: "neon",
    item: "extra branches",
    detail: `${extra} × $${prices.extraBranchMonthUsd}/branch-month beyond ${prices.includedBranches}`,
    monthlyUsd: extra * prices.extraBranchMonthUsd,
    stack,
    shared: true,
    estimate: false,
  };
}

export function cloudflareZonePlan(plan: CloudflarePlan, stack: string): LineItem {
  return {
    service: "cloudflare",
    item: `${plan} zone plan`,
    detail: "per domain, billed monthly",
    monthlyUsd: CLOUDFLARE_PRICES.zonePlans[plan],
    stack,
    shared: true,
    estimate: plan === "enterprise",
  };
}

/** Argo Smart Routing: the monthly charge plus traffic beyond the included GB. */
export function cloudflareArgo(expectedMonthlyGb: number, stack: string): LineItem {
  const prices = CLOUDFLARE_PRICES.argo;
  const billableGb = Math.max(0, expectedMonthlyGb - prices.includedGb);
  return {
    service: "cloudflare",
    item: "Argo Smart Routing",
    detail: `$${prices.monthlyUsd} + ${billableGb} GB × $${prices.perGbUsd} (${expectedMonthlyGb} GB expected, ${prices.includedGb} GB included)`,
    monthlyUsd: prices.monthlyUsd + billableGb * prices.perGbUsd,
    stack,
    shared: true,
    estimate: false,
  };
}

/** Workers Paid: the account's $5 monthly minimum (Free costs nothing and prints no line). */
export function cloudflareWorkersPaid(stack: string): LineItem {
  const kv = WORKERS_PRICES.kvIncludedPerMonth;
  return {
    service: "cloudflare",
    item: "Workers Paid plan",
    detail: `per account; includes ${kv.reads / 1e6} M KV reads and ${kv.writes / 1e6} M KV writes a month (then $${WORKERS_PRICES.kvPerMillionUsd.reads}/$${WORKERS_PRICES.kvPerMillionUsd.writes} per million)`,
    monthlyUsd: WORKERS_PRICES.plans.paid,
    stack,
    shared: true,
    estimate: false,
  };
}

export function cloudflareLoadBalancing(lb: LoadBalancerUsage): LineItem[] {
  const prices = CLOUDFLARE_PRICES.loadBalancing;
  const line = (item: string, detail: string, monthlyUsd: number): LineItem => ({
    service: "cloudflare",
    item,
    detail,
    monthlyUsd,
    stack: lb.stack,
    shared: false,
    estimate: true,
  });
  const lines = [line("load balancing", `base, ${prices.includedOrigins} origins included`, prices.baseMonthlyUsd)];
  const extraOrigins = lb.origins - prices.includedOrigins;
  if (extraOrigins > 0) {
    lines.push(
      line(
        "extra origins",
        `${extraOrigins} × $${prices.extraOriginMonthlyUsd}`,
        extraOrigins * prices.extraOriginMonthlyUsd,
      ),
    );
  }
  if (lb.monitorIntervalSeconds < prices.includedCheckIntervalSeconds) {
    lines.push(line("faster health checks", `every ${lb.monitorIntervalSeconds} s`, prices.fasterChecksMonthlyUsd));
  }
  if (lb.geoSteering) {
    lines.push(line("traffic steering", "geo steering across cells (add-on)", prices.trafficSteeringMonthlyUsd));
  }
  const extraRegions = lb.checkRegions - 1;
  if (extraRegions > 0) {
    lines.push(
      line(
        "extra check regions",
        `${extraRegions} × $${prices.extraCheckRegionMonthlyUsd}`,
        extraRegions * prices.extraCheckRegionMonthlyUsd,
      ),
    );
  }
  return lines;
}

/** Grafana, Sentry and Terraform Cloud tiers; overage beyond the free resource count when known. */
export function accountSubscriptions(terraformCloudResources: number | null, stack: string): LineItem[] {
  const line = (service: LineItem["service"], item: string, detail: string, monthlyUsd: number, estimate: boolean) => ({
    service,
    item,
    detail,
    monthlyUsd,
    stack,
    shared: true,
    estimate,
  });
  const lines: LineItem[] = [
    line(
      "grafana",
      `Grafana Cloud ${SUBSCRIPTIONS.grafana}`,
      "usage assumed within the tier's quotas",
      GRAFANA_TIERS[SUBSCRIPTIONS.grafana],
      true,
    ),
    line(
      "sentry",
      `Sentry ${SUBSCRIPTIONS.sentry}`,
      "events assumed within the tier's quota",
      SENTRY_TIERS[SUBSCRIPTIONS.sentry],
      true,
    ),
  ];
  const tier = TERRAFORM_CLOUD_TIERS[SUBSCRIPTIONS.terraformCloud];
  const over =
    terraformCloudResources === null ? 0 : terraformCloudResources - TERRAFORM_CLOUD_PRICES.includedResources;
  const counted =
    terraformCloudResources === null
      ? "resource count known after synth"
      : `${terraformCloudResources} managed resources`;
  lines.push(
    line(
      "terraform-cloud",
      `Terraform Cloud ${SUBSCRIPTIONS.terraformCloud}`,
      `${counted}, ${TERRAFORM_CLOUD_PRICES.includedResources} free`,
      tier + Math.max(0, over) * TERRAFORM_CLOUD_PRICES.resourceMonthUsd,
      over > 0,
    ),
  );
  return lines;
}
