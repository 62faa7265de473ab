// The Worker's pure decisions, unit by unit: every threshold exactly at its value and one
// past it (the Miniflare scenarios in autoheal.test.ts exercise them end to end).
import { describe, expect, it } from "vitest";
import type { AutohealConfig } from "../../workers/autoheal/src/config";
import {
  assessRegion,
  decideRestart,
  isHealthy,
  median,
  reasonOf,
  type RegionHealth,
  shouldPurge,
} from "../../workers/autoheal/src/assess";
import type { Sample } from "../../workers/autoheal/src/probe";
import { emptyRegionState, recordRun, type RegionState } from "../../workers/autoheal/src/state";

const MINUTE = 60_000;
const NOW = 1_800_000_000_000;

function config(overrides: Partial<AutohealConfig> = {}): AutohealConfig {
  return {
    environment: "production",
    dryRun: false,
    enableAutoRestart: true,
    expectedStatus: 200,
    probeTimeoutMs: 5000,
    probesPerRun: 2,
    windowRuns: 2,
    latencyThresholdMs: 100,
    errorRateThresholdPct: 50,
    consecutiveFailures: 3,
    cooldownMinutes: 10,
    maxRestartsPerHour: 2,
    purge: { mode: "hosts", zoneId: "zone", hosts: ["example.com"] },
    railwayTokenKind: "project",
    regions: [],
    ...overrides,
  };
}

const ok = (ms: number): Sample => ({ at: NOW, ok: true, ms });
const failed: Sample = { at: NOW, ok: false, ms: null };
const state = (overrides: Partial<RegionState> = {}): RegionState => ({ ...emptyRegionState(), ...overrides });
const health = (overrides: Partial<RegionHealth> = {}): RegionHealth => ({
  down: false,
  slow: false,
  erroring: false,
  medianMs: 10,
  errorRatePct: 0,
  answered: 0,
  slowAnswers: 0,
  ...overrides,
});

describe("median", () => {
  it("is null for no values, the middle for odd counts and the mean of the middle two for even", () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([30, 10, 20])).toBe(20);
    expect(median([40, 10, 30, 20])).toBe(25);
    // Numeric, not lexicographic, order.
    expect(median([100, 9, 20])).toBe(20);
  });
});

describe("assessRegion", () => {
  it("is down exactly at consecutiveFailures, not one before", () => {
    expect(assessRegion(state({ consecutiveFailures: 3 }), config()).down).toBe(true);
    expect(assessRegion(state({ consecutiveFailures: 2 }), config()).down).toBe(false);
  });

  it("is slow when more than half of a full window's answered probes are slower than the threshold", () => {
    // The window keeps one mark per probe: "." in time, "s" slower than the threshold, "x" failed.
    expect(assessRegion(state({ window: "ss.." }), config()).slow).toBe(false); // exactly half: not slow
    expect(assessRegion(state({ window: "sss." }), config()).slow).toBe(true); // one past half
    expect(assessRegion(state({ window: "ssxx" }), config()).slow).toBe(true); // failed probes are not answers
    expect(assessRegion(state({ window: "s.xx" }), config()).slow).toBe(false);
    // One probe short of probesPerRun × windowRuns: not judged yet.
    expect(assessRegion(state({ window: "sss" }), config()).slow).toBe(false);
    expect(assessRegion(state({ window: "sss." }), config())).toMatchObject({ answered: 4, slowAnswers: 3 });
  });

  it("reports the median latency of this run's answered probes", () => {
    const run = [ok(40), ok(60), failed, { at: NOW, ok: true, ms: null }];
    expect(assessRegion(state({ window: "...." }), config(), run).medianMs).toBe(50);
    expect(assessRegion(state(), config()).medianMs).toBeNull();
  });

  it("is erroring only above the error-rate threshold, and only with a full window", () => {
    expect(assessRegion(state({ window: "..xx" }), config()).errorRatePct).toBe(50);
    expect(assessRegion(state({ window: "..xx" }), config()).erroring).toBe(false);
    expect(assessRegion(state({ window: ".xxx" }), config()).errorRatePct).toBe(75);
    expect(assessRegion(state({ window: ".xxx" }), config()).erroring).toBe(true);
    expect(assessRegion(state({ window: "xxx" }), config()).erroring).toBe(false);
    expect(assessRegion(state(), config()).errorRatePct).toBeNull();
  });

  it("a window with no answered probe is not slow", () => {
    expect(assessRegion(state({ window: "xxxx" }), config()).slow).toBe(false);
  });
});

