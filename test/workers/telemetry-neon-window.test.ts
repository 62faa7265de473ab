// The Worker's Neon consumption window against a fake that applies the rule Neon's description
// states (@neondatabase/api-client 2.7.3, public-v2-for-users.gen.yaml, parameters `from` and
// `to` of GET /consumption_history/v2/projects): both are rounded down to the granularity, and
// consumption comes back per slot in [from, to). Monthly with `to` = now asked for an empty
// window and priced the month at $0; a project with no data must never read as $0.
import { describe, expect, it } from "vitest";
import type { TelemetryConfig } from "../../workers/autoheal/src/telemetry/config";
import { monthOf, nextUtcMidnight, readNeonUsage } from "../../workers/autoheal/src/telemetry/usage";
import { loadDescription, requestProblems } from "../contracts/support/openapi";
import { NEON_USAGE_CALLS } from "../../workers/autoheal/src/telemetry/usage";

const DAY = 86_400_000;
const CU_PER_DAY = 3600;

function config(neonProjectIds: string[]): TelemetryConfig {
  return {
    pushUrl: "https://push.example/api/v1/push/influx/write",
    pushUser: "1",
    timeoutMs: 1000,
    railwayProjectId: "rw",
    neonProjectIds,
    neonOrgId: "org-1",
    prices: {
      railwayVcpuMonthUsd: 20,
      railwayMemoryGbMonthUsd: 10,
      railwayPlanFeeUsd: 5,
      railwayIncludedUsageUsd: 5,
      neonCuHourUsd: 0.14,
      neonStorageGbMonthUsd: 0.35,
      fixedMonthlyUsd: 30,
    },
  };
}

function floorTo(granularity: string, at: number): number {
  const d = new Date(at);
  if (granularity === "monthly") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  if (granularity === "daily") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return Math.floor(at / 3_600_000) * 3_600_000;
}

/** Neon's consumption API as documented; `served` lists the projects it has data for, usage accrued up to `now`. */
function neonFake(now: number, served: string[]) {
  const problems: string[] = [];
  const description = loadDescription("neon");
  const fetcher = async (input: string): Promise<Response> => {
    const url = new URL(input);
    const granularity = url.searchParams.get("granularity") ?? "";
    const from = floorTo(granularity, Date.parse(url.searchParams.get("from") ?? ""));
    const to = Math.min(
      floorTo(granularity, Date.parse(url.searchParams.get("to") ?? "")),
      floorTo(granularity, now) + DAY * 31,
    );
    const slots: Array<{ start: number; end: number }> = [];
    for (let start = from; start < to;) {
      const d = new Date(start);
      const end =
        granularity === "monthly"
          ? Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)
          : start + (granularity === "daily" ? DAY : 3_600_000);
      // Usage exists only up to now: a slot in the future holds nothing yet.
      if (start < now) slots.push({ start, end });
      start = end;
    }
    const projects = url.searchParams
      .getAll("project_ids")
      .filter((id) => served.includes(id))
      .map((id) => ({
        project_id: id,
        periods: [
          {
            period_id: "5b8ab0b1-1111-4222-8333-444455556666",
            period_plan: "launch",
            period_start: "2026-01-01T00:00:00Z",
            consumption: slots.map((s) => ({
              timeframe_start: new Date(s.start).toISOString(),
              timeframe_end: new Date(s.end).toISOString(),
              metrics: [
                {
                  metric_name: "compute_unit_seconds",
                  value: Math.round((CU_PER_DAY * (Math.min(s.end, now) - s.start)) / DAY),
                },
                { metric_name: "root_branch_bytes_month", value: 10 },
              ],
            })),
          },
        ],
      }));
    const body = { projects, pagination: { cursor: "next" } };
    problems.push(
      ...requestProblems(description, NEON_USAGE_CALLS, {
        method: "GET",
        path: url.pathname.replace(/^\/api\/v2/, ""),
        query: [...new Set(url.searchParams.keys())],
        status: 200,
        reply: body,
      }),
    );
    return new Response(JSON.stringify(body), { status: 200 });
  };
  return { fetcher, problems };
}

describe("Neon consumption window", () => {
  // 2026-01-10 15:30 UTC: nine full days and fifteen and a half hours into January.
  const NOW = Date.UTC(2026, 0, 10, 15, 30);

  it("asks daily up to the next UTC midnight, so the month so far comes back", async () => {
    const fake = neonFake(NOW, ["np"]);
    const outcome = await readNeonUsage(
      config(["np"]),
      "https://neon.test/api/v2",
      "key",
      monthOf(NOW),
      NOW,
      fake.fetcher,
    );
    const expected = Math.round(CU_PER_DAY * 9) + Math.round((CU_PER_DAY * 15.5) / 24);
    expect(outcome).toEqual({ ok: true, value: { computeUnitSeconds: expected, storageByteMonths: 100 } });
    expect(fake.problems).toEqual([]);
  });

  it("on the month's first hours still covers today", async () => {
    const first = Date.UTC(2026, 1, 1, 0, 10);
    const fake = neonFake(first, ["np"]);
    const outcome = await readNeonUsage(
      config(["np"]),
      "https://neon.test/api/v2",
      "key",
      monthOf(first),
      first,
      fake.fetcher,
    );
    expect(outcome).toEqual({
      ok: true,
      value: { computeUnitSeconds: Math.round(CU_PER_DAY / 144), storageByteMonths: 10 },
    });
  });

  it("never prices a project without data as $0: the read fails instead", async () => {
    const fake = neonFake(NOW, ["np-us"]);
    const outcome = await readNeonUsage(
      config(["np-us", "np-eu"]),
      "https://neon.test/api/v2",
      "key",
      monthOf(NOW),
      NOW,
      fake.fetcher,
    );
    expect(outcome).toMatchObject({ ok: false, kind: "malformed" });
  });

  it("the next UTC midnight: one past the day, exactly a day after a midnight", () => {
    expect(nextUtcMidnight(NOW).toISOString()).toBe("2026-01-11T00:00:00.000Z");
    expect(nextUtcMidnight(Date.UTC(2026, 0, 10)).toISOString()).toBe("2026-01-11T00:00:00.000Z");
    expect(nextUtcMidnight(Date.UTC(2026, 0, 31, 23, 59, 59, 999)).toISOString()).toBe("2026-02-01T00:00:00.000Z");
  });
});
