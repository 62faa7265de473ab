// One request (a GET or a read-only GraphQL POST for discovery; the PUT of
// pipeline/worker-secrets.ts) with the failure modes every service API shares, each turned into a one-line
// error that names the service and what to do (never the credential): 401/403 (token),
// 404 (returned to the caller: "does not exist" is an answer), 429 (waits Retry-After,
// then gives up), other statuses and malformed JSON.

export class DiscoveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DiscoveryError";
  }
}

export interface HttpOptions {
  service: string;
  /** Environment variable holding the credential, named in 401/403 errors. */
  credentialVar: string;
  /** What the token needs, for 401/403 errors; defaults to read access (discovery). */
  accessHint?: string;
  headers: Record<string, string>;
  /** Attempts on 429 before giving up. */
  maxAttempts?: number;
  /** Longest Retry-After honoured, in seconds. */
  maxRetryAfterSeconds?: number;
  sleep?: (ms: number) => Promise<void>;
}

export type JsonResponse = { status: 200; body: unknown; headers: Headers } | { status: 404 };

export interface RequestInit {
  method: "GET" | "POST" | "PUT";
  /** JSON body of a POST (a GraphQL query) or a PUT. */
  body?: unknown;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function getJson(url: URL, options: HttpOptions): Promise<JsonResponse> {
  return requestJson(url, options, { method: "GET" });
}

export async function requestJson(url: URL, options: HttpOptions, init: RequestInit): Promise<JsonResponse> {
  const where = `${init.method} ${url.pathname}`;
  const attempts = options.maxAttempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(url, {
        method: init.method,
        headers: init.body === undefined ? options.headers : { ...options.headers, "content-type": "application/json" },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new DiscoveryError(`${options.service}: ${where} failed (${reason}); check the network and retry`);
    }
    if (response.status === 401 || response.status === 403) {
      throw new DiscoveryError(
        `${options.service}: ${response.status} on ${where}: the token in ${options.credentialVar} is missing, expired or ${options.accessHint ?? "lacks read access; use a token with read scope on this account"}`,
      );
    }
    if (response.status === 404) return { status: 404 };
    if (response.status === 429) {
      const wait = Number(response.headers.get("retry-after") ?? "1");
      const seconds = Number.isFinite(wait) && wait >= 0 ? wait : 1;
      if (attempt >= attempts || seconds > (options.maxRetryAfterSeconds ?? 60)) {
        throw new DiscoveryError(
          `${options.service}: rate limited on ${where} (429, retry after ${seconds}s, ${attempt} attempt(s)); wait and run again`,
        );
      }
      await (options.sleep ?? defaultSleep)(seconds * 1000);
      continue;
    }
    if (response.status !== 200) {
      throw new DiscoveryError(
        `${options.service}: ${where} answered ${response.status}; retry, or check the service's status page`,
      );
    }
    const text = await response.text();
    try {
      return { status: 200, body: JSON.parse(text) as unknown, headers: response.headers };
    } catch {
      throw new DiscoveryError(
        `${options.service}: ${where} returned malformed JSON; retry, or check the service's status page`,
      );
    }
  }
}

/** The `rel="next"` URL of an RFC 8288 Link header (GitHub, Sentry), unless Sentry says it has no results. */
export function nextLink(headers: Headers): URL | undefined {
  const link = headers.get("link");
  if (!link) return undefined;
  for (const part of link.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]+)>(.*)$/.exec(part);
    if (!match || !/;\s*rel="next"/.test(match[2])) continue;
    if (/;\s*results="false"/.test(match[2])) return undefined;
    return new URL(match[1]);
  }
  return undefined;
}

/**
 * A 404 on the object everything else hangs off (a zone, an organization, a repository, the
 * API root) is an error, not "nothing exists": a wrong id or URL must not plan every
 * resource as new.
 */
export function anchorNotFound(service: string, what: string, fix: string): DiscoveryError {
  return new DiscoveryError(`${service}: ${what} not found (404); ${fix}`);
}
