// What every Neon client shares: the API root and the bearer API key (NEON_API_KEY, an
// organization API key: Neon keys are not scoped below the project; https://neon.com/docs/manage/api-keys).
import { isObject, type VendorApiProps } from "../http";

export const NEON_API_URL = "https://console.neon.tech/api/v2";
export const NEON_SERVICE = "Neon";

export interface NeonApiOptions {
  apiKey: string;
  /** The API root; a loopback fake or the simulator in tests. Defaults to NEON_API_URL. */
  baseUrl?: string;
  /** What the key needs for these calls, for 401/403 errors. */
  access: string;
  timeoutMs?: number;
  sleep?: VendorApiProps["sleep"];
}

export function neonApi(options: NeonApiOptions): VendorApiProps {
  return {
    service: NEON_SERVICE,
    baseUrl: options.baseUrl ?? NEON_API_URL,
    credentialVar: "NEON_API_KEY",
    access: options.access,
    headers: { authorization: `Bearer ${options.apiKey}` },
    timeoutMs: options.timeoutMs,
    sleep: options.sleep,
    errorReason: neonErrorReason,
  };
}

/** Neon's reason in an error answer: `{ code, message }` (API v2 GeneralError). */
export function neonErrorReason(body: unknown): string | undefined {
  if (!isObject(body) || typeof body.message !== "string") return undefined;
  return typeof body.code === "string" && body.code !== "" ? `${body.message} [${body.code}]` : body.message;
}
