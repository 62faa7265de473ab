// What every Cloudflare client shares: the API root, the bearer token, and the reason
// Cloudflare gives in an error answer. API v4 answers in the envelope
// `{ success, errors: [{ code, message }], messages, result }` (https://developers.cloudflare.com/api/).
import { type BearerClientOptions, type BearerVendor, bearerApi, isObject, type VendorApiProps } from "../http";

export const CLOUDFLARE_API_URL = "https://api.cloudflare.com/client/v4";
export const CLOUDFLARE_SERVICE = "Cloudflare";
export const CLOUDFLARE_TOKEN_VAR = "CLOUDFLARE_API_TOKEN";

const CLOUDFLARE: BearerVendor = {
  service: CLOUDFLARE_SERVICE,
  defaultBaseUrl: CLOUDFLARE_API_URL,
  credentialVar: CLOUDFLARE_TOKEN_VAR,
  errorReason: cloudflareErrors,
};

/** `access`: what the token needs for these calls, for 401/403 errors. */
export function cloudflareApi(options: BearerClientOptions & { access: string }): VendorApiProps {
  return bearerApi(CLOUDFLARE, options);
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
