// The one request layer of every vendor client under vendors/ (adoption's discovery, the
// Worker secrets, the drills, the rollout, the Sentry release): a JSON call with the failure
// modes every vendor API shares, each turned into a one-line VendorApiError naming the
// service, the call (method and path, never the query) and what to do. No message holds a
// header or a credential: the headers carry the token, and no message is built from them.
//   no answer in time   (timeoutMs, AbortSignal.timeout)        → error
//   401/403                                                     → error naming the credential's variable and the access it needs
//   404                                                         → returned: "does not exist" is an answer
//   429                                                         → waits Retry-After, up to maxAttempts and maxRetryAfterSeconds, then error
//   other non-2xx, an empty body (unless allowed), malformed JSON → error
//   a body cut off or stalled mid-read                          → error (the deadline covers the body too)
// The vendor's own words (an error body, Node's network error) enter a message only through
// withoutCredentials: header values, the request's declared secrets and URL user:password cut.

export class VendorApiError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VendorApiError";
  }
}

/** How one vendor's API is reached; a client builds it once. */
export interface VendorApiProps {
  /** The vendor as the operator knows it ("Cloudflare"), first word of every message. */
  readonly service: string;
  /** API root, e.g. https://api.cloudflare.com/client/v4; a loopback URL for fakes and the simulator. */
  readonly baseUrl: string;
  /** Environment variable holding the credential, named in 401/403 errors. */
  readonly credentialVar: string;
  /** What the credential needs, ending "…is missing, expired or lacks <access>". */
  readonly access: string;
  /** The request headers, credential included; never part of a message. */
  readonly headers: Readonly<Record<string, string>>;
  /** Deadline of one attempt, in milliseconds; none when absent. */
  readonly timeoutMs?: number;
  /** Attempts on 429 before giving up (default 3). */
  readonly maxAttempts?: number;
  /** Longest Retry-After honoured, in seconds (default 60); a longer one gives up at once. */
  readonly maxRetryAfterSeconds?: number;
  /** Waits between 429 attempts (tests pass one that returns at once). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The vendor's own reason in an error answer's body (Cloudflare's errors[].message), added to the message. */
  readonly errorReason?: (body: unknown) => string | undefined;
}

/** What every client's caller may set: where the API is, how long to wait, how to wait out a 429. */
export interface VendorClientOptions {
  /** The API root; a loopback fake or the simulator in tests. Defaults to the vendor's own. */
  baseUrl?: string;
  /** Deadline of one attempt, in milliseconds; each client has its default. */
  timeoutMs?: number;
  sleep?: VendorApiProps["sleep"];
}

/** A client's options with the bearer token the vendor's API takes. */
export interface BearerClientOptions extends VendorClientOptions {
  token: string;
}

/** A vendor whose API takes `Authorization: Bearer <token>`: what does not change between its clients. */
export interface BearerVendor {
  readonly service: string;
  readonly defaultBaseUrl: string;
  readonly credentialVar: string;
  readonly errorReason?: VendorApiProps["errorReason"];
}

/** The request props of a bearer-token vendor for one client (`access`: what its calls need). */
export function bearerApi(vendor: BearerVendor, options: BearerClientOptions & { access: string }): VendorApiProps {
  return {
    service: vendor.service,
    baseUrl: options.baseUrl ?? vendor.defaultBaseUrl,
    credentialVar: vendor.credentialVar,
    access: options.access,
    headers: { authorization: `Bearer ${options.token}` },
    timeoutMs: options.timeoutMs,
    sleep: options.sleep,
    errorReason: vendor.errorReason,
  };
}

export type VendorMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface VendorRequest {
  readonly method: VendorMethod;
  /** Path and query relative to the API root, or a full URL the vendor handed out (a Link header's next page). */
  readonly path: string | URL;
  /** Query parameters to add (a string path may carry its own too). */
  readonly query?: Readonly<Record<string, string>>;
  /** JSON body. */
  readonly body?: unknown;
  /** An empty 2xx body is an answer (body undefined) rather than an error: calls whose answer is not read. */
  readonly allowEmpty?: boolean;
  /** Secret values the body carries (a Worker secret's text): cut from any message, as an API may echo them. */
  readonly secrets?: readonly string[];
}

export interface VendorResponse {
  /** 404 or a 2xx status. */
  readonly status: number;
  /** The parsed JSON; undefined on 404 and on an allowed empty body. */
  readonly body: unknown;
  readonly headers: Headers;
}

export const DEFAULT_MAX_ATTEMPTS = 3;
/** Deadline of one discovery read: adoption reads whole accounts, but one request should not hang the run. */
export const DISCOVERY_TIMEOUT_MS = 30_000;
/** What a discovery credential needs, for 401/403 errors. */
export const READ_ACCESS = "read access; use a token with read scope on this account";
export const DEFAULT_MAX_RETRY_AFTER_SECONDS = 60;
/** Longest vendor reason kept in a message, so an HTML error page stays one short line. */
const REASON_LIMIT = 200;

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The URL of a request: the API root joined with a relative path, or a full URL as given. */
export function requestUrl(
  api: Pick<VendorApiProps, "baseUrl"> & Partial<Pick<VendorApiProps, "service" | "credentialVar">>,
  request: Pick<VendorRequest, "path" | "query">,
): URL {
  const url =
    request.path instanceof URL ? new URL(request.path) : new URL(`${api.baseUrl.replace(/\/+$/, "")}${request.path}`);
  // fetch refuses such a URL with a message that repeats it, password included.
  if (url.username !== "" || url.password !== "")
    throw new VendorApiError(
      `${api.service ?? "API"}: the API URL holds a user or password; remove it and put the credential in ${api.credentialVar ?? "the service's token variable"}`,
    );
  for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value);
  return url;
}

