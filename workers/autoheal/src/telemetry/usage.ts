// Month-to-date usage from the providers' documented usage APIs, and its projection.
//
// Railway, public GraphQL API (docs.railway.com/reference/public-api, backboard.railway.com/graphql/v2):
//   usage(projectId: String, measurements: [MetricMeasurement!]!, startDate: DateTime, endDate: DateTime)
//     : [AggregatedUsage!]!  — { measurement, value }; CPU_USAGE in vCPU-minutes,
//   MEMORY_USAGE_GB in GB-minutes (Railway bills both per minute).
// Neon, consumption API for usage-based plans
// (neon.com/docs/reference/api/consumption/get-consumption-history-per-project-v2):
//   GET /api/v2/consumption_history/v2/projects?org_id&project_ids&limit&from&to&granularity=daily
//       &metrics=compute_unit_seconds,root_branch_bytes_month
//   → { projects: [{ project_id, periods: [{ consumption: [{ metrics: [{ metric_name, value }] }] }] }] }
//   Calling it does not wake suspended computes. Neon rounds `from` and `to` down to the
//   granularity (@neondatabase/api-client 2.7.3, public-v2-for-users.gen.yaml, parameters
//   `from`/`to`): with `monthly` and `to` = now, the window [month start, month start) is
//   empty. So: `daily` (60 days of history, enough for a month) and `to` = the next UTC
//   midnight, which keeps today in the window. A requested project without a consumption slot
//   is missing data, reported as a failed read (malformed), never priced as $0.
import type { GraphQlCall, RestCall } from "../../../../contracts/call";
import type { Fetch } from "../runtime";
import type { TelemetryConfig } from "./config";
import { callJson, type Outcome } from "./upstream";

export const NEON_API_URL = "https://console.neon.tech/api/v2";
export const MINUTES_PER_MONTH = 730 * 60;
const GB = 1e9;

export interface RailwayUsage {
  vcpuMinutes: number;
  memoryGbMinutes: number;
}

export interface NeonUsage {
  computeUnitSeconds: number;
  /** Byte-months of root-branch storage accrued so far this month. */
  storageByteMonths: number;
}

const USAGE_QUERY = `query Usage($projectId: String!, $startDate: DateTime!, $endDate: DateTime!) {
  usage(projectId: $projectId, measurements: [CPU_USAGE, MEMORY_USAGE_GB], startDate: $startDate, endDate: $endDate) {
    measurement
    value
  }
}`;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0;

function readRailway(body: unknown): RailwayUsage | undefined {
  if (!isObject(body) || !isObject(body.data) || !Array.isArray(body.data.usage)) return undefined;
  const usage: RailwayUsage = { vcpuMinutes: 0, memoryGbMinutes: 0 };
  for (const row of body.data.usage as unknown[]) {
    if (!isObject(row) || !isNumber(row.value)) return undefined;
    if (row.measurement === "CPU_USAGE") usage.vcpuMinutes += row.value;
    else if (row.measurement === "MEMORY_USAGE_GB") usage.memoryGbMinutes += row.value;
  }
  return usage;
}

function readNeon(projectIds: readonly string[]) {
  return (body: unknown): NeonUsage | undefined => {
    if (!isObject(body) || !Array.isArray(body.projects)) return undefined;
    const usage: NeonUsage = { computeUnitSeconds: 0, storageByteMonths: 0 };
    const reported = new Set<string>();
    for (const project of body.projects as unknown[]) {
      if (!isObject(project) || !Array.isArray(project.periods)) return undefined;
      if (typeof project.project_id !== "string" || !projectIds.includes(project.project_id)) continue;
      for (const period of project.periods as unknown[]) {
        if (!isObject(period) || !Array.isArray(period.consumption)) return undefined;
        for (const slot of period.consumption as unknown[]) {
          if (!isObject(slot) || !Array.isArray(slot.metrics)) return undefined;
          reported.add(project.project_id);
          for (const metric of slot.metrics as unknown[]) {
            if (!isObject(metric) || !isNumber(metric.value)) return undefined;
            if (metric.metric_name === "compute_unit_seconds") usage.computeUnitSeconds += metric.value;
            else if (metric.metric_name === "root_branch_bytes_month") usage.storageByteMonths += metric.value;
          }
        }
      }
    }
    // Every requested project must have data in the window: an absent one is not $0.
    return projectIds.every((id) => reported.has(id)) ? usage : undefined;
  };
}

export interface Month {
  start: Date;
  end: Date;
  /** Share of the calendar month elapsed at `now`, in (0, 1]. */
  elapsed: number;
}

