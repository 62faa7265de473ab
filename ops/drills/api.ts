// One JSON call to a vendor API for the drills, with a deadline, and every failure turned into
// a one-line DrillApiError naming the service, the call and what to do — never the credential
// (the caller's headers carry it; no message includes a header). 404 is returned, not thrown:
// for a branch already gone or a pool that does not exist, "not found" is an answer.

export class DrillApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DrillApiError";
  }
}

export interface ApiSettings {
  service: string;
  /** API root, e.g. https://api.cloudflare.com/client/v4; a loopback URL for the simulator and tests. */
  baseUrl: string;
  /** Environment variable holding the credential, named in 401/403 errors. */
  credentialVar: string;
  /** What the credential needs, for 401/403 errors. */
  accessHint: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

export type ApiMethod = "GET" | "POST" | "PATCH" | "DELETE";

export interface ApiResponse {
  status: number;
  body: unknown;
}

/** A request's path and query, relative to the API root. */
export async function callApi(
  settings: ApiSettings,
  method: ApiMethod,
  path: string,
  body?: unknown,
): Promise<ApiResponse> {
  const url = `${settings.baseUrl.replace(/\/$/, "")}${path}`;
  const where = `${method} ${path.split("?")[0]}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        accept: "application/json",
        ...settings.headers,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
  } catch (error) {
    const name = (error as Error).name;
    if (name === "TimeoutError" || name === "AbortError")
      throw new DrillApiError(
        `${settings.service}: ${where} got no answer within ${settings.timeoutMs} ms; check the service's status page and run again`,
      );
    throw new DrillApiError(
      `${settings.service}: ${where} failed (${(error as Error).message}); check the network and the API URL`,
    );
  }
  if (response.status === 401 || response.status === 403)
    throw new DrillApiError(
      `${settings.service}: ${response.status} on ${where}: the credential in ${settings.credentialVar} is missing, expired or lacks ${settings.accessHint}`,
    );
  const text = await response.text();
  if (response.status === 404) return { status: 404, body: undefined };
  if (response.status < 200 || response.status > 299)
    throw new DrillApiError(
      `${settings.service}: ${where} answered ${response.status}; retry, or check the service's status page`,
    );
  if (text === "") return { status: response.status, body: undefined };
  try {
    return { status: response.status, body: JSON.parse(text) as unknown };
  } catch {
    throw new DrillApiError(`${settings.service}: ${where} answered ${response.status} with a body that is not JSON`);
  }
}

type Json = Record<string, unknown>;
export const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A required string field of a reply, or a one-line error naming the call and the field. */
export function text(value: unknown, field: string, where: string): string {
  const found = isObject(value) ? value[field] : undefined;
  if (typeof found !== "string" || found === "")
    throw new DrillApiError(`${where} returned no "${field}"; the API's answer changed shape: report it`);
  return found;
}