describe("recordRun", () => {
  const settings = { probesPerRun: 2, windowRuns: 2, latencyThresholdMs: 100, consecutiveFailures: 3 };

  it("marks probes against the threshold (at it is in time) and keeps the last probesPerRun × windowRuns", () => {
    const next = recordRun(state({ window: "xxs." }), [ok(100), ok(101)], settings, NOW);
    expect(next.window).toBe("s..s");
    // A failed probe that was answered slowly is a failure, not a slow answer.
    expect(recordRun(state(), [{ at: NOW, ok: false, ms: 9000 }, failed], settings, NOW).window).toBe("xx");
  });

  it("counts failed runs up to the threshold only, so a long outage leaves the record unchanged", () => {
    const twice = recordRun(state({ consecutiveFailures: 2, window: "xxxx" }), [failed, failed], settings, NOW);
    expect(twice.consecutiveFailures).toBe(3);
    expect(recordRun(twice, [failed, failed], settings, NOW)).toEqual(twice);
    expect(recordRun(twice, [failed, ok(10)], settings, NOW).consecutiveFailures).toBe(0);
  });

  it("leaves a healthy region's state exactly as it was: nothing to write", () => {
    const steady = state({ window: "...." });
    expect(recordRun(steady, [ok(12), ok(87)], settings, NOW)).toEqual(steady);
  });

  it("drops restarts older than an hour, keeps one exactly an hour minus 1 ms old", () => {
    const restarts = [NOW - 60 * MINUTE, NOW - 60 * MINUTE + 1];
    expect(recordRun(state({ restarts }), [], settings, NOW).restarts).toEqual([NOW - 60 * MINUTE + 1]);
  });
});

describe("isHealthy and reasonOf", () => {
  it("is healthy only when neither down, slow nor erroring", () => {
    expect(isHealthy(health())).toBe(true);
    expect(isHealthy(health({ down: true }))).toBe(false);
    expect(isHealthy(health({ slow: true }))).toBe(false);
    expect(isHealthy(health({ erroring: true }))).toBe(false);
  });

  it("names the worst condition with its threshold", () => {
    const c = config();
    expect(reasonOf(health({ down: true, erroring: true }), c)).toBe("down: every probe failed for 3 runs in a row");
    expect(reasonOf(health({ erroring: true, slow: true, errorRatePct: 75 }), c)).toBe(
      "error spike: 75.0% of probes failed (threshold 50%)",
    );
    expect(reasonOf(health({ slow: true, medianMs: 250, answered: 4, slowAnswers: 3 }), c)).toBe(
      "slow: median probe latency above 100ms (3 of 4 answered probes in the window slower; this run's median 250ms)",
    );
    expect(reasonOf(health({ slow: true, medianMs: null, answered: 4, slowAnswers: 3 }), c)).toBe(
      "slow: median probe latency above 100ms (3 of 4 answered probes in the window slower)",
    );
  });
});

describe("decideRestart", () => {
  const sick = health({ down: true });

  it("does nothing for a healthy region", () => {
    expect(decideRestart(state(), health(), config(), NOW)).toEqual({ kind: "healthy" });
  });

  it("holds and escalates when auto-restart is disabled", () => {
    expect(decideRestart(state(), sick, config({ enableAutoRestart: false }), NOW)).toMatchObject({
      kind: "hold",
      why: "disabled",
      escalate: true,
    });
  });

  it("holds at the hourly cap exactly, redeploys one below it", () => {
    const atCap = state({ restarts: [NOW - 50 * MINUTE, NOW - 40 * MINUTE] });
    expect(decideRestart(atCap, sick, config(), NOW)).toMatchObject({ kind: "hold", why: "cap", escalate: true });
    const belowCap = state({ restarts: [NOW - 50 * MINUTE] });
    expect(decideRestart(belowCap, sick, config(), NOW).kind).toBe("redeploy");
  });

  it("holds inside the cooldown, redeploys exactly at its end", () => {
    const recent = (ago: number) => state({ lastRestartAt: NOW - ago });
    expect(decideRestart(recent(10 * MINUTE - 1), sick, config(), NOW)).toEqual({
      kind: "hold",
      reason: "down: every probe failed for 3 runs in a row",
      why: "cooldown",
      escalate: false,
    });
    expect(decideRestart(recent(10 * MINUTE), sick, config(), NOW)).toEqual({
      kind: "redeploy",
      reason: "down: every probe failed for 3 runs in a row",
    });
    expect(decideRestart(state({ lastRestartAt: null }), sick, config(), NOW).kind).toBe("redeploy");
  });
});

describe("shouldPurge", () => {
  const spike = [health(), health({ erroring: true })];

  it("purges on an error spike once the cooldown has passed, exactly at its end", () => {
    expect(shouldPurge(spike, null, config(), NOW)).toBe(true);
    expect(shouldPurge(spike, NOW - 10 * MINUTE, config(), NOW)).toBe(true);
    expect(shouldPurge(spike, NOW - 10 * MINUTE + 1, config(), NOW)).toBe(false);
  });

  it("does not purge without a spike or with purging off", () => {
    expect(shouldPurge([health(), health({ slow: true })], null, config(), NOW)).toBe(false);
    expect(shouldPurge(spike, null, config({ purge: { mode: "off", zoneId: "", hosts: [] } }), NOW)).toBe(false);
  });
});
