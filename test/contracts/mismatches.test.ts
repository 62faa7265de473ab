// The outbound-call mismatches issue 26 lists, each against a fake that answers in the
// vendor's documented shape (every reply is itself checked against the recorded description):
// Cloudflare lists page without a page count; GitHub lists organization rulesets unless told
// not to; Sentry's repository `provider` is an open map; Grafana's by-name data source
// endpoint is deprecated. (The Neon consumption window: test/workers/telemetry-neon-cells.test.ts.)
import { afterEach, describe, expect, it, vi } from "vitest";
import { discoverCloudflare } from "../../adopt/cloudflare";
import { discoverGitHub } from "../../adopt/github";
import { discoverGrafana } from "../../adopt/grafana";
import { discoverSentry } from "../../adopt/sentry";
import type { DeclaredResource } from "../../adopt/types";
import type { RestCall } from "../../contracts/call";
import { CLOUDFLARE_DISCOVERY_CALLS, CloudflareClient, PER_PAGE } from "../../vendors/cloudflare/discovery";
import { GITHUB_DISCOVERY_CALLS, GitHubClient } from "../../vendors/github";
import { GRAFANA_DISCOVERY_CALLS, GrafanaClient } from "../../vendors/grafana";
import { SENTRY_DISCOVERY_CALLS, SentryClient } from "../../vendors/sentry";
import { loadDescription, requestProblems } from "./support/openapi";

type Route = (url: URL) => unknown;

