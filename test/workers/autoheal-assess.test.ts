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
import { emptyRegionState, type RegionState } from "../../workers/autoheal/src/state";

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

  it("is slow only above the latency threshold, and only with a full window", () => {
    const full = (ms: number) => state({ samples: [ok(ms), ok(ms), ok(ms), ok(ms)] });
    expect(assessRegion(full(101), config()).slow).toBe(true);
    expect(assessRegion(full(100), config()).slow).toBe(false);
    // One sample short of probesPerRun × windowRuns: not judged yet.
    expect(assessRegion(state({ samples: [ok(500), ok(500), ok(500)] }), config()).slow).toBe(false);
    // Failed probes do not count towards the median.
    const mixed = state({ samples: [ok(50), ok(50), ok(50), failed] });
    expect(assessRegion(mixed, config()).medianMs).toBe(50);
    // A probe marked ok without a time is not an answer either.
    const noTime = state({ samples: [ok(50), ok(50), ok(50), { at: NOW, ok: true, ms: null }] });
    expect(assessRegion(noTime, config()).medianMs).toBe(50);
  });

  it("is erroring only above the error-rate threshold, and only with a full window", () => {
    const withFailures = (n: number) => state({ samples: [...Array(4 - n).fill(ok(10)), ...Array(n).fill(failed)] });
    expect(assessRegion(withFailures(2), config()).errorRatePct).toBe(50);
    expect(assessRegion(withFailures(2), config()).erroring).toBe(false);
    expect(assessRegion(withFailures(3), config()).errorRatePct).toBe(75);
    expect(assessRegion(withFailures(3), config()).erroring).toBe(true);
    expect(assessRegion(state({ samples: [failed, failed, failed] }), config()).erroring).toBe(false);
    expect(assessRegion(state(), config()).errorRatePct).toBeNull();
    expect(assessRegion(state(), config()).medianMs).toBeNull();
  });

  it("a window with no answered probe is not slow", () => {
    expect(assessRegion(state({ samples: [failed, failed, failed, failed] }), config()).slow).toBe(false);
  });

  it("takes the median of successful answers only: a failed probe's response time does not count", () => {
    // A 500 answered slowly (ok false, ms set) must not make the region slow or fast.
    const slowError: Sample = { at: NOW, ok: false, ms: 9000 };
    const health = assessRegion(state({ samples: [ok(40), ok(60), slowError, slowError, slowError] }), config());
    expect(health.medianMs).toBe(50);
    expect(health.slow).toBe(false);
    // A success without a timing (ms null) is not an answer either.
    const untimed: Sample = { at: NOW, ok: true, ms: null };
    expect(assessRegion(state({ samples: [untimed, untimed, ok(150)] }), config()).medianMs).toBe(150);
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
    expect(reasonOf(health({ slow: true, medianMs: 250 }), c)).toBe(
      "slow: median probe latency 250ms (threshold 100ms)",
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
