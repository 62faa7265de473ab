// List prices and usage assumptions behind the cost model (cost/). Every figure names
// its source and the date it was read; figures no official page confirmed are marked
// `estimate` in their `source`. Prices are USD per month unless the name says otherwise.
// Update a figure by changing it here together with its source and date; the tests in
// test/cost/ pin the seeds' deployment options, so a big change shows up there.
import type { CloudflarePlan } from "./cloudflare-plans";
import type { NeonPlan } from "./neon-limits";
import type { WorkersPlan } from "./workers-plans";

/** Where a figure comes from. `estimate` marks figures no official page confirmed. */
export interface PriceSource {
  url: string;
  /** Date the page was read (YYYY-MM-DD). */
  read: string;
  estimate?: true;
}

/** Hours in the average month (8,760 / 12), as Neon and Railway bill. */
export const HOURS_PER_MONTH = 730;

// ---------------------------------------------------------------------------------------
// Railway: a subscription per workspace that is also a minimum usage commitment, plus
// usage per replica (vCPU and memory actually used, metered per minute).
// ---------------------------------------------------------------------------------------
export const RAILWAY_PLANS = ["hobby", "pro"] as const;
export type RailwayPlan = (typeof RAILWAY_PLANS)[number];

export const RAILWAY_PRICES = {
  /**
   * "Your subscription fee ($5 Hobby, $20 Pro) is a minimum usage commitment. It covers
   * your first $5 or $20 of resource usage each month." Pro is per seat.
   */
  plans: {
    hobby: { monthlyUsd: 5, includedUsageUsd: 5 },
    pro: { monthlyUsd: 20, includedUsageUsd: 20 },
  } satisfies Record<RailwayPlan, { monthlyUsd: number; includedUsageUsd: number }>,
  plansSource: {
    url: "https://docs.railway.com/reference/pricing/understanding-your-bill",
    read: "2026-11-23",
  } satisfies PriceSource,
  /** $0.000463 per vCPU-minute and $0.000231 per GB-minute. */
  vcpuMonthUsd: 20,
  memoryGbMonthUsd: 10,
  usageSource: { url: "https://docs.railway.app/reference/pricing", read: "2026-11-23" } satisfies PriceSource,
  /**
   * Average use of one replica of a small, mostly idle Node API (Express + a Postgres
   * pool): about 0.05 vCPU and 256 MB resident. Railway bills use, not allocation.
   */
  smallNodeReplica: { vcpu: 0.05, memoryGb: 0.25 },
  smallNodeReplicaSource: { url: "https://docs.railway.app/reference/pricing", read: "2026-11-23", estimate: true },
} as const;

// ---------------------------------------------------------------------------------------
// Neon: usage-based plans (August 2025 onwards); no monthly minimum since 2026.
// ---------------------------------------------------------------------------------------
export interface NeonPlanPrices {
  cuHourUsd: number;
  storageGbMonthUsd: number;
  /** Free plan allowance per project; usage beyond it is suspended, not billed. */
  includedCuHoursPerProject: number;
  includedStorageGb: number;
  /** Branches per project before extra branch-months are billed. */
  includedBranches: number;
  extraBranchMonthUsd: number;
}

export const NEON_PRICES = {
  plans: {
    free: {
      cuHourUsd: 0,
      storageGbMonthUsd: 0,
      includedCuHoursPerProject: 100,
      includedStorageGb: 0.5,
      includedBranches: 10,
      extraBranchMonthUsd: 0,
    },
    launch: {
      cuHourUsd: 0.106,
      storageGbMonthUsd: 0.35,
      includedCuHoursPerProject: 0,
      includedStorageGb: 0,
      includedBranches: 10,
      extraBranchMonthUsd: 1.5,
    },
    scale: {
      cuHourUsd: 0.222,
      storageGbMonthUsd: 0.35,
      includedCuHoursPerProject: 0,
      includedStorageGb: 0,
      includedBranches: 25,
      extraBranchMonthUsd: 1.5,
    },
    // Legacy plan name kept by config; priced like Scale (estimate, no current price page).
    business: {
      cuHourUsd: 0.222,
      storageGbMonthUsd: 0.35,
      includedCuHoursPerProject: 0,
      includedStorageGb: 0,
      includedBranches: 25,
      extraBranchMonthUsd: 1.5,
    },
  } satisfies Record<NeonPlan, NeonPlanPrices>,
  /** Page updatedOn 2026-11-12 ($0.106 / $0.222 per CU-hour, $0.35 per GB-month, no minimum). */
  source: { url: "https://neon.com/docs/introduction/plans", read: "2026-11-23" } satisfies PriceSource,
  /**
   * Hours a compute that scales to zero is awake in a month: weekday business hours of
   * a small SaaS plus background jobs, about 6.5 h a day. A compute that never suspends
   * (suspend_timeout_seconds = -1) runs all 730 hours.
   */
  scaleToZeroActiveHoursPerMonth: 200,
  /**
   * Autoscaling computes are priced at their minimum size: a small SaaS rarely leaves
   * it. Bursts to the maximum are not priced (see docs/guardrails.md for the ceiling).
   */
  averageCuIsMinimum: true,
  /** Logical data size of the project (inventory data of a small SaaS). */
  storageGb: 1,
  assumptionsSource: { url: "https://neon.com/docs/introduction/plans", read: "2026-11-23", estimate: true },
} as const;

