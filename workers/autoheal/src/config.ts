// The Worker's settings, passed as the plain-text CONFIG binding and checked on every
// run: a broken binding fails the run loudly instead of healing with wrong numbers.
import { parseTelemetry, type TelemetryConfig } from "./telemetry/config";

export interface RegionTarget {
  /** Our region name (e.g. us-east). */
  name: string;
  /** The region's origin health URL (its Railway domain + the health path), bypassing the edge. */
  healthUrl: string;
  serviceId: string;
  environmentId: string;
}

export type PurgeMode = "off" | "hosts" | "everything";

export interface AutohealConfig {
  environment: string;
  dryRun: boolean;
  enableAutoRestart: boolean;
  expectedStatus: number;
  probeTimeoutMs: number;
  probesPerRun: number;
  windowRuns: number;
  latencyThresholdMs: number;
  errorRateThresholdPct: number;
  consecutiveFailures: number;
  cooldownMinutes: number;
  maxRestartsPerHour: number;
  purge: { mode: PurgeMode; zoneId: string; hosts: string[] };
  railwayTokenKind: "project" | "account";
  regions: RegionTarget[];
  /** Publishing to Grafana Cloud; absent, the Worker only heals and notifies. */
  telemetry?: TelemetryConfig;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function field<T>(obj: Json, key: string, check: (v: unknown) => v is T, what: string): T {
  const value = obj[key];
  if (!check(value)) throw new Error(`CONFIG.${key} must be ${what}`);
  return value;
}

const isString = (v: unknown): v is string => typeof v === "string" && v.length > 0;
const isBoolean = (v: unknown): v is boolean => typeof v === "boolean";
const isPositive = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v > 0;
const isArray = (v: unknown): v is unknown[] => Array.isArray(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const oneOf =
  <T extends string>(...values: T[]) =>
  (v: unknown): v is T =>
    typeof v === "string" && (values as string[]).includes(v);

function parseRegion(value: unknown, index: number): RegionTarget {
  if (!isObject(value)) throw new Error(`CONFIG.regions[${index}] must be an object`);
  const text = (key: string) => field(value, key, isString, `a non-empty string (regions[${index}])`);
  return {
    name: text("name"),
    healthUrl: text("healthUrl"),
    serviceId: text("serviceId"),
    environmentId: text("environmentId"),
  };
}

export function parseConfig(raw: string): AutohealConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error("CONFIG is not valid JSON");
  }
  if (!isObject(parsed)) throw new Error("CONFIG must be a JSON object");
  const purge = field(parsed, "purge", isObject, "an object");
  const regions = field(parsed, "regions", isArray, "an array");
  if (regions.length === 0) throw new Error("CONFIG.regions must not be empty");
  const number = (key: string) => field(parsed, key, isPositive, "a positive number");
  return {
    environment: field(parsed, "environment", isString, "a non-empty string"),
    dryRun: field(parsed, "dryRun", isBoolean, "a boolean"),
    enableAutoRestart: field(parsed, "enableAutoRestart", isBoolean, "a boolean"),
    expectedStatus: number("expectedStatus"),
    probeTimeoutMs: number("probeTimeoutMs"),
    probesPerRun: number("probesPerRun"),
    windowRuns: number("windowRuns"),
    latencyThresholdMs: number("latencyThresholdMs"),
    errorRateThresholdPct: number("errorRateThresholdPct"),
    consecutiveFailures: number("consecutiveFailures"),
    cooldownMinutes: number("cooldownMinutes"),
    maxRestartsPerHour: number("maxRestartsPerHour"),
    purge: {
      mode: field(purge, "mode", oneOf("off", "hosts", "everything"), '"off", "hosts" or "everything" (purge)'),
      zoneId: field(purge, "zoneId", isString, "a non-empty string (purge)"),
      hosts: field(purge, "hosts", isStringArray, "an array of host names (purge)"),
    },
    railwayTokenKind: field(parsed, "railwayTokenKind", oneOf("project", "account"), '"project" or "account"'),
    regions: regions.map(parseRegion),
    ...(parsed.telemetry === undefined ? {} : { telemetry: parseTelemetry(parsed.telemetry) }),
  };
}
