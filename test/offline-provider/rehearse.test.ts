// `npm run rehearse` as a test: every implemented step of the lifecycle passes against a
// fresh simulated account, with the pipeline's own scripts and the loopback GitHub API; the
// steps that wait on other branches are reported as pending, never as passed.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type StepResult, rehearse, resultTable } from "../../offline-provider/simulator/rehearse";
import { REHEARSAL_PR_UPDATE, rehearsalSources } from "../../config/examples/rehearsal";
import { synthesize } from "../../synthesize";

const work = mkdtempSync(join(tmpdir(), "np-rehearsal-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the rehearsal", () => {
  it("the PR variant changes only the staging suspend timeout", () => {
    const base = rehearsalSources("base");
    const pr = rehearsalSources("pr");
    const staging = (s: typeof base) =>
      s.find((x) => x.file === "config/staging.ts")?.value as { neon: { compute: { suspendTimeoutSeconds: number } } };
    expect(staging(base).neon.compute.suspendTimeoutSeconds).toBe(300);
    expect(staging(pr).neon.compute.suspendTimeoutSeconds).toBe(600);
    expect(pr.find((x) => x.file === "config/production.ts")?.value).toEqual(
      base.find((x) => x.file === "config/production.ts")?.value,
    );
  });

  it("the two later PRs each change one attribute of the staging compute on top of the first", () => {
    const compute = (v: Parameters<typeof rehearsalSources>[0]) =>
      (
        rehearsalSources(v).find((x) => x.file === "config/staging.ts")?.value as {
          neon: { compute: { maxCu: number; suspendTimeoutSeconds: number } };
        }
      ).neon.compute;
    expect([compute("pr").suspendTimeoutSeconds, compute("pr").maxCu]).toEqual([600, 1]);
    expect([compute("second-a").suspendTimeoutSeconds, compute("second-a").maxCu]).toEqual([900, 1]);
    expect([compute("second-b").suspendTimeoutSeconds, compute("second-b").maxCu]).toEqual([600, 2]);
    expect([compute("second-ab").suspendTimeoutSeconds, compute("second-ab").maxCu]).toEqual([900, 2]);
  });

  it("passes every implemented step and asserts the comment and the drift issue", async () => {
    const lines: string[] = [];
    const results: StepResult[] = await rehearse({
      work,
      synth: (variant, outdir) => void synthesize(rehearsalSources(variant), { backend: "local", outdir }),
      expectedUpdate: REHEARSAL_PR_UPDATE,
      log: (line) => lines.push(line),
      // The measured profile, for docs/simulator.md (where the time goes).
      profile: (p) => console.log(`rehearsal profile: ${JSON.stringify(p)}`),
    });
    expect(results.filter((r) => r.result === "fail")).toEqual([]);
    // Only adoption (the account is not yet seeded from the seed platform) is pending.
    expect(results.filter((r) => r.result === "pending").map((r) => r.step)).toEqual([
      "adopt the seed platform and apply the imports",
    ]);
    expect(results.filter((r) => r.result === "pass").map((r) => r.step)).toEqual([
      "deploy the platform to a fresh account",
      "re-plan every stack → no changes (plan-stacks.ts)",
      "pull request: config change → comment shows before → after",
      "merge → the reviewed digest matches → apply in order (reviewed-plan.ts)",
      "out-of-band change → the drift run opens one issue for that stack",
      "a replace-forcing change → the data-loss gate blocks it until labelled",
      "a replacement of the Neon project → prevent_destroy stops the plan",
      "two PRs planned against the same state, merged in turn → main refuses the second and posts the refusal",
    ]);
    expect(results.find((r) => r.step.startsWith("pull request"))?.detail).toBe(
      "neuropilot-staging: comment on #7 shows suspend_timeout_seconds: 300 → 600",
    );
    expect(results.find((r) => r.step.startsWith("merge →"))?.detail).toBe(
      "neuropilot-staging: verified against the record of #7, applied; re-plan clean",
    );
    expect(results.find((r) => r.step.startsWith("a replace-forcing"))?.detail).toMatch(
      /^\d+ neon_role replace planned; gate exit 1 without the label, 0 with it$/,
    );
    expect(results.find((r) => r.step.startsWith("a replacement of the Neon project"))?.detail).toBe(
      "plan failed: Instance cannot be destroyed (neon_project, prevent_destroy); nothing applied",
    );
    expect(results.find((r) => r.step.startsWith("two PRs"))?.detail).toMatch(
      /^#8 applied; #9 refused \(neon_endpoint\.\S+ changes differently\), refusal posted on #9$/,
    );
    expect(results.find((r) => r.step.startsWith("out-of-band"))?.detail).toMatch(
      /^issue #\d+ "Drift detected in neuropilot-staging"$/,
    );
    // One line per step, and the table names each step once.
    expect(lines).toHaveLength(results.length);
    const table = resultTable(results);
    for (const r of results) expect(table).toContain(`| ${r.step}`);
  }, 600_000);
});
