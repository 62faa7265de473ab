// The loopback fakes answer in the vendors' documented shapes, and the code sends only its
// declared calls: `npm run adopt` runs over every stack against the fake account
// (test/support/fake-account.ts); each recorded request must match a declared call of its
// client (path template, method, query names, body fields) and each fake reply must carry no
// field the recorded description lacks. Railway's fake answers GraphQL: its documents are
// validated in railway.test.ts.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../adopt/cli";
import type { RestCall } from "../../contracts/call";
import { synthesize } from "../../synthesize";
import { CLOUDFLARE_DISCOVERY_CALLS } from "../../vendors/cloudflare/discovery";
import { GITHUB_DISCOVERY_CALLS } from "../../vendors/github";
import { GRAFANA_DISCOVERY_CALLS } from "../../vendors/grafana";
import { NEON_DISCOVERY_CALLS } from "../../vendors/neon/discovery";
import { SENTRY_DISCOVERY_CALLS } from "../../vendors/sentry";
import { bundledInputs, sourcesOf } from "../support/configs";
import { type FakeAccount, type ServiceName, startFakeAccount } from "../support/fake-account";
import { loadDescription, requestProblems } from "./support/openapi";

const STACKS = ["neuropilot-platform", "neuropilot-staging", "neuropilot-production", "neuropilot-github"];
const work = mkdtempSync(join(tmpdir(), "np-contracts-"));
let fake: FakeAccount;

/** Each REST vendor: its description, declared calls, and the fake's path prefix before the description's paths. */
const VENDORS: Array<{ service: ServiceName; calls: readonly RestCall[]; prefix: string }> = [
  { service: "cloudflare", calls: CLOUDFLARE_DISCOVERY_CALLS, prefix: "/client/v4" },
  { service: "neon", calls: NEON_DISCOVERY_CALLS, prefix: "/api/v2" },
  { service: "sentry", calls: SENTRY_DISCOVERY_CALLS, prefix: "" },
  { service: "grafana", calls: GRAFANA_DISCOVERY_CALLS, prefix: "" },
  { service: "github", calls: GITHUB_DISCOVERY_CALLS, prefix: "" },
];
/** Outside Grafana's description (the SLO app's own API): named here so nothing else slips by. */
const UNDESCRIBED = ["/api/plugins/grafana-slo-app/resources/v1/slo"];

beforeAll(async () => {
  const synthDir = join(work, "cdktf.out");
  synthesize(sourcesOf(bundledInputs()), { backend: "local", outdir: synthDir });
  fake = await startFakeAccount();
  const root = join(work, "root");
  mkdirSync(join(root, "config", "adopt"), { recursive: true });
  vi.spyOn(console, "log").mockImplementation(() => undefined);
  vi.spyOn(console, "error").mockImplementation(() => undefined);
  for (const stack of STACKS) expect(await main([stack, "--synth", synthDir], fake.env, root)).toBe(0);
  vi.restoreAllMocks();
}, 120_000);
afterAll(async () => {
  await fake?.close();
  rmSync(work, { recursive: true, force: true });
});

describe("adoption's requests and the fake account's replies against the descriptions", () => {
  it.each(VENDORS.map((v) => [v.service, v] as const))("%s", (service, vendor) => {
    const description = loadDescription(service);
    const requests = fake.requests.filter((r) => r.service === service);
    expect(requests.length).toBeGreaterThan(0);
    const problems = requests
      .map((r) => ({ ...r, path: decodeURIComponent(r.path.slice(vendor.prefix.length)) }))
      .filter((r) => !UNDESCRIBED.includes(r.path))
      .flatMap((r) => requestProblems(description, vendor.calls, r));
    expect(problems).toEqual([]);
  });

  it("catches a request no call declares and a reply field the description lacks", () => {
    const description = loadDescription("cloudflare");
    const request = { method: "GET", query: [], status: 200 };
    expect(
      requestProblems(description, CLOUDFLARE_DISCOVERY_CALLS, { ...request, path: "/zones/z/settings", reply: {} }),
    ).toEqual(["GET /zones/z/settings?: matches no declared call"]);
    expect(
      requestProblems(description, CLOUDFLARE_DISCOVERY_CALLS, {
        ...request,
        path: "/accounts/a/storage/kv/namespaces",
        query: ["page", "per_page"],
        reply: { success: true, result: [], result_info: { page: 1, total_pages: 1 } },
      }),
    ).toEqual([
      `GET /accounts/a/storage/kv/namespaces?page&per_page: the fake's reply carries "result_info.total_pages", which the description lacks`,
    ]);
  });
});
