// neonComputeIssues: Neon's compute sizes and plan limits, one issue at a time and at the
// boundaries (equal min and max, one step over); scale to zero and protected branches by plan.
import { describe, expect, it } from "vitest";
import { neonComputeIssues, NEON_PROTECTED_BRANCHES, neonSuspendIssue, type NeonPlan } from "../../config/neon-limits";
import { type BundledInputs, bundledInputs, problemsAfter, sourcesOf } from "../support/configs";
import { resourcesOf, synthToTemp } from "../support/synth";

describe("neonComputeIssues", () => {
  it("reports only the size when a size is not a Neon compute, not also the order", () => {
    expect(neonComputeIssues("launch", { minCu: 3.5, maxCu: 2 })).toEqual([
      { key: "minCu", message: expect.stringMatching(/^3\.5 CU is not a Neon compute size/) },
    ]);
  });

  it("accepts minCu equal to maxCu and rejects minCu one step above it", () => {
    expect(neonComputeIssues("launch", { minCu: 2, maxCu: 2 })).toEqual([]);
    expect(neonComputeIssues("launch", { minCu: 3, maxCu: 2 })).toEqual([
      { key: "minCu", message: "minCu (3) must not exceed maxCu (2)" },
    ]);
  });
});

describe("neonSuspendIssue: scale to zero by plan", () => {
  const ok = (plan: NeonPlan, seconds: number) =>
    expect(neonSuspendIssue(plan, seconds), `${plan} ${seconds}`).toBeUndefined();
  const refused = (plan: NeonPlan, seconds: number) =>
    expect(neonSuspendIssue(plan, seconds), `${plan} ${seconds}`).toMatch(new RegExp(`got ${seconds}`));

  it("Free: only its fixed 5 minutes or Neon's default; never -1, one second either side refused", () => {
    ok("free", 0);
    ok("free", 300);
    for (const s of [-1, 299, 301, 60, 604_800]) refused("free", s);
    expect(neonSuspendIssue("free", -1)).toBe(
      "the Neon free plan always suspends after 5 minutes: use 300 or 0 (Neon's default), got -1",
    );
  });

  it("Launch: 5 minutes, Neon's default or never; any other timeout needs Scale", () => {
    for (const s of [0, 300, -1]) ok("launch", s);
    for (const s of [299, 301, 60, 600, 604_800]) refused("launch", s);
    expect(neonSuspendIssue("launch", 600)).toBe(
      "the Neon launch plan suspends after 5 minutes or never: use 300 (or 0, Neon's default) or -1 to disable scale to zero, got 600; other timeouts need the scale plan",
    );
  });

  it("Scale and Business: from 1 minute to never; 59 s refused, 60 s accepted", () => {
    for (const plan of ["scale", "business"] as const) {
      for (const s of [-1, 0, 60, 61, 300, 604_800]) ok(plan, s);
      for (const s of [1, 59]) refused(plan, s);
    }
    expect(neonSuspendIssue("scale", 59)).toBe(
      "the Neon scale plan suspends after 60 seconds at the earliest: use 60 or more, 0 (Neon's default) or -1 (never), got 59",
    );
  });

  it("config refuses a timeout the plan does not offer, naming the file and the path", () => {
    const message = problemsAfter((c) => {
      c.staging.neon.compute = { ...c.staging.neon.compute, suspendTimeoutSeconds: 600 };
    });
    expect(message).toContain(
      "config/staging.ts: staging.neon.compute.suspendTimeoutSeconds: the Neon launch plan suspends after 5 minutes or never",
    );
  });
});

describe("protected default branch by plan", () => {
  it("is available on every plan but Free", () => {
    expect(NEON_PROTECTED_BRANCHES).toEqual({ free: false, launch: true, scale: true, business: true });
  });

  it("the synthesised project protects its default branch on Launch and not on Free, whose API refuses it", () => {
    const project = (inputs: BundledInputs) => {
      const synth = synthToTemp(sourcesOf(inputs));
      try {
        return Object.values(resourcesOf(synth.stack("neuropilot-platform"), "neon_project"))[0];
      } finally {
        synth.cleanup();
      }
    };
    expect(project(bundledInputs()).default_branch_protected).toBe(true);
    const free = bundledInputs();
    for (const env of [free.staging, free.production]) {
      env.neon.plan = "free";
      env.neon.historyRetentionSeconds = 21_600;
      env.neon.compute = { ...env.neon.compute, maxCu: 2, suspendTimeoutSeconds: 300 };
    }
    expect(project(free).default_branch_protected).toBe(false);
  });
});