// ---------------------------------------------------------------------------------------
// Cloudflare: the zone's plan (per domain) and the Load Balancing add-on (per account).
// ---------------------------------------------------------------------------------------
export const CLOUDFLARE_PRICES = {
  /** Billed monthly (Pro is $20 and Business $200 a month when billed annually). */
  zonePlans: { free: 0, pro: 25, business: 250, enterprise: 5000 } satisfies Record<CloudflarePlan, number>,
  zonePlansSource: { url: "https://www.cloudflare.com/plans/", read: "2026-11-23" } satisfies PriceSource,
  /** Enterprise is contract pricing; the figure above is a placeholder. */
  enterpriseSource: { url: "https://www.cloudflare.com/plans/enterprise/", read: "2026-11-23", estimate: true },
  loadBalancing: {
    /** Base subscription, including two origins, 60-second checks from one region. */
    baseMonthlyUsd: 5,
    includedOrigins: 2,
    extraOriginMonthlyUsd: 5,
    /** Health checks more often than every 60 s (Business and above allow 15 s). */
    fasterChecksMonthlyUsd: 10,
    includedCheckIntervalSeconds: 60,
    /** Each health-check region beyond the first. */
    extraCheckRegionMonthlyUsd: 10,
    /**
     * Traffic steering (geo, dynamic, proximity) beyond standard failover: a paid add-on to
     * Load Balancing (developers.cloudflare.com/load-balancing/understand-basics/traffic-steering/
     * steering-policies/, read 2026-12-04). Cloudflare's price list for the add-on is not public
     * (dashboard only); $10/month is the long-standing list price, an estimate.
     */
    trafficSteeringMonthlyUsd: 10,
  },
  /**
   * The $5 base with two origins and $5 per extra origin match the seeds and third-party
   * summaries ("starts at $5/month for 2 origins"); the dashboard's add-on page is not
   * public, and the check frequency/region surcharges are not confirmed: estimate.
   */
  /**
   * Argo Smart Routing, per zone: $5/month once enabled, then $0.10 per GB of traffic between
   * Cloudflare and visitors beyond the first GB each month.
   */
  argo: { monthlyUsd: 5, includedGb: 1, perGbUsd: 0.1 },
  argoSource: {
    url: "https://support.cloudflare.com/hc/en-us/articles/115000224192-Billing-for-Argo-",
    read: "2026-12-07",
  } satisfies PriceSource,
  loadBalancingSource: {
    url: "https://developers.cloudflare.com/load-balancing/",
    read: "2026-11-23",
    estimate: true,
  } satisfies PriceSource,
} as const;

// ---------------------------------------------------------------------------------------
// Cloudflare Workers: a plan per account (cloudflare.workersPlan). Workers Paid is a $5
// monthly minimum that includes 10 million KV reads and 1 million KV writes a month; the
// auto-heal Worker's steady state stays far inside them (docs/cost.md#workers).
// ---------------------------------------------------------------------------------------
export const WORKERS_PRICES = {
  plans: { free: 0, paid: 5 } satisfies Record<WorkersPlan, number>,
  plansSource: { url: "https://developers.cloudflare.com/workers/platform/pricing/", read: "2026-12-07" },
  /** Workers Paid: KV operations included a month, and the price of each further million. */
  kvIncludedPerMonth: { reads: 10_000_000, writes: 1_000_000 },
  kvPerMillionUsd: { reads: 0.5, writes: 5 },
  kvSource: { url: "https://developers.cloudflare.com/kv/platform/pricing/", read: "2026-12-07" },
} as const;

// ---------------------------------------------------------------------------------------
// Account-wide subscriptions: which tier we pay for, and what each tier costs.
// ---------------------------------------------------------------------------------------
export const GRAFANA_TIERS = { free: 0, pro: 19 } as const;
export const SENTRY_TIERS = { developer: 0, team: 26, business: 80 } as const;
export const TERRAFORM_CLOUD_TIERS = { free: 0 } as const;

export const SUBSCRIPTION_SOURCES = {
  /** Free: 10k series, 50 GB logs/traces, 3 users, 14-day retention. Pro: $19 platform fee plus usage. */
  grafana: { url: "https://grafana.com/pricing/", read: "2026-11-23" },
  /** Developer: 1 user, 5k errors. Team: $26/month billed annually, 50k errors. Business $80 (estimate). */
  sentry: { url: "https://sentry.io/pricing/", read: "2026-11-23" },
  /** Free tier: first 500 managed resources; beyond, about $0.10 per resource-month (estimate). */
  terraformCloud: {
    url: "https://developer.hashicorp.com/terraform/cloud-docs/overview/estimate-hcp-terraform-cost",
    read: "2026-11-23",
  },
} satisfies Record<string, PriceSource>;

export const TERRAFORM_CLOUD_PRICES = {
  includedResources: 500,
  /** $0.00014 per resource-hour on Standard pay-as-you-go (estimate). */
  resourceMonthUsd: 0.1,
} as const;

/** The tiers the platform subscribes to (account-wide, one of each). */
export const SUBSCRIPTIONS: {
  railway: { plan: RailwayPlan; seats: number };
  grafana: keyof typeof GRAFANA_TIERS;
  sentry: keyof typeof SENTRY_TIERS;
  terraformCloud: keyof typeof TERRAFORM_CLOUD_TIERS;
} = {
  railway: { plan: "hobby", seats: 1 },
  grafana: "free",
  sentry: "developer",
  terraformCloud: "free",
};
