// The drills' metrics: every series a drill emits is declared in DRILL_METRICS with exactly
// its labels, in the Worker's line format (Grafana Cloud turns `m,tags field=v` into
// `m_field`), and the push happens only with a token and a URL.
import { describe, expect, it } from "vitest";
import { loadEnvironments } from "../../../config/load";
import { DRILL_METRICS } from "../../../ops/drills/metrics";
import { drillPoints, publishOutcome, pushTarget } from "../../../ops/drills/telemetry";
import { bundledInputs, sourcesOf } from "../../support/configs";

describe("drill metrics", () => {
  it("declares every emitted series with exactly its labels", () => {
    const points = [
      ...drillPoints({
        environment: "production",
        drill: "failover",
        success: true,
        detectionSeconds: 12.5,
        recoverySeconds: 14,
      }),
      ...drillPoints({ environment: "staging", drill: "restore", success: false, restoreSeconds: 61.2 }),
    ];
    const declared = new Map(DRILL_METRICS.map((m) => [m.name, [...m.labels].sort()]));
    for (const p of points) expect(Object.keys(p.labels).sort(), p.name).toEqual(declared.get(p.name as never));
    expect(new Set(points.map((p) => p.name))).toEqual(new Set(declared.keys()));
  });

  it("counts a run as 1 for its result and 0 for the other; leaves out what was not measured", () => {
    const points = drillPoints({ environment: "staging", drill: "restore", success: false });
    expect(points).toEqual([
      {
        name: "neuropilot_drill_runs",
        labels: { environment: "staging", drill: "restore", result: "success" },
        value: 0,
      },
      {
        name: "neuropilot_drill_runs",
        labels: { environment: "staging", drill: "restore", result: "failure" },
        value: 1,
      },
    ]);
  });

  it("prints the Worker's line format when there is nowhere to push", async () => {
    const result = await publishOutcome(
      { environment: "production", drill: "failover", success: true, detectionSeconds: 3.2, recoverySeconds: 4 },
      undefined,
      { nowMs: 1_765_000_000_000, timeoutMs: 1000 },
    );
    expect(result).toEqual({
      pushed: false,
      reason: "no GRAFANA_PUSH_TOKEN (in CI: the environment's CI_METRICS_PUSH_TOKEN secret)",
      lines: [
        "neuropilot_drill,drill=failover,environment=production,result=success runs=1 1765000000000000000",
        "neuropilot_drill,drill=failover,environment=production,result=failure runs=0 1765000000000000000",
        "neuropilot_drill_detection,environment=production seconds=3.2 1765000000000000000",
        "neuropilot_drill_recovery,environment=production seconds=4 1765000000000000000",
      ].join("\n"),
    });
  });

  it("pushes only with a token, to the Worker's endpoint, else the Grafana stack's, else the environment's", () => {
    const [staging, production] = loadEnvironments(sourcesOf(bundledInputs()));
    const token = "push-" + "t".repeat(20);
    expect(pushTarget({}, production)).toBeUndefined();
    expect(pushTarget({ GRAFANA_PUSH_TOKEN: token }, production)).toEqual({
      url: production.autoheal.telemetry?.pushUrl,
      user: production.autoheal.telemetry?.pushUser,
      token,
    });
    // Staging has no Worker telemetry: the push goes where production's Worker pushes (the shared stack).
    expect(staging.autoheal.telemetry).toBeUndefined();
    expect(pushTarget({ GRAFANA_PUSH_TOKEN: token }, staging)).toEqual({
      url: "https://prometheus-prod-13-prod-us-east-0.grafana.net/api/v1/push/influx/write",
      user: staging.grafana.prometheusUser,
      token,
    });
    expect(pushTarget({ GRAFANA_PUSH_TOKEN: token }, staging)?.url).toBe(production.autoheal.telemetry?.pushUrl);
    expect(
      pushTarget(
        {
          GRAFANA_PUSH_TOKEN: token,
          GRAFANA_PUSH_URL: "https://x.example/api/v1/push/influx/write",
          GRAFANA_PUSH_USER: "42",
        },
        production,
      ),
    ).toEqual({ url: "https://x.example/api/v1/push/influx/write", user: "42", token });
  });

  it("reports a failed push instead of throwing", async () => {
    const result = await publishOutcome(
      { environment: "staging", drill: "restore", success: true, restoreSeconds: 1 },
      { url: "http://127.0.0.1:9/api/v1/push/influx/write", user: "1", token: "push-" + "t".repeat(20) },
      { nowMs: 0, timeoutMs: 1000 },
    );
    expect(result.pushed).toBe(false);
    expect(result).toMatchObject({ reason: expect.stringMatching(/^Grafana push failed/) });
  });
});
