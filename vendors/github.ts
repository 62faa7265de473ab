// GitHub's REST reads for adoption's discovery (GITHUB_TOKEN), pagination through the `Link`
// header; the calls and what they read: adopt/github.ts's header and GITHUB_DISCOVERY_CALLS below.
import type { RestCall } from "../contracts/call";
import {
  type BearerClientOptions,
  DISCOVERY_TIMEOUT_MS,
  READ_ACCESS,
  nextLink,
  requestJson,
  type VendorApiProps,
  VendorApiError,
} from "./http";

export const GITHUB_SERVICE = "GitHub";
const SERVICE = GITHUB_SERVICE;

const PAGED = ["per_page"];
/** Pages are followed through the Link header's next URL, which carries `page`. */
const LINKED = { serverQuery: ["page"] } as const;
/** Every call discovery makes (test/contracts/github.test.ts checks them against GitHub's description). */
export const GITHUB_DISCOVERY_CALLS: readonly RestCall[] = [
  { id: "repository", method: "GET", path: "/repos/{owner}/{repo}" },
  { id: "environment", method: "GET", path: "/repos/{owner}/{repo}/environments/{environment_name}" },
  {
    id: "branch policies",
    method: "GET",
    path: "/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies",
    query: PAGED,
    ...LINKED,
    reads: ["branch_policies[].id", "branch_policies[].name"],
  },
  {
    id: "rulesets",
    method: "GET",
    path: "/repos/{owner}/{repo}/rulesets",
    query: [...PAGED, "includes_parents"],
    ...LINKED,
    reads: ["[].id", "[].name", "[].source_type"],
  },
  { id: "label", method: "GET", path: "/repos/{owner}/{repo}/labels/{name}" },
  { id: "Actions secret", method: "GET", path: "/repos/{owner}/{repo}/actions/secrets/{secret_name}" },
];
type Item = Record<string, unknown>;

export interface GitHubClientOptions extends BearerClientOptions {
  owner: string;
}

export class GitHubClient {
  readonly owner: string;
  private readonly base: string;
  private readonly api: VendorApiProps;

  constructor(options: GitHubClientOptions) {
    this.owner = options.owner;
    this.base = (options.baseUrl ?? "https://api.github.com/").replace(/\/?$/, "/");
    this.api = {
      service: SERVICE,
      baseUrl: this.base,
      credentialVar: "GITHUB_TOKEN",
      access: READ_ACCESS,
      headers: {
        authorization: `Bearer ${options.token}`,
        accept: "application/vnd.github+json",
        "x-github-api-version": "2022-11-28",
      },
      timeoutMs: options.timeoutMs ?? DISCOVERY_TIMEOUT_MS,
      sleep: options.sleep,
    };
  }

  /** Whether `path` exists (200) or not (404). */
  async exists(path: string): Promise<boolean> {
    const response = await requestJson(this.api, { method: "GET", path: new URL(path, this.base) });
    if (response.status === 404) return false;
    if (typeof response.body !== "object" || response.body === null) throw malformed(path);
    return true;
  }

  /** Every page of a list (the array itself, or the array under `key`); empty on 404. */
  async list(path: string, key?: string, query: Record<string, string> = {}): Promise<Item[]> {
    const out: Item[] = [];
    let url: URL | undefined = new URL(path, this.base);
    url.searchParams.set("per_page", "100");
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    for (let pages = 0; url && pages < 100; pages++) {
      const response = await requestJson(this.api, { method: "GET", path: url });
      if (response.status === 404) return out;
      const body = response.body as Record<string, unknown> | null;
      const items = key === undefined ? body : body?.[key];
      if (!Array.isArray(items) || items.some((i) => typeof i !== "object" || i === null)) throw malformed(path);
      out.push(...(items as Item[]));
      url = nextLink(response.headers);
    }
    return out;
  }
}

function malformed(path: string): VendorApiError {
  return new VendorApiError(
    `${SERVICE}: GET /${path} returned an unexpected shape; retry, or report it with the endpoint`,
  );
}
