// Sentry API 0 reads for adoption's discovery (SENTRY_AUTH_TOKEN, bearer), cursor pagination
// through the `Link` header (https://docs.sentry.io/api/pagination/); the calls: adopt/sentry.ts's header.
import type { RestCall } from "../contracts/call";
import {
  type BearerClientOptions,
  type BearerVendor,
  bearerApi,
  DISCOVERY_TIMEOUT_MS,
  isObject,
  READ_ACCESS,
  nextLink,
  requestJson,
  type VendorApiProps,
  VendorApiError,
} from "./http";

export const SENTRY_SERVICE = "Sentry";

/**
 * Sentry's reason in an error answer: `{ detail: "…" }`, or a serializer's field errors
 * (`{ refs: ["Invalid repository names: …"] }`, a release whose repository is not linked).
 */
export function sentryErrorReason(body: unknown): string | undefined {
  if (!isObject(body)) return undefined;
  if (typeof body.detail === "string") return body.detail;
  const fields = Object.entries(body).flatMap(([key, value]) => {
    const messages = (Array.isArray(value) ? value : [value]).filter((m): m is string => typeof m === "string");
    return messages.length > 0 ? [`${key}: ${messages.join("; ")}`] : [];
  });
  return fields.length > 0 ? fields.join(", ") : undefined;
}

const SENTRY: BearerVendor = {
  service: SENTRY_SERVICE,
  defaultBaseUrl: "https://sentry.io/api/",
  credentialVar: "SENTRY_AUTH_TOKEN",
  errorReason: sentryErrorReason,
};

/**
 * `baseUrl`: https://sentry.io/api/ for discovery, https://sentry.io for the release calls;
 * `access`: what the token needs for these calls, for 401/403 errors.
 */
export function sentryApi(options: BearerClientOptions & { access: string }): VendorApiProps {
  return bearerApi(SENTRY, options);
}

const SERVICE = SENTRY_SERVICE;

const ORG = "/api/0/organizations/{organization_id_or_slug}/";
const PROJECT = "/api/0/projects/{organization_id_or_slug}/{project_id_or_slug}/";
/** Lists are followed through the Link header's next URL (https://docs.sentry.io/api/pagination/). */
const LINKED = { serverQuery: ["cursor"] } as const;
/** Every call discovery makes (test/contracts/sentry.test.ts checks them against Sentry's description). */
export const SENTRY_DISCOVERY_CALLS: readonly RestCall[] = [
  { id: "organization", method: "GET", path: ORG },
  { id: "team", method: "GET", path: "/api/0/teams/{organization_id_or_slug}/{team_id_or_slug}/" },
  { id: "project", method: "GET", path: PROJECT, reads: ["id"] },
  { id: "client keys", method: "GET", path: `${PROJECT}keys/`, ...LINKED, reads: ["[].id", "[].name"] },
  { id: "alerts", method: "GET", path: `${ORG}workflows/`, ...LINKED, reads: ["[].id", "[].name"] },
  {
    id: "monitors",
    method: "GET",
    path: `${ORG}detectors/`,
    query: ["project"],
    ...LINKED,
    reads: ["[].id", "[].name"],
  },
  {
    id: "integrations",
    method: "GET",
    path: `${ORG}integrations/`,
    query: ["providerKey"],
    ...LINKED,
    reads: ["[].id"],
  },
  {
    id: "repositories",
    method: "GET",
    path: `${ORG}repos/`,
    ...LINKED,
    reads: ["[].id", "[].name", "[].integrationId"],
  },
];
type Item = Record<string, unknown>;

export type SentryClientOptions = BearerClientOptions;

export class SentryClient {
  private readonly base: string;
  private readonly api: VendorApiProps;

  constructor(options: SentryClientOptions) {
    this.base = (options.baseUrl ?? "https://sentry.io/api/").replace(/\/?$/, "/");
    this.api = {
      ...sentryApi({ ...options, access: READ_ACCESS }),
      // The description's paths start at /api/0/: name calls from the host's root.
      baseUrl: new URL("../", this.base).href,
      timeoutMs: options.timeoutMs ?? DISCOVERY_TIMEOUT_MS,
    };
  }

