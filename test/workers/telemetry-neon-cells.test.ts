// The Worker's Neon cost covers every cell's project (one Neon project per cell): one
// consumption request naming each project (project_ids repeated), usage summed over the
// listed projects only.
import { describe, expect, it } from "vitest";
import { parseTelemetry, type TelemetryConfig } from "../../workers/autoheal/src/telemetry/config";
import { monthOf, readNeonUsage } from "../../workers/autoheal/src/telemetry/usage";

const NOW = Date.UTC(2026, 0, 10);

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

const project = (id: string, cuSeconds: number, bytes: number) => ({
  project_id: id,
  periods: [
    {
      period_id: "p",
      consumption: [
        {
          metrics: [
            { metric_name: "compute_unit_seconds", value: cuSeconds },
            { metric_name: "root_branch_bytes_month", value: bytes },
          ],
        },
      ],
    },
  ],
});

describe("Neon usage across cells", () => {
  it("asks once for every listed project and sums theirs only", async () => {
    const urls: string[] = [];
    const fetcher = async (url: string): Promise<Response> => {
      urls.push(url);
      const body = { projects: [project("np-us", 100, 10), project("np-eu", 50, 5), project("other", 1000, 1000)] };
      return new Response(JSON.stringify({ ...body, pagination: { cursor: "" } }), { status: 200 });
    };
    const outcome = await readNeonUsage(
      config(["np-us", "np-eu"]),
      "https://neon.example/api/v2",
      "key",
      monthOf(NOW),
      NOW,
      fetcher,
    );
    expect(outcome).toEqual({ ok: true, value: { computeUnitSeconds: 150, storageByteMonths: 15 } });
    expect(urls).toHaveLength(1);
    const url = new URL(urls[0]);
    expect(url.pathname).toBe("/api/v2/consumption_history/v2/projects");
    expect(url.searchParams.getAll("project_ids")).toEqual(["np-us", "np-eu"]);
    expect(url.searchParams.get("org_id")).toBe("org-1");
    expect(url.searchParams.get("limit")).toBe("2");
  });

  it("rejects a config without a Neon project", () => {
    const raw = JSON.parse(JSON.stringify(config([]))) as Record<string, unknown>;
    expect(() => parseTelemetry(raw)).toThrow(
      "CONFIG.telemetry.neonProjectIds must be a non-empty list of non-empty strings",
    );
    expect(() => parseTelemetry({ ...raw, neonProjectIds: ["np", ""] })).toThrow(/neonProjectIds/);
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `np-${i}`);
    expect(parseTelemetry({ ...raw, neonProjectIds: ids(100) })?.neonProjectIds).toHaveLength(100);
    expect(() => parseTelemetry({ ...raw, neonProjectIds: ids(101) })).toThrow(
      "CONFIG.telemetry.neonProjectIds holds 101 ids; at most 100",
    );
  });
});
