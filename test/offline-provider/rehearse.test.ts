// `npm run rehearse` as a test: every step of the lifecycle passes against a simulated
// account seeded with the seed platform (adopted first, then imported), with the pipeline's
// own scripts and the loopback GitHub API; and what the run posted there — the plan
// comments, the refusal, the drift issue — says what it must.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { FakeComment, FakeIssue } from "../../offline-provider/simulator/github-api";
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
    expect(staging(pr).neon.compute.suspendTimeoutSeconds).toBe(0);
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
    expect([compute("pr").suspendTimeoutSeconds, compute("pr").maxCu]).toEqual([0, 1]);
    expect([compute("second-a").suspendTimeoutSeconds, compute("second-a").maxCu]).toEqual([300, 1]);
    expect([compute("second-b").suspendTimeoutSeconds, compute("second-b").maxCu]).toEqual([0, 2]);
    expect([compute("second-ab").suspendTimeoutSeconds, compute("second-ab").maxCu]).toEqual([300, 2]);
  });

  it("adopts the seed platform, passes every step, and posts the comments, refusal and drift issue it must", async () => {
    const lines: string[] = [];
    let comments: readonly FakeComment[] = [];
    let issues: readonly FakeIssue[] = [];
    const results: StepResult[] = await rehearse({
      work,
      synth: (variant, outdir, adoption) =>
        void synthesize(rehearsalSources(variant), { backend: "local", outdir, adoption }),
      expectedUpdate: REHEARSAL_PR_UPDATE,
      log: (line) => lines.push(line),
      posted: (github) => ({ comments, issues } = github),
      // The measured profile, for docs/simulator.md (where the time goes).
      profile: (p) => console.log(`rehearsal profile: ${JSON.stringify(p)}`),
    });
    expect(results.filter((r) => r.result === "fail")).toEqual([]);
    expect(results.map((r) => r.step)).toEqual([
      "adopt the seed platform and apply the imports",
      "re-plan every stack → no changes (plan-stacks.ts)",
      "pull request: config change → comment shows before → after",
      "merge → the reviewed digest matches → apply in order (reviewed-plan.ts)",
      "out-of-band change → the drift run opens one issue for that stack",
      "a replace-forcing change → the data-loss gate blocks it until labelled",
      "a replacement of the Neon project → prevent_destroy stops the plan",
      "two PRs planned against the same state, merged in turn → main refuses the second and posts the refusal",
    ]);
    // Every adopted resource imported, nothing replaced or destroyed (the step checks 0 destroyed).
    expect(results[0].detail).toMatch(
      /^(\d+) resources adopted and imported \(neuropilot-github \d+ imported, \d+ added, \d+ changed; neuropilot-platform \d+ imported, 0 added, \d+ changed; neuropilot-production \d+ imported, \d+ added, \d+ changed; neuropilot-staging \d+ imported, \d+ added, \d+ changed\)$/,
    );
    expect(results[1].detail).toBe("3 pipeline stacks and neuropilot-github: no changes");
    expect(results.find((r) => r.step.startsWith("pull request"))?.detail).toBe(
      "neuropilot-staging: comment on #7 shows suspend_timeout_seconds: 300 → 0",
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

    // What was posted: one sticky plan comment per PR, one refusal (on #9), one drift issue.
    const on = (pr: number) => comments.filter((c) => c.issue === pr).map((c) => c.body);
    expect(on(7)).toHaveLength(1);
    expect(on(7)[0]).toContain("suspend_timeout_seconds: 300 → 0");
    expect(on(7)[0]).toContain("<!-- neuropilot-reviewed-plan:");
    expect(on(7)[0]).not.toMatch(/must be replaced|CAUTION/);
    expect(on(8)).toHaveLength(1);
    // #8 and #9 are planned after the drift step left the live timeout at -1 (never), but as
    // plan-pr.yml plans them: no Neon key, -refresh=false. Their comments show the update
    // from the recorded 0 and no drift (docs/simulator.md, "PR plans do not refresh").
    expect(on(8)[0]).toContain("suspend_timeout_seconds: 0 → 300");
    expect(on(8)[0]).not.toMatch(/suspend_timeout_seconds: (?:-1 →|0 → -1)/);
    expect(on(9).filter((b) => !b.startsWith("<!-- neuropilot-refused:"))[0]).toContain(
      "autoscaling_limit_max_cu: 1 → 2",
    );
    const refusals = comments.filter((c) => c.body.startsWith("<!-- neuropilot-refused:"));
    expect(refusals.map((c) => c.issue)).toEqual([9]);
    expect(refusals[0].body).toContain(
      "### ⛔ `neuropilot-staging`: main's plan differs from the reviewed plan, so nothing was applied",
    );
    expect(refusals[0].body).toContain("- Reviewed: PR #9");
    expect(refusals[0].body).toMatch(/`approve` set to `neuropilot-staging=sha256:[0-9a-f]{64}`/);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      title: "Drift detected in neuropilot-staging",
      state: "open",
      labels: ["drift"],
    });
    expect(issues[0].body).toContain("suspend_timeout_seconds: -1 → 0");
    // One line per step, and the table names each step once.
    expect(lines).toHaveLength(results.length);
    const table = resultTable(results);
    for (const r of results) expect(table).toContain(`| ${r.step}`);
  }, 600_000);
});
