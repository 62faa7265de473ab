// What every Cloudflare client shares: the API root, the bearer token, and the reason
// Cloudflare gives in an error answer. API v4 answers in the envelope
// `{ success, errors: [{ code, message }], messages, result }` (https://developers.cloudflare.com/api/).
import { isObject, type VendorApiProps } from "../http";

export const CLOUDFLARE_API_URL = "https://api.cloudflare.com/client/v4";
export const CLOUDFLARE_SERVICE = "Cloudflare";
export const CLOUDFLARE_TOKEN_VAR = "CLOUDFLARE_API_TOKEN";

export interface CloudflareApiOptions {
  token: string;
  /** The API root; a loopback fake or the simulator in tests. Defaults to CLOUDFLARE_API_URL. */
  baseUrl?: string;
  /** What the token needs for these calls, for 401/403 errors. */
  access: string;
  timeoutMs?: number;
  sleep?: VendorApiProps["sleep"];
}

export function cloudflareApi(options: CloudflareApiOptions): VendorApiProps {
  return {
    service: CLOUDFLARE_SERVICE,
    baseUrl: options.baseUrl ?? CLOUDFLARE_API_URL,
    credentialVar: CLOUDFLARE_TOKEN_VAR,
    access: options.access,
    headers: { authorization: `Bearer ${options.token}` },
    timeoutMs: options.timeoutMs,
    sleep: options.sleep,
    errorReason: cloudflareErrors,
  };
}

/** Cloudflare's own codes and messages of an error answer ("10215 bad secret; …"), or undefined. */
export function cloudflareErrors(body: unknown): string | undefined {
  if (!isObject(body) || !Array.isArray(body.errors)) return undefined;
  const errors = body.errors
    .filter(isObject)
    .map((e) =>
      `${e.code === undefined ? "" : String(e.code)} ${typeof e.message === "string" ? e.message : ""}`.trim(),
    )
    .filter((e) => e !== "");
  return errors.length > 0 ? errors.join("; ") : undefined;
}
