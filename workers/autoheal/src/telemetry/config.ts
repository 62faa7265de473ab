// The telemetry part of the Worker's CONFIG binding. Absent: the Worker heals and reports
// to Slack/PagerDuty only. Prices come from config/prices.ts through the construct, so
// the Worker's projection and `npm run cost` price usage alike.

export interface TelemetryPrices {
  /** Railway usage per month of one vCPU and one GB of memory (billed per minute). */
  railwayVcpuMonthUsd: number;
  railwayMemoryGbMonthUsd: number;
  /** The workspace subscription and the usage it already covers. */
  railwayPlanFeeUsd: number;
  railwayIncludedUsageUsd: number;
  neonCuHourUsd: number;
  neonStorageGbMonthUsd: number;
  /** Every other line of the month's bill (plans, seats, fixed fees), from the cost model. */
  fixedMonthlyUsd: number;
}

export interface TelemetryConfig {
  /** Grafana Cloud Influx write endpoint, `https://influx-…grafana.net/api/v1/push/influx/write`. */
  pushUrl: string;
  /** Grafana Cloud metrics instance id: the Basic-auth user (not a secret). */
  pushUser: string;
  timeoutMs: number;
  railwayProjectId: string;
  /** Every Neon project of the platform: one per cell (Neon projects are single-region). */
  neonProjectIds: string[];
  neonOrgId: string;
  prices: TelemetryPrices;
  /** Daily cost summary to the Worker's Slack webhook: the first run at or after this UTC hour. */
  dailySummary?: { hourUtc: number; warningUsd: number; criticalUsd: number };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

export function parseTelemetry(value: unknown): TelemetryConfig | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) throw new Error("CONFIG.telemetry must be an object");
  const text = (obj: Json, key: string, path: string): string => {
    const v = obj[key];
    if (typeof v !== "string" || v === "") throw new Error(`CONFIG.${path}${key} must be a non-empty string`);
    return v;
  };
  const texts = (obj: Json, key: string, path: string, max: number): string[] => {
    const v = obj[key];
    if (!Array.isArray(v) || v.length === 0 || v.some((item) => typeof item !== "string" || item === ""))
      throw new Error(`CONFIG.${path}${key} must be a non-empty list of non-empty strings`);
    if (v.length > max) throw new Error(`CONFIG.${path}${key} holds ${v.length} ids; at most ${max}`);
    return v as string[];
  };
  const amount = (obj: Json, key: string, path: string): number => {
    const v = obj[key];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0)
      throw new Error(`CONFIG.${path}${key} must be a number ≥ 0`);
    return v;
  };
  const prices = value.prices;
  if (!isObject(prices)) throw new Error("CONFIG.telemetry.prices must be an object");
  const p = "telemetry.prices.";
  const timeoutMs = amount(value, "timeoutMs", "telemetry.");
  if (timeoutMs === 0) throw new Error("CONFIG.telemetry.timeoutMs must be positive");
  let dailySummary: TelemetryConfig["dailySummary"];
  if (value.dailySummary !== undefined) {
    const d = value.dailySummary;
    if (!isObject(d)) throw new Error("CONFIG.telemetry.dailySummary must be an object");
    const hourUtc = amount(d, "hourUtc", "telemetry.dailySummary.");
    if (!Number.isInteger(hourUtc) || hourUtc > 23)
      throw new Error("CONFIG.telemetry.dailySummary.hourUtc must be 0-23");
    dailySummary = {
      hourUtc,
      warningUsd: amount(d, "warningUsd", "telemetry.dailySummary."),
      criticalUsd: amount(d, "criticalUsd", "telemetry.dailySummary."),
    };
  }
  return {
    ...(dailySummary ? { dailySummary } : {}),
    pushUrl: text(value, "pushUrl", "telemetry."),
    pushUser: text(value, "pushUser", "telemetry."),
    timeoutMs,
    railwayProjectId: text(value, "railwayProjectId", "telemetry."),
    // Neon's consumption endpoint takes at most 100 project_ids (its `limit` range is 1-100).
    neonProjectIds: texts(value, "neonProjectIds", "telemetry.", 100),
    neonOrgId: text(value, "neonOrgId", "telemetry."),
    prices: {
      railwayVcpuMonthUsd: amount(prices, "railwayVcpuMonthUsd", p),
      railwayMemoryGbMonthUsd: amount(prices, "railwayMemoryGbMonthUsd", p),
      railwayPlanFeeUsd: amount(prices, "railwayPlanFeeUsd", p),
      railwayIncludedUsageUsd: amount(prices, "railwayIncludedUsageUsd", p),
      neonCuHourUsd: amount(prices, "neonCuHourUsd", p),
      neonStorageGbMonthUsd: amount(prices, "neonStorageGbMonthUsd", p),
      fixedMonthlyUsd: amount(prices, "fixedMonthlyUsd", p),
    },
  };
}