export function monthOf(now: number): Month {
  const at = new Date(now);
  const start = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const end = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
  const elapsed = Math.max((now - start.getTime()) / (end.getTime() - start.getTime()), 1 / (24 * 31));
  return { start, end, elapsed };
}

export function readRailwayUsage(
  config: TelemetryConfig,
  apiUrl: string,
  token: string,
  tokenKind: "project" | "account",
  month: Month,
  now: number,
  fetcher: Fetch,
): Promise<Outcome<RailwayUsage>> {
  const auth: Record<string, string> =
    tokenKind === "project" ? { "project-access-token": token } : { authorization: `Bearer ${token}` };
  const variables = {
    projectId: config.railwayProjectId,
    startDate: month.start.toISOString(),
    endDate: new Date(now).toISOString(),
  };
  return callJson(
    fetcher,
    apiUrl,
    {
      method: "POST",
      headers: { "content-type": "application/json", ...auth },
      body: JSON.stringify({ query: USAGE_QUERY, variables }),
    },
    config.timeoutMs,
    readRailway,
  );
}

export function readNeonUsage(
  config: TelemetryConfig,
  apiUrl: string,
  apiKey: string,
  month: Month,
  now: number,
  fetcher: Fetch,
): Promise<Outcome<NeonUsage>> {
  const query = new URLSearchParams({ org_id: config.neonOrgId });
  // An array parameter: repeated, one per project (the API reference lists project_ids as
  // string[]; one request covers every cell's project, up to 100).
  for (const id of config.neonProjectIds) query.append("project_ids", id);
  // One page holds them all: `limit` defaults to 10 projects (parseTelemetry caps the list at 100).
  query.set("limit", String(config.neonProjectIds.length));
  query.set("from", month.start.toISOString());
  query.set("to", nextUtcMidnight(now).toISOString());
  query.set("granularity", "daily");
  query.set("metrics", "compute_unit_seconds,root_branch_bytes_month");
  return callJson(
    fetcher,
    `${apiUrl}/consumption_history/v2/projects?${query}`,
    { headers: { accept: "application/json", authorization: `Bearer ${apiKey}` } },
    config.timeoutMs,
    readNeon(config.neonProjectIds),
  );
}

/** The first UTC midnight after `now`: Neon rounds `to` down to the day, so this keeps today. */
export function nextUtcMidnight(now: number): Date {
  const at = new Date(now);
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() + 1));
}

/** The telemetry's REST calls (test/contracts/neon.test.ts checks them against Neon's description). */
export const NEON_USAGE_CALLS: readonly RestCall[] = [
  {
    id: "consumption history",
    method: "GET",
    path: "/consumption_history/v2/projects",
    query: ["org_id", "project_ids", "limit", "from", "to", "granularity", "metrics"],
    reads: [
      "projects[].project_id",
      "projects[].periods[].consumption[].metrics[].metric_name",
      "projects[].periods[].consumption[].metrics[].value",
    ],
  },
];

/** The telemetry's GraphQL operation (test/contracts/railway.test.ts). */
export const RAILWAY_USAGE_CALLS: readonly GraphQlCall[] = [{ id: "usage", document: USAGE_QUERY }];

export interface CostFigures {
  monthToDateUsd: number;
  projectedUsd: number;
}

/** Railway: usage priced per minute; the plan fee is a minimum that covers the first usage. */
export function railwayCost(usage: RailwayUsage, config: TelemetryConfig, month: Month): CostFigures {
  const p = config.prices;
  const usd =
    (usage.vcpuMinutes * p.railwayVcpuMonthUsd + usage.memoryGbMinutes * p.railwayMemoryGbMonthUsd) / MINUTES_PER_MONTH;
  const bill = (used: number) => p.railwayPlanFeeUsd + Math.max(0, used - p.railwayIncludedUsageUsd);
  return { monthToDateUsd: bill(usd), projectedUsd: bill(usd / month.elapsed) };
}

/** Neon: compute-unit hours and storage GB-months, no minimum. */
export function neonCost(usage: NeonUsage, config: TelemetryConfig, month: Month): CostFigures {
  const p = config.prices;
  const usd =
    (usage.computeUnitSeconds / 3600) * p.neonCuHourUsd + (usage.storageByteMonths / GB) * p.neonStorageGbMonthUsd;
  return { monthToDateUsd: usd, projectedUsd: usd / month.elapsed };
}

/** The fixed fees accrue evenly over the month. */
export function fixedCost(config: TelemetryConfig, month: Month): CostFigures {
  return { monthToDateUsd: config.prices.fixedMonthlyUsd * month.elapsed, projectedUsd: config.prices.fixedMonthlyUsd };
}
