// The drills' fakes answer in the vendors' documented shape, and every request a drill makes
// is a declared call (ops/drills/*: CLOUDFLARE_DRILL_CALLS, NEON_DRILL_CALLS): a full run of
// each drill against its fake, every recorded request checked against the description.
import { afterAll, describe, expect, it } from "vitest";
import { loadEnvironments } from "../../../config/load";
import type { RestCall } from "../../../contracts/call";
import { main } from "../../../ops/drills/cli";
import { CLOUDFLARE_DRILL_CALLS } from "../../../vendors/cloudflare/pools";
import { NEON_DRILL_CALLS } from "../../../vendors/neon/branches";
import { originTargets } from "../../../ops/smoke-targets";
import { loadDescription, requestProblems } from "../../contracts/support/openapi";
import { bundledInputs, sourcesOf } from "../../support/configs";
import { cloudflareFake, edgeFake, type Fake, neonFake, originFake, type Recorded } from "./fakes";

const open: Fake[] = [];
afterAll(async () => {
  await Promise.all(open.map((f) => f.close()));
});

function problems(vendor: string, calls: readonly RestCall[], requests: Recorded[]): string[] {
  const description = loadDescription(vendor);
  return requests.flatMap((r) => {
    const url = new URL(r.path, "http://x");
    const ok = (r.status ?? 0) >= 200 && (r.status ?? 0) < 300;
    return requestProblems(description, calls, {
      method: r.method,
      path: decodeURIComponent(url.pathname),
      query: [...new Set(url.searchParams.keys())],
      body: r.body === "" ? undefined : (JSON.parse(r.body) as unknown),
      status: ok ? 200 : (r.status ?? 0),
      reply: r.reply ? (JSON.parse(r.reply) as unknown) : undefined,
    });
  });
}

describe("the drills' requests and their fakes' replies against the vendors' descriptions", () => {
  const environments = loadEnvironments(sourcesOf(bundledInputs()));

  it("failover: Cloudflare pools", async () => {
    const production = environments.find((e) => e.name === "production");
    const cf = await cloudflareFake(production?.cloudflare.accountId ?? "", [
      { id: "0123456789abcdef0123456789abcdef", name: "api-neuropilot-ai-us-east", enabled: true, region: "us-east" },
      { id: "fedcba9876543210fedcba9876543210", name: "api-neuropilot-ai-us-west", enabled: true, region: "us-west" },
    ]);
    const edge = await edgeFake(cf);
    const origin = await originFake();
    open.push(cf, edge, origin);
    const code = await main(
      ["failover", "production", "--yes", "--url", edge.url, "--interval-ms", "100", "--stable-probes", "1"],
      {
        env: { CLOUDFLARE_API_TOKEN: "t".repeat(30), CLOUDFLARE_API_BASE_URL: cf.url },
        interactive: false,
        print: () => {},
        environments: () => environments,
        originTargets: (config) => originTargets(config).map((t) => ({ ...t, baseUrl: origin.url })),
      },
    );
    expect(code).toBe(0);
    expect(cf.requests.map((r) => r.method)).toEqual(["GET", "PATCH", "PATCH"]);
    expect(problems("cloudflare", CLOUDFLARE_DRILL_CALLS, cf.requests)).toEqual([]);
  });

  it("restore: Neon branches", async () => {
    const neon = await neonFake();
    neon.endpointHost = "127.0.0.1";
    open.push(neon);
    const code = await main(["restore", "staging", "--yes", "--interval-ms", "100", "--timeout-s", "1"], {
      env: { NEON_API_KEY: "k".repeat(30), NEON_API_BASE_URL: neon.url },
      interactive: false,
      print: () => {},
      environments: () => environments,
      postgresPort: 9, // refused at once: this test is about the calls, not readiness
    });
    expect(code).toBe(1);
    expect(new Set(neon.requests.map((r) => `${r.method} ${new URL(r.path, "http://x").pathname}`))).toEqual(
      new Set([
        "GET /projects",
        "GET /projects/quiet-cell-12345678/branches",
        "POST /projects/quiet-cell-12345678/branches",
        "GET /projects/quiet-cell-12345678/endpoints/ep-drill-1",
        "DELETE /projects/quiet-cell-12345678/branches/br-drill-1",
      ]),
    );
    expect(problems("neon", NEON_DRILL_CALLS, neon.requests)).toEqual([]);
  });
});