  /** One object, or undefined on 404. */
  async getOne(path: string): Promise<Item | undefined> {
    const response = await requestJson(this.api, { method: "GET", path: new URL(path, this.base) });
    if (response.status === 404) return undefined;
    if (typeof response.body !== "object" || response.body === null || Array.isArray(response.body))
      throw malformed(path);
    return response.body as Item;
  }

  /** Every page of a list; empty on 404. */
  async list(path: string, query: Record<string, string> = {}): Promise<Item[]> {
    const out: Item[] = [];
    let url: URL | undefined = new URL(path, this.base);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    for (let pages = 0; url && pages < 100; pages++) {
      const response = await requestJson(this.api, { method: "GET", path: url });
      if (response.status === 404) return out;
      if (!Array.isArray(response.body) || response.body.some((i) => typeof i !== "object" || i === null))
        throw malformed(path);
      out.push(...(response.body as Item[]));
      url = nextLink(response.headers);
    }
    return out;
  }
}

function malformed(path: string): VendorApiError {
  return new VendorApiError(
    `${SERVICE}: GET /api/${path} returned an unexpected shape; retry, or report it with the endpoint`,
  );
}

// The release calls of npm's pipeline/sentry-release.ts (getsentry/sentry-api-schema a589a26):
// create the release with its commit (Sentry answers 208 when it exists), then a deploy record.
const RELEASES = "/api/0/organizations/{organization_id_or_slug}/releases/";
const DEPLOYS = "/api/0/organizations/{organization_id_or_slug}/releases/{version}/deploys/";

export const SENTRY_RELEASE_CALLS: readonly RestCall[] = [
  {
    id: "create release",
    method: "POST",
    path: RELEASES,
    body: ["version", "projects", "refs[].repository", "refs[].commit"],
  },
  { id: "create deploy", method: "POST", path: DEPLOYS, body: ["environment", "projects"] },
];

export interface SentryReleasesOptions extends BearerClientOptions {
  /** e.g. https://sentry.io */
  baseUrl: string;
}

export interface NewRelease {
  organization: string;
  version: string;
  projects: readonly string[];
  refs: ReadonlyArray<{ repository: string; commit: string }>;
}

export class SentryReleases {
  private readonly api: VendorApiProps;

  constructor(options: SentryReleasesOptions) {
    this.api = sentryApi({
      ...options,
      access: "the project:releases scope",
      timeoutMs: options.timeoutMs ?? 30_000,
    });
  }

  /** Creates the release; "existed" when Sentry already had it (208). */
  async createRelease(release: NewRelease): Promise<"created" | "existed"> {
    const path = RELEASES.replace("{organization_id_or_slug}", encodeURIComponent(release.organization));
    const response = await requestJson(this.api, {
      method: "POST",
      path,
      body: { version: release.version, projects: [...release.projects], refs: release.refs.map((r) => ({ ...r })) },
      allowEmpty: true,
    });
    if (response.status === 404) throw notFound("POST", path, "the organization");
    return response.status === 208 ? "existed" : "created";
  }

  async createDeploy(
    organization: string,
    version: string,
    deploy: { environment: string; projects: readonly string[] },
  ): Promise<void> {
    const path = DEPLOYS.replace("{organization_id_or_slug}", encodeURIComponent(organization)).replace(
      "{version}",
      encodeURIComponent(version),
    );
    const response = await requestJson(this.api, {
      method: "POST",
      path,
      body: { environment: deploy.environment, projects: [...deploy.projects] },
      allowEmpty: true,
    });
    if (response.status === 404) throw notFound("POST", path, "the release");
  }
}

function notFound(method: string, path: string, what: string): VendorApiError {
  return new VendorApiError(
    `${SENTRY_SERVICE}: ${method} ${path} answered 404; check ${what} and the token's organization`,
  );
}