/** "GET /zones/z1/dns_records": the method and the path below the API root, without the query. */
export function callName(api: Pick<VendorApiProps, "baseUrl">, method: VendorMethod, url: URL): string {
  const root = new URL(api.baseUrl).pathname.replace(/\/+$/, "");
  const path = root !== "" && url.pathname.startsWith(`${root}/`) ? url.pathname.slice(root.length) : url.pathname;
  return `${method} ${path}`;
}

export async function requestJson(api: VendorApiProps, request: VendorRequest): Promise<VendorResponse> {
  const url = requestUrl(api, request);
  const where = callName(api, request.method, url);
  const fail = (what: string): VendorApiError => new VendorApiError(`${api.service}: ${what}`);
  const safe = (text: string): string => withoutCredentials(api, text, request.secrets);
  const noAnswer = () =>
    fail(`${where} got no answer within ${api.timeoutMs} ms; check the service's status page and run again`);
  const failed = (error: unknown) =>
    fail(
      `${where} failed (${safe(error instanceof Error ? error.message : String(error))}); check the network and the API URL, then retry`,
    );
  const isTimeout = (error: unknown) =>
    error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
  const attempts = api.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const longestWait = api.maxRetryAfterSeconds ?? DEFAULT_MAX_RETRY_AFTER_SECONDS;
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(url, {
        method: request.method,
        headers: {
          accept: "application/json",
          ...api.headers,
          ...(request.body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: api.timeoutMs === undefined ? undefined : AbortSignal.timeout(api.timeoutMs),
      });
    } catch (error) {
      throw isTimeout(error) ? noAnswer() : failed(error);
    }
    if (response.status === 401 || response.status === 403) {
      await discard(response);
      throw fail(
        `${response.status} on ${where}: the token in ${api.credentialVar} is missing, expired or lacks ${api.access}`,
      );
    }
    if (response.status === 404) {
      await discard(response);
      return { status: 404, body: undefined, headers: response.headers };
    }
    if (response.status === 429) {
      await discard(response);
      const seconds = retryAfterSeconds(response.headers.get("retry-after"));
      if (attempt >= attempts || seconds > longestWait)
        throw fail(
          `rate limited on ${where} (429, retry after ${seconds}s, ${attempt} attempt(s)); wait and run again`,
        );
      await (api.sleep ?? defaultSleep)(seconds * 1000);
      continue;
    }
    let text: string;
    try {
      // The deadline's signal covers the body: a server that stalls after its headers times out here.
      text = await response.text();
    } catch (error) {
      throw isTimeout(error) ? noAnswer() : failed(error);
    }
    if (response.status < 200 || response.status > 299) {
      const reason = api.errorReason?.(parseOrUndefined(text));
      const because = reason ? ` (${safe(reason)})` : "";
      // A 4xx is the request's fault (a name taken, a value refused): retrying sends it again.
      const next =
        response.status >= 400 && response.status < 500 && response.status !== 408
          ? "the service refused the request: fix what it names"
          : "retry, or check the service's status page";
      throw fail(`${where} answered ${response.status}${because}; ${next}`);
    }
    if (text.trim() === "") {
      if (request.allowEmpty) return { status: response.status, body: undefined, headers: response.headers };
      throw fail(`${where} answered ${response.status} with an empty body; retry, or check the service's status page`);
    }
    const body = parseOrUndefined(text);
    if (body === undefined) throw fail(`${where} returned malformed JSON; retry, or check the service's status page`);
    return { status: response.status, body, headers: response.headers };
  }
}

/** Reads and drops a body that is not used, so the connection is released (undici asks for it). */
async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Nothing to release.
  }
}

/** Seconds of a Retry-After header; absent or unreadable means 1 (an HTTP date is not honoured). */
function retryAfterSeconds(header: string | null): number {
  const seconds = Number(header ?? "1");
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : 1;
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Credential-like parts of the headers: every word of a value long enough to be a secret. */
const CREDENTIAL_WORD = 8;

/**
 * A vendor's own words made safe for a message: one short line, with every header value
 * (and each long word of one: the token after "Bearer"), the request's declared secrets and a
 * URL's user:password cut out, since an API (or Node's fetch, in its errors) may echo what it
 * was sent. Secrets are cut before line breaks are folded, so a value holding one is found too.
 */
export function withoutCredentials(
  api: Pick<VendorApiProps, "headers">,
  text: string,
  extra: readonly string[] = [],
): string {
  const secrets = [...Object.values(api.headers), ...extra]
    .flatMap((value) => [value, ...value.split(/\s+/)])
    .filter((part) => part.length >= CREDENTIAL_WORD)
    .sort((a, b) => b.length - a.length);
  let line = text;
  for (const secret of secrets) line = line.split(secret).join("[credential]");
  line = line.replace(/(\/\/)[^/\s@]*@/g, "$1[credentials]@");
  return line.replace(/\s+/g, " ").trim().slice(0, REASON_LIMIT);
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
export function anchorNotFound(service: string, what: string, fix: string): VendorApiError {
  return new VendorApiError(`${service}: ${what} not found (404); ${fix}`);
}

type Json = Record<string, unknown>;
export const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A required string field of a reply, or a one-line error naming the call and the field. */
export function text(value: unknown, field: string, where: string): string {
  const found = isObject(value) ? value[field] : undefined;
  if (typeof found !== "string" || found === "")
    throw new VendorApiError(`${where} returned no "${field}"; the API's answer changed shape: report it`);
  return found;
}