/** A global fetch answering `routes` (exact path → body; 404 otherwise), checking each reply and request. */
function documentedFake(vendor: string, calls: readonly RestCall[], prefix: string, routes: Record<string, Route>) {
  const description = loadDescription(vendor);
  const problems: string[] = [];
  const seen: URL[] = [];
  vi.stubGlobal("fetch", async (input: URL | string, init?: RequestInit) => {
    const url = new URL(String(input));
    seen.push(url);
    const path = decodeURIComponent(url.pathname.slice(prefix.length));
    const route = routes[path] as Route | undefined;
    const body = route?.(url);
    if (route && body !== undefined)
      problems.push(
        ...requestProblems(description, calls, {
          method: init?.method ?? "GET",
          path,
          query: [...new Set(url.searchParams.keys())],
          status: 200,
          reply: body,
        }),
      );
    return body === undefined
      ? new Response(JSON.stringify({ message: "Not Found" }), { status: 404 })
      : new Response(JSON.stringify(body), { status: 200 });
  });
  return { problems, seen };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

const resource = (type: string, attributes: Record<string, unknown>): DeclaredResource => ({
  path: `stack/${type}`,
  type,
  attributes,
});

describe("Cloudflare: paged lists carry no page count", () => {
  const ACCOUNT = "a".repeat(32);
  const base = "http://cf.test/client/v4";
  // 60 namespaces, the declared one last: beyond the first page of 50.
  const namespaces = Array.from({ length: 60 }, (_, i) => ({ id: `ns${i}`, title: `other-${i}` }));
  namespaces[59] = { id: "ns-mine", title: "neuropilot-production-autoheal-state" };

  it("finds a KV namespace beyond the first 50, reading pages until a short one", async () => {
    const fake = documentedFake("cloudflare", CLOUDFLARE_DISCOVERY_CALLS, "/client/v4", {
      [`/accounts/${ACCOUNT}`]: () => ({ success: true, errors: [], messages: [], result: { id: ACCOUNT } }),
      [`/accounts/${ACCOUNT}/storage/kv/namespaces`]: (url) => {
        const page = Number(url.searchParams.get("page") ?? "1");
        const perPage = Number(url.searchParams.get("per_page") ?? "20");
        const result = namespaces.slice((page - 1) * perPage, page * perPage);
        return { success: true, errors: [], messages: [], result, result_info: { page, per_page: perPage } };
      },
    });
    const findings = await discoverCloudflare(
      [
        resource("cloudflare_workers_kv_namespace", {
          account_id: ACCOUNT,
          title: "neuropilot-production-autoheal-state",
        }),
      ],
      new CloudflareClient({ token: "t", baseUrl: base }),
    );
    expect(findings[0]).toMatchObject({ status: "import", id: `${ACCOUNT}/ns-mine` });
    // Page 1 (50) and page 2 (10, short: the last); nothing past it.
    const pages = fake.seen.filter((u) => u.pathname.endsWith("/namespaces")).map((u) => u.searchParams.get("page"));
    expect(pages).toEqual(["1", "2"]);
    expect(PER_PAGE).toBe(50);
    expect(fake.problems).toEqual([]);
  });

  it("asks a single-page list once, without paging parameters", async () => {
    const fake = documentedFake("cloudflare", CLOUDFLARE_DISCOVERY_CALLS, "/client/v4", {
      [`/accounts/${ACCOUNT}`]: () => ({ success: true, errors: [], messages: [], result: { id: ACCOUNT } }),
      [`/accounts/${ACCOUNT}/load_balancers/pools`]: () => ({
        success: true,
        errors: [],
        messages: [],
        result: [{ id: "p1", name: "api-us-east" }],
      }),
    });
    const findings = await discoverCloudflare(
      [resource("cloudflare_load_balancer_pool", { account_id: ACCOUNT, name: "api-us-east" })],
      new CloudflareClient({ token: "t", baseUrl: base }),
    );
    expect(findings[0]).toMatchObject({ status: "import" });
    const pools = fake.seen.filter((u) => u.pathname.endsWith("/pools"));
    expect(pools.map((u) => u.search)).toEqual([""]);
    expect(fake.problems).toEqual([]);
  });
});

describe("GitHub: the repository's own rulesets only", () => {
  it("matches the repository ruleset, never the organization's of the same name", async () => {
    const repo = "/repos/acme/infra";
    const fake = documentedFake("github", GITHUB_DISCOVERY_CALLS, "", {
      [repo]: () => ({ id: 1, name: "infra" }),
      [`${repo}/rulesets`]: (url) => [
        { id: 42, name: "protect-main", target: "branch", source_type: "Repository", source: "acme/infra" },
        // Listed unless includes_parents=false (the parameter defaults to true).
        ...(url.searchParams.get("includes_parents") === "false"
          ? []
          : [{ id: 7, name: "protect-main", target: "branch", source_type: "Organization", source: "acme" }]),
      ],
    });
    const findings = await discoverGitHub(
      [resource("github_repository_ruleset", { repository: "infra", name: "protect-main" })],
      new GitHubClient({ token: "t", owner: "acme", baseUrl: "http://gh.test/" }),
    );
    expect(findings).toEqual([expect.objectContaining({ status: "import", id: "infra:42" })]);
    expect(fake.problems).toEqual([]);
  });
});

describe("Sentry: repositories matched on documented fields", () => {
  it("finds the repository through its integration's id, whatever its provider map holds", async () => {
    const org = "/api/0/organizations/acme/";
    const fake = documentedFake("sentry", SENTRY_DISCOVERY_CALLS, "", {
      [org]: () => ({ id: "1", slug: "acme", name: "Acme" }),
      [`${org}integrations/`]: (url) =>
        [
          { id: "77", name: "acme", provider: { key: "github" }, status: "active" },
          { id: "78", name: "acme", provider: { key: "gitlab" }, status: "active" },
        ].filter((i) => i.provider.key === url.searchParams.get("providerKey")),
      [`${org}repos/`]: () => [
        // provider is an open string map in the description: no `id` to rely on.
        {
          id: "900",
          name: "acme/infra",
          provider: { name: "GitHub" },
          integrationId: "77",
          dateCreated: "2025-01-01T00:00:00Z",
        },
        {
          id: "901",
          name: "acme/infra",
          provider: { name: "GitLab" },
          integrationId: "78",
          dateCreated: "2025-01-01T00:00:00Z",
        },
      ],
    });
    const findings = await discoverSentry(
      [
        resource("sentry_organization_repository", {
          organization: "acme",
          identifier: "acme/infra",
          integration_type: "github",
        }),
      ],
      new SentryClient({ token: "t", baseUrl: "http://sentry.test/api/" }),
    );
    expect(findings).toEqual([expect.objectContaining({ status: "import", id: "acme/github/77/900" })]);
    expect(fake.problems).toEqual([]);
  });
});

describe("Grafana: a data source by name without the deprecated endpoint", () => {
  it("finds it in the data source list", async () => {
    const fake = documentedFake("grafana", GRAFANA_DISCOVERY_CALLS, "", {
      "/api/org": () => ({ id: 1, name: "Acme" }),
      "/api/datasources": () => [{ id: 3, uid: "prom-1", name: "Acme Prometheus", type: "prometheus" }],
    });
    const findings = await discoverGrafana(
      [resource("grafana_data_source", { name: "Acme Prometheus", type: "prometheus" })],
      new GrafanaClient({ auth: "t", url: "http://grafana.test" }),
    );
    expect(findings).toEqual([expect.objectContaining({ status: "import", id: "prom-1" })]);
    expect(fake.seen.some((u) => u.pathname.startsWith("/api/datasources/name/"))).toBe(false);
    expect(fake.problems).toEqual([]);
  });
});
