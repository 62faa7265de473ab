// The cost model's vocabulary: what an environment uses (from config or from synthesised
// resources) and the priced line items that come out of it.
import type { CloudflarePlan } from "../config/cloudflare-plans";
import type { NeonPlan } from "../config/neon-limits";
import type { WorkersPlan } from "../config/workers-plans";

export type Service = "railway" | "neon" | "cloudflare" | "grafana" | "sentry" | "terraform-cloud";

/** One Neon compute (read-write endpoint or read replica). */
export interface ComputeUsage {
  name: string;
  /** Stack that declares the compute (the default branch's lives in the platform stack). */
  stack: string;
  minCu: number;
  maxCu: number;
  /** -1 never suspends; 0 takes Neon's default (300 s); otherwise seconds idle before suspend. */
  suspendTimeoutSeconds: number;
  /** The cell whose Neon project runs it (issue 17); absent when unknown. */
  cell?: string;
}

export interface LoadBalancerUsage {
  stack: string;
  origins: number;
  monitorIntervalSeconds: number;
  checkRegions: number;
  /** steering_policy "geo": the traffic-steering add-on (issue 17). */
  geoSteering: boolean;
}

/**
 * What one environment uses, independent of where the facts came from. Shared platform
 * costs (Neon project storage and branches, account subscriptions) belong to the
 * environment that owns the platform (the one on Neon's default branch, whose data the
 * platform stack holds); the zone's plan belongs to the environment that manages the zone.
 * Each shared cost is therefore counted exactly once.
 */
export interface EnvironmentUsage {
  environment: string;
  stack: string;
  platformStack: string;
  railwayRegions: Array<{ region: string; replicas: number; cell?: string }>;
  neonPlan: NeonPlan;
  neonComputes: ComputeUsage[];
  ownsPlatform: boolean;
  /** Branches in the Neon project (owner only); null when unknown (config alone). */
  neonBranches: number | null;
  /** The zone's plan, when this environment manages the zone. */
  zonePlan: CloudflarePlan | null;
  /** The account's Workers plan, priced once: by the environment that manages the zone. */
  workersPlan?: WorkersPlan | null;
  loadBalancer: LoadBalancerUsage | null;
  /** Argo Smart Routing on the zone (its manager only): the traffic it is billed on. */
  argo?: { expectedMonthlyGb: number } | null;
  /** Managed resources across all stacks (owner only); null when unknown (config alone). */
  terraformCloudResources: number | null;
}

export interface LineItem {
  service: Service;
  item: string;
  /** How the amount was computed, in words a reviewer can check. */
  detail: string;
  monthlyUsd: number;
  /** Stack holding what is priced (account-wide subscriptions: the platform stack). */
  stack: string;
  /** A platform-wide cost attributed to this environment. */
  shared: boolean;
  /** Rests on an estimated price or usage assumption (config/prices.ts). */
  estimate: boolean;
  /** The cell the cost belongs to (per-cell report, issue 17); absent for shared costs. */
  cell?: string;
}

export interface EnvironmentEstimate {
  environment: string;
  lines: LineItem[];
  totalUsd: number;
}
