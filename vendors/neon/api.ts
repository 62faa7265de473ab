// What every Neon client shares: the API root and the bearer API key (NEON_API_KEY, an
// organization API key: Neon keys are not scoped below the project; https://neon.com/docs/manage/api-keys).
import { type BearerVendor, bearerApi, isObject, type VendorApiProps, type VendorClientOptions } from "../http";

export const NEON_API_URL = "https://console.neon.tech/api/v2";
export const NEON_SERVICE = "Neon";

const NEON: BearerVendor = {
  service: NEON_SERVICE,
  defaultBaseUrl: NEON_API_URL,
  credentialVar: "NEON_API_KEY",
  errorReason: neonErrorReason,
};

/** What every Neon client's caller passes: the API key instead of a token. */
export interface NeonApiOptions extends VendorClientOptions {
  apiKey: string;
}

/** `access`: what the key needs for these calls, for 401/403 errors. */
export function neonApi(options: NeonApiOptions & { access: string }): VendorApiProps {
  return bearerApi(NEON, { ...options, token: options.apiKey });
}

/** Neon's reason in an error answer: `{ code, message }` (API v2 GeneralError). */
export function neonErrorReason(body: unknown): string | undefined {
  if (!isObject(body) || typeof body.message !== "string") return undefined;
  return typeof body.code === "string" && body.code !== "" ? `${body.message} [${body.code}]` : body.message;
}
