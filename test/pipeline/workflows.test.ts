// Structural rules for .github: pinned actions, least privilege, the names the GitHub
// stack relies on, and deploy order.
import { describe, expect, it } from "vitest";
import {
  APPLY_CREDENTIAL_SECRETS,
  DRIFT_ENVIRONMENT,
  DRIFT_REFRESH_SECRETS,
  PLACEHOLDER_PROVIDERS,
  PLAN_CREDENTIAL_SECRETS,
  PLAN_ENVIRONMENT,
  PLATFORM_ENVIRONMENT,
  REAPPROVE_ENVIRONMENT,
  CI_METRICS_PUSH_SECRET,
  RECORD_KEY_SECRET,
  RELEASE_CREDENTIAL_SECRETS,
  REQUIRED_PR_CHECKS,
  STATUS_ENVIRONMENT,
  TRUSTED_PLAN_APP_KEY_SECRET,
  TRUSTED_PLAN_CHECK,
} from "../../constructs/github/workflow-contract";
import { AUTOHEAL_SECRETS, autohealSecretName } from "../../constructs/cloudflare/autoheal-secrets";
import { PIPELINE_STACK_ORDER } from "../../pipeline/synth/stack-order";
import { actionFiles, jobPermissions, jobs, secretsReferenced, workflowFiles } from "./workflow-files";

const files = [...workflowFiles(), ...actionFiles()];
const byName = (name: string): string => {
  const file = workflowFiles().find((f) => f.name === name);
  if (!file) throw new Error(`${name} missing`);
  return file.text;
};

describe("actions", () => {
  it("pins every third-party action to a full commit SHA with its version in a comment", () => {
    const uses = files.flatMap((file) =>
      [...file.text.matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/gm)].map((m) => ({
        file: file.name,
        ref: m[1],
        rest: m[2],
      })),
    );
    expect(uses.length).toBeGreaterThan(10);
    for (const { file, ref, rest } of uses) {
      if (ref.startsWith("./")) continue;
      expect(ref, `${file}: ${ref}`).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      expect(rest, `${file}: ${ref}`).toMatch(/^\s+# v\d+\.\d+\.\d+$/);
    }
  });

  it("uses one version of each action everywhere", () => {
    const pins = new Map<string, Set<string>>();
    for (const file of files) {
      for (const m of file.text.matchAll(/uses:\s*([\w.-]+\/[\w.-]+)(?:\/[\w./-]+)?@([0-9a-f]{40})/g)) {
        pins.set(m[1], new Set([...(pins.get(m[1]) ?? []), m[2]]));
      }
    }
    for (const [action, shas] of pins) expect(shas.size, action).toBe(1);
  });
});

describe("permissions", () => {
  it("grants nothing by default and declares permissions on every job", () => {
    for (const file of workflowFiles()) {
      expect(file.text, file.name).toMatch(/^permissions: \{\}$/m);
      for (const [id, job] of jobs(file.text)) {
        expect(jobPermissions(job), `${file.name} job ${id}`).toBeDefined();
      }
    }
  });

  it("never gives a job holding provider credentials write access", () => {
    for (const file of workflowFiles()) {
      for (const [id, job] of jobs(file.text)) {
        const holdsCredentials = /secrets\.(?!GITHUB_TOKEN)/.test(job) || /secrets: inherit/.test(job);
        if (!holdsCredentials) continue;
        // Read-only: contents, and pull-requests for deploy.yml's record lookup (record key only);
        // statuses only for the status job, whose one secret is the trusted-plan app's key.
        const permissions = jobPermissions(job) ?? [];
        expect(permissions, `${file.name} job ${id}`).toContain("contents: read");
        const allowed = ["contents: read", "pull-requests: read"];
        if (secretsReferenced(job).every((name) => name === TRUSTED_PLAN_APP_KEY_SECRET))
          allowed.push("statuses: write");
        expect(
          permissions.filter((p) => !allowed.includes(p)),
          `${file.name} job ${id}`,
        ).toEqual([]);
        if (permissions.includes("pull-requests: read"))
          expect(secretsReferenced(job), `${file.name} job ${id}`).toEqual([RECORD_KEY_SECRET]);
      }
    }
  });

  it("limits write access to the jobs that post the PR comment and the drift issues", () => {
    const writers = workflowFiles().flatMap((file) =>
      [...jobs(file.text)].flatMap(([id, job]) =>
        (jobPermissions(job) ?? []).filter((p) => p.endsWith("write")).map((p) => `${file.name}:${id}:${p}`),
      ),
    );
    expect(writers.sort()).toEqual([
      "deploy.yml:refused:pull-requests: write",
      "drift.yml:issues:issues: write",
      "plan-pr.yml:report:pull-requests: write",
      "plan-pr.yml:status:statuses: write",
    ]);
  });
});

describe("contract with the GitHub stack", () => {
  it("names the required PR checks: pr.yml's verify job and the trusted plan's status", () => {
    expect(REQUIRED_PR_CHECKS).toEqual(["verify", TRUSTED_PLAN_CHECK]);
    expect(jobs(byName("pr.yml")).get("verify")).toMatch(/^ {4}name: verify$/m);
    // plan-pr.yml sets it (pipeline/commit-status.ts names it from the contract), after pr.yml.
    const status = jobs(byName("plan-pr.yml")).get("status") as string;
    expect(status).toContain('pipeline/commit-status.ts --sha "$HEAD_SHA"');
    expect(byName("plan-pr.yml")).toMatch(/^ {2}workflow_run:\n {4}workflows: \[pr\]\n {4}types: \[completed\]$/m);
    expect(byName("pr.yml")).toMatch(/^name: pr$/m);
  });

  it("reads only secrets the GitHub stack creates (TF_VAR_* ones: test/stacks/github-stack.test.ts)", () => {
    const created = new Set([
      ...[
        ...PLAN_CREDENTIAL_SECRETS,
        ...DRIFT_REFRESH_SECRETS,
        ...APPLY_CREDENTIAL_SECRETS,
        ...RELEASE_CREDENTIAL_SECRETS,
      ].map((s) => s.name),
      ...AUTOHEAL_SECRETS.map(autohealSecretName),
      RECORD_KEY_SECRET,
      CI_METRICS_PUSH_SECRET,
      // Created when config names a trusted-plan app (test/stacks/github-stack.test.ts).
      TRUSTED_PLAN_APP_KEY_SECRET,
    ]);
    for (const file of workflowFiles()) {
      for (const secret of secretsReferenced(file.text))
        expect(created.has(secret) || secret.startsWith("TF_VAR_"), `${file.name}: ${secret}`).toBe(true);
    }
  });

  it("keeps the CDK CLI name in one setting per workflow", () => {
    for (const file of workflowFiles()) {
      expect(file.text, file.name).not.toMatch(/npx (?:--no-install )?cdktf\b/);
      if (/\$CDK_CLI/.test(file.text)) expect(file.text, file.name).toMatch(/^ {2}CDK_CLI: cdktf$/m);
    }
  });
});

describe("deploy order and safety", () => {
  const deploy = byName("deploy.yml");
  const deployJobs = jobs(deploy);

  it("applies the pipeline stacks in order, each after the previous one", () => {
    const stackJobs = [...deployJobs].filter(([, job]) => /terraform-stack\.yml/.test(job));
    expect(stackJobs.map(([, job]) => /stack: (\S+)/.exec(job)?.[1])).toEqual([...PIPELINE_STACK_ORDER]);
    stackJobs.slice(1).forEach(([, job], index) => {
      expect(job).toMatch(new RegExp(`needs: \\[synth, reviewed, reapprove, ${stackJobs[index][0]}\\]`));
    });
  });

  it("runs one deploy pipeline at a time for the whole repository, queued and never cancelled", () => {
    expect(deploy).toMatch(/^concurrency:\n {2}group: deploy\n {2}cancel-in-progress: false$/m);
    // No per-job groups: those let a newer push's platform apply overtake an older production one.
    for (const [id, job] of deployJobs) expect(job, id).not.toContain("concurrency:");
    expect(byName("terraform-stack.yml")).not.toContain("concurrency:");
  });

  it("runs each apply in the stack's GitHub environment", () => {
    const environments = [...deployJobs.values()].flatMap((job) => /^ {6}environment: (\S+)/m.exec(job)?.[1] ?? []);
    expect(environments).toEqual([PLATFORM_ENVIRONMENT, "staging", "production"]);
    const apply = jobs(byName("terraform-stack.yml")).get("apply") as string;
    expect(apply).toContain("environment: ${{ inputs.environment }}");
  });

  it("applies only a plan it has just checked against the reviewed one, in the same job", () => {
    const stackJobs = jobs(byName("terraform-stack.yml"));
    const apply = stackJobs.get("apply") as string;
    const steps = [
      "pipeline/plan-stacks.ts --synth cdktf.out --out plans --lock-timeout 10m",
      "pipeline/reviewed-plan.ts verify --reviewed reviewed.json",
      "terraform apply -input=false -no-color -lock-timeout=10m tfplan",
    ].map((step) => apply.indexOf(step));
    expect(steps.every((at) => at > 0)).toBe(true);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    expect(apply).not.toMatch(/auto-approve|upload-artifact/);
    // The plan job refuses before any reviewer is asked.
    expect(stackJobs.get("plan")).toContain("pipeline/reviewed-plan.ts verify --reviewed reviewed.json");
    expect(deployJobs.get("reviewed")).toContain("pipeline/reviewed-plan.ts fetch --out reviewed.json");
    expect(deployJobs.get("reapprove")).toContain("APPROVE: ${{ inputs.approve }}");
    expect(deploy.match(/inputs\.approve/g)).toHaveLength(1);
  });

  it("records the backend's Sentry release from main only, in the environment, with the release token alone", () => {
    const release = byName("release.yml");
    const record = jobs(release).get("record") as string;
    expect(record).toMatch(/^ {4}environment: \$\{\{ inputs\.environment \}\}$/m);
    expect(record).toContain("if: github.ref != 'refs/heads/main'");
    expect(secretsReferenced(record)).toEqual(RELEASE_CREDENTIAL_SECRETS.map((s) => s.name));
    expect(record).toContain('npx --no-install tsx pipeline/sentry-release.ts --stack "$STACK" --commit "$COMMIT"');
    // The commit reaches the shell through the environment, never spliced into the script.
    expect(record).not.toMatch(/run: .*\$\{\{ inputs\./);
  });

  it("smoke-tests after the apply", () => {
    const smoke = jobs(byName("terraform-stack.yml")).get("smoke") as string;
    expect(smoke).toContain("needs: [plan, apply]");
    expect(smoke).toContain('npm run smoke -- "$STACK"');
  });

  it("never lets a PR plan take a workspace lock, and records the PR, head and base", () => {
    const plan = jobs(byName("plan-pr.yml")).get("plan") as string;
    expect(plan).toContain("--no-lock");
    // One process finds, vets and plans the changed stacks; the record key is not in its step.
    const planStep = plan
      .split(/\n(?= {6}- )/)
      .find((step) => step.includes("run-app.mjs pipeline/pr-plan.ts")) as string;
    expect(planStep).toContain(
      "node app-runner/run-app.mjs pipeline/pr-plan.ts --synth cdktf.out --base-synth base-cdktf.out",
    );
    expect(planStep).toContain("--no-lock");
    expect(planStep).not.toContain(RECORD_KEY_SECRET);
    expect(plan).not.toContain("pipeline/plan-stacks.ts");
    expect(plan).toContain('--record-pr "$PR" --record-head "$HEAD_SHA" --record-base "$BASE_SHA"');
  });

  it("re-approves only after a reviewer of the reapprove environment, before any stack job", () => {
    const reapprove = deployJobs.get("reapprove") as string;
    expect(reapprove).toMatch(new RegExp(`^ {4}environment: ${REAPPROVE_ENVIRONMENT}$`, "m"));
    expect(reapprove).toContain("if: github.event_name == 'workflow_dispatch'");
    expect(deployJobs.get("reviewed")).toContain("if: github.event_name == 'push'");
  });
});

describe("trust boundary", () => {
  const applyNames = new Set(APPLY_CREDENTIAL_SECRETS.map((s) => s.name));

  it("never passes every secret at once", () => {
    for (const file of workflowFiles()) expect(file.text, file.name).not.toMatch(/toJSON\(\s*secrets\s*\)/);
  });

  it("gives apply credentials only to jobs running in a deployment environment", () => {
    let applyJobs = 0;
    for (const file of workflowFiles()) {
      for (const [id, job] of jobs(file.text)) {
        const apply = secretsReferenced(job).filter((name) => applyNames.has(name));
        if (apply.length === 0) continue;
        applyJobs++;
        expect(job, `${file.name} job ${id}`).toMatch(/^ {4}environment: /m);
        expect(file.text, file.name).not.toMatch(/^ {2}pull_request/m);
      }
    }
    // deploy's apply job, worker-secrets.yml's on-demand run of its last step, and the two
    // drills (drill.yml: the Neon key for the restore drill, the Cloudflare token for failover).
    expect(applyJobs).toBe(4);
  });

  it("gives secrets only to jobs in an environment; plan credentials only in plan and drift, Neon and Railway keys only in drift", () => {
    for (const file of workflowFiles()) {
      for (const [id, job] of jobs(file.text)) {
        const secrets = secretsReferenced(job).filter((name) => name !== "GITHUB_TOKEN");
        if (secrets.length === 0) continue;
        // (A reusable-workflow call passes `secrets: inherit`; its own jobs are checked in its file.)
        expect(job, `${file.name} job ${id}`).toMatch(/^ {4}environment: /m);
        if (secrets.some((name) => name.startsWith("PLAN_")))
          expect(job, `${file.name} job ${id}`).toMatch(
            new RegExp(`^ {4}environment: (?:${PLAN_ENVIRONMENT}|${DRIFT_ENVIRONMENT})$`, "m"),
          );
        if (secrets.some((name) => DRIFT_REFRESH_SECRETS.some((s) => s.name === name)))
          expect(job, `${file.name} job ${id}`).toMatch(new RegExp(`^ {4}environment: ${DRIFT_ENVIRONMENT}$`, "m"));
      }
    }
    const trustedPlan = jobs(byName("plan-pr.yml")).get("plan") as string;
    for (const credential of PLAN_CREDENTIAL_SECRETS) {
      expect(trustedPlan).toContain(`${credential.env}: \${{ secrets.${credential.name} }}`);
    }
  });

  it("never lets terraform's environment hold the record key: only the render, fetch and verify steps get it", () => {
    for (const file of workflowFiles()) {
      for (const [id, job] of jobs(file.text)) {
        for (const step of job.split(/\n(?= {6}- )/)) {
          if (!step.includes(RECORD_KEY_SECRET)) continue;
          expect(step, `${file.name}:${id}`).toMatch(/pipeline\/(?:render-plan|reviewed-plan)\.ts/);
          expect(step, `${file.name}:${id}`).not.toMatch(/plan-stacks\.ts|pr-plan\.ts|terraform apply/);
        }
      }
    }
  });

  it("holds the record key only where a record is written or verified", () => {
    const holders = workflowFiles().flatMap((file) =>
      [...jobs(file.text)]
        .filter(([, job]) => secretsReferenced(job).includes(RECORD_KEY_SECRET))
        .map(([id]) => `${file.name}:${id}`),
    );
    expect(holders.sort()).toEqual([
      "deploy.yml:reviewed",
      "plan-pr.yml:plan",
      "terraform-stack.yml:apply",
      "terraform-stack.yml:plan",
    ]);
  });

  it("gives the auto-heal Worker's secrets only to environment jobs: the apply (checked before, set after) and the rotation", () => {
    const workerSecretNames = AUTOHEAL_SECRETS.map(autohealSecretName);
    const holders = workflowFiles().flatMap((file) =>
      [...jobs(file.text)]
        .filter(([, job]) => secretsReferenced(job).some((name) => workerSecretNames.includes(name)))
        .map(([id]) => `${file.name}:${id}`),
    );
    // The drills and the load test push with CI's own token (CI_METRICS_PUSH_TOKEN), not the Worker's.
    expect(holders.sort()).toEqual(["terraform-stack.yml:apply", "worker-secrets.yml:set"]);
    const apply = jobs(byName("terraform-stack.yml")).get("apply") as string;
    const rotate = jobs(byName("worker-secrets.yml")).get("set") as string;
    for (const job of [apply, rotate]) {
      expect(job).toMatch(/^ {4}environment: /m);
      for (const name of workerSecretNames) expect(job).toContain(`${name}: \${{ secrets.${name} }}`);
    }
    const check = apply.indexOf("pipeline/worker-secrets.ts --check");
    const applied = apply.indexOf("terraform apply ");
    const set = apply.lastIndexOf("pipeline/worker-secrets.ts --synth");
    expect(check).toBeGreaterThan(-1);
    expect(applied).toBeGreaterThan(check);
    expect(set).toBeGreaterThan(applied);
  });

  it("names the same TF_VAR_* inputs in every plan step", () => {
    const lists = workflowFiles().flatMap((file) =>
      [...jobs(file.text)]
        .map(([id, job]) => ({
          where: `${file.name}:${id}`,
          vars: secretsReferenced(job).filter((n) => n.startsWith("TF_VAR_")),
        }))
        .filter(({ vars }) => vars.length > 0),
    );
    expect(lists.map(({ where }) => where).sort()).toEqual([
      "drift.yml:detect",
      "plan-pr.yml:plan",
      "terraform-stack.yml:apply",
      "terraform-stack.yml:plan",
    ]);
    for (const { where, vars } of lists) expect(vars, where).toEqual(lists[0].vars);
  });
});

/** The events a workflow runs on (the keys under `on:`). */
function triggers(text: string): string[] {
  const block = /^on:\n((?: {2}.*\n|\n)+)/m.exec(text)?.[1] ?? "";
  return [...block.matchAll(/^ {2}([\w-]+):/gm)].map((m) => m[1]);
}

describe("untrusted synth, trusted plan (issue 25)", () => {
  const pullRequestFiles = workflowFiles().filter((file) =>
    triggers(file.text).some((t) => t.startsWith("pull_request")),
  );

  it("finds the pull-request workflow, and none on pull_request_target", () => {
    expect(pullRequestFiles.map((file) => file.name)).toEqual(["pr.yml"]);
    for (const file of workflowFiles()) expect(triggers(file.text), file.name).not.toContain("pull_request_target");
  });

  it("gives no job of a pull_request-triggered workflow any secret but GITHUB_TOKEN, nor write access", () => {
    for (const file of pullRequestFiles) {
      // The whole file, not only job blocks: workflow-level env could hold a secret too.
      expect(
        secretsReferenced(file.text).filter((name) => name !== "GITHUB_TOKEN"),
        file.name,
      ).toEqual([]);
      expect(file.text, file.name).not.toMatch(/secrets: inherit|environment:|id-token|toJSON\(\s*secrets/);
      expect(file.text, file.name).toMatch(/^permissions: \{\}$/m);
      for (const [id, job] of jobs(file.text)) {
        const permissions = jobPermissions(job) ?? [];
        expect(permissions.length, `${file.name} job ${id}`).toBeGreaterThan(0);
        for (const permission of permissions) expect(permission, `${file.name} job ${id}`).toMatch(/: read$/);
      }
    }
  });

  const trusted = byName("plan-pr.yml");
  const trustedJobs = jobs(trusted);

  it("plans without checking out, installing or running the PR's code", () => {
    // Every checkout is main's: no ref at all (a workflow_run checks out the default branch).
    const checkouts = [...trusted.matchAll(/uses: actions\/checkout@\S+.*\n((?: {8}.*\n)*)/g)];
    expect(checkouts.length).toBe(4); // ingest, plan, report, status
    for (const [, options] of checkouts) expect(options).not.toMatch(/\bref:|repository:/);
    // The PR's commit is named once (the status and the record's binding use $HEAD_SHA) and never checked out.
    expect(trusted.match(/workflow_run\.head_sha/g)).toHaveLength(2); // concurrency group + HEAD_SHA
    expect(trusted).not.toMatch(/head_branch|head_repository|workflow_run\.pull_requests|github\.head_ref/);
    // Installs come from main's lockfile through the composite action only, without lifecycle scripts.
    expect(trusted).not.toMatch(/npm (?:ci|install|i|run|exec)\b|npx (?!--no-install tsx (?:pipeline|scripts)\/)/);
    for (const job of trustedJobs.values()) {
      const installs = [
        ...job.matchAll(/uses: \.\/\.github\/actions\/node-deps\n {8}with:\n {10}ignore-scripts: "true"/g),
      ];
      expect(installs.length).toBe((job.match(/node-deps/g) ?? []).length);
    }
    // The artifact is read by the importer alone, never executed or sourced.
    const untrustedUses = [...trusted.matchAll(/^.*untrusted\/.*$/gm)].map((m) => m[0].trim());
    for (const line of untrustedUses)
      expect(line).toMatch(/^(?:path: untrusted\/(?:head|base)|.*pipeline\/import-synth\.ts --from untrusted\/)/);
    expect(trusted).not.toMatch(/(?:node|bash|sh|source|\.) (?:\.\/)?(?:untrusted|cdktf\.out|base-cdktf\.out)\//);
  });

  it("downloads the PR's artifacts only in a job that holds no secret, and plans only in the plan environment", () => {
    const ingest = trustedJobs.get("ingest") as string;
    expect(ingest).toContain("run-id: ${{ github.event.workflow_run.id }}");
    expect(secretsReferenced(ingest)).toEqual([]);
    for (const [id, job] of trustedJobs) {
      if (id !== "ingest") expect(job, id).not.toMatch(/name: synth-(?:head|base)/);
    }
    const plan = trustedJobs.get("plan") as string;
    expect(plan).toMatch(new RegExp(`^ {4}environment: ${PLAN_ENVIRONMENT}$`, "m"));
    expect(jobPermissions(plan)).toEqual(["contents: read"]);
    expect(secretsReferenced(trustedJobs.get("report") as string)).toEqual([]);
    expect(trustedJobs.get("status")).not.toContain("download-artifact");
  });

  it("sets the required check in its own job: the trusted-plan app's key in its environment, its token for the status alone", () => {
    const status = trustedJobs.get("status") as string;
    expect(status).toMatch(new RegExp(`^ {4}environment: ${STATUS_ENVIRONMENT}$`, "m"));
    expect(jobPermissions(status)).toEqual(["contents: read", "statuses: write"]);
    expect(secretsReferenced(status)).toEqual([TRUSTED_PLAN_APP_KEY_SECRET]);
    const steps = status.split(/\n(?= {6}- )/);
    const tokenStep = steps.find((step) => step.includes("actions/create-github-app-token@")) as string;
    // The app named in main's config (the ruleset requires the check from it), statuses only.
    expect(tokenStep).toContain("if: steps.app.outputs.id != ''");
    expect(tokenStep).toContain("app-id: ${{ steps.app.outputs.id }}");
    expect(tokenStep).toContain("permission-statuses: write");
    expect(steps.find((step) => step.includes("id: app\n"))).toContain(
      "pipeline/trusted-plan-app.ts --check-installation",
    );
    // The key: only where the installation is checked and where the token is minted.
    expect(steps.filter((step) => step.includes(`secrets.${TRUSTED_PLAN_APP_KEY_SECRET}`)).length).toBe(2);
    const usesToken = steps.filter((step) => step.includes("steps.app-token.outputs.token"));
    expect(usesToken).toHaveLength(1);
    expect(usesToken[0]).toContain("pipeline/commit-status.ts");
    // No other job sets a status or holds the key.
    for (const [id, job] of trustedJobs) {
      if (id === "status") continue;
      expect(job, id).not.toContain("commit-status.ts");
      expect(secretsReferenced(job), id).not.toContain(TRUSTED_PLAN_APP_KEY_SECRET);
    }
  });

  it("finds the pull request by the run's head commit, and posts and sets the status only there", () => {
    const ingest = trustedJobs.get("ingest") as string;
    expect(ingest).toContain('pipeline/find-pull-request.ts --head "$HEAD_SHA"');
    // Only pr.yml's own runs: another workflow named "pr" (a PR can add one) is not answered.
    expect(ingest).toContain("github.event.workflow_run.path == '.github/workflows/pr.yml'");
    expect(trusted).toContain("HEAD_SHA: ${{ github.event.workflow_run.head_sha }}");
    const report = trustedJobs.get("report") as string;
    expect(report).toContain("PR: ${{ needs.ingest.outputs.pr }}");
    expect(report).toContain('pipeline/post-comment.ts --pr "$PR"');
  });

  it("vets every plan: no workflow skips vetting, and every plan runs with main's code in an environment", () => {
    for (const file of workflowFiles()) {
      expect(file.text, file.name).not.toContain("--unvetted");
      for (const [id, job] of jobs(file.text)) {
        if (/pipeline\/(?:plan-stacks|pr-plan)\.ts/.test(job))
          expect(job, `${file.name}:${id}`).toMatch(/^ {4}environment: /m);
      }
    }
  });

  it("runs drift on main only, in the drift environment, refreshing with its own Neon and Railway keys", () => {
    const drift = byName("drift.yml");
    expect(triggers(drift).sort()).toEqual(["schedule", "workflow_dispatch"]);
    // The drift environment has reviewers (test/stacks/github-stack.test.ts): one run at a time,
    // and a dispatch never cancels an approved run.
    expect(drift).toMatch(/^concurrency:\n {2}group: drift\n {2}cancel-in-progress: false$/m);
    expect(jobs(drift).get("synth")).toContain("if: github.ref != 'refs/heads/main'");
    const detect = jobs(drift).get("detect") as string;
    expect(detect).toMatch(new RegExp(`^ {4}environment: ${DRIFT_ENVIRONMENT}$`, "m"));
    for (const key of DRIFT_REFRESH_SECRETS) expect(detect).toContain(`${key.env}: \${{ secrets.${key.name} }}`);
    expect(detect).not.toContain("--placeholder-credentials");
    expect(secretsReferenced(detect)).not.toContain(RECORD_KEY_SECRET);
    expect(drift).not.toMatch(/\bref:/);
  });

  it("plans in the plan environment without Neon or Railway keys: a placeholder and no refresh for their stacks", () => {
    const placeholderFlag = `--placeholder-credentials ${PLACEHOLDER_PROVIDERS.map((p) => p.provider).join(",")}`;
    let planJobs = 0;
    for (const file of workflowFiles()) {
      for (const [id, job] of jobs(file.text)) {
        if (!new RegExp(`^ {4}environment: ${PLAN_ENVIRONMENT}$`, "m").test(job)) continue;
        for (const { env } of PLACEHOLDER_PROVIDERS)
          expect(job, `${file.name}:${id}`).not.toMatch(new RegExp(`\\b${env}:`));
        expect(
          secretsReferenced(job).filter((name) => /NEON|RAILWAY/.test(name)),
          `${file.name}:${id}`,
        ).toEqual([]);
        if (!/pipeline\/(plan-stacks|pr-plan)\.ts/.test(job)) continue;
        planJobs++;
        expect(job.replace(/\\\n\s*/g, ""), `${file.name}:${id}`).toContain(placeholderFlag);
      }
    }
    // plan-pr.yml's trusted plan and terraform-stack.yml's plan before the reviewers.
    expect(planJobs).toBe(2);
    // Main's plan before the reviewers did not refresh: a re-approval is checked by the apply job.
    expect(jobs(byName("terraform-stack.yml")).get("plan")).toContain("--unrefreshed");
    expect(jobs(byName("terraform-stack.yml")).get("apply")).not.toContain("--unrefreshed");
    expect(jobs(byName("terraform-stack.yml")).get("apply")).not.toContain("--placeholder-credentials");
  });
});

describe("drill.yml", () => {
  const drill = byName("drill.yml");
  const drillJobs = jobs(drill);

  it("runs the restore drill weekly and the failover drill only by hand, each in its environment on main", () => {
    expect(drill).toMatch(/^ {2}schedule:\n {4}- cron: "23 4 \* \* 1"$/m);
    const restore = drillJobs.get("restore") as string;
    const failover = drillJobs.get("failover") as string;
    expect(restore).toMatch(/if: \$\{\{ github\.event_name == 'schedule' \|\| inputs\.drill == 'restore' \}\}/);
    expect(failover).toMatch(
      /if: \$\{\{ github\.event_name == 'workflow_dispatch' && inputs\.drill == 'failover' \}\}/,
    );
    for (const job of [restore, failover]) {
      expect(job).toMatch(/^ {4}environment: /m);
      expect(job).toContain("if: github.ref != 'refs/heads/main'");
    }
    expect(restore).toContain('npm run drill -- restore "neuropilot-$ENVIRONMENT" --yes');
    expect(failover).toContain('npm run drill -- failover "neuropilot-$ENVIRONMENT" --yes');
  });

  it("gives each drill only the credential it uses", () => {
    expect(secretsReferenced(drillJobs.get("restore") as string).sort()).toEqual([
      CI_METRICS_PUSH_SECRET,
      "NEON_API_KEY",
    ]);
    expect(secretsReferenced(drillJobs.get("failover") as string).sort()).toEqual([
      CI_METRICS_PUSH_SECRET,
      "CLOUDFLARE_API_TOKEN",
    ]);
  });

  it("pushes each drill's metrics with CI's metrics push token, which staging holds too, like the load test", () => {
    // The drill reads GRAFANA_PUSH_TOKEN (ops/drills/telemetry.ts); the GitHub stack creates
    // CI_METRICS_PUSH_TOKEN in every application environment (test/stacks/github-stack.test.ts).
    const mapping = `GRAFANA_PUSH_TOKEN: \${{ secrets.${CI_METRICS_PUSH_SECRET} }}`;
    for (const id of ["restore", "failover"]) {
      const job = drillJobs.get(id) as string;
      const step = /^ {6}- name: (?:Restore|Failover) drill\n[\s\S]*?^ {8}run: npm run drill -- /m.exec(job)?.[0];
      expect(step, id).toContain(mapping);
    }
    const analyse = /^ {6}- name: Analyse\n[\s\S]*?^ {8}run: /m.exec(byName("load-test.yml"))?.[0];
    expect(analyse).toContain(mapping);
    for (const file of workflowFiles()) expect(file.text, file.name).not.toContain("LOADTEST_GRAFANA_PUSH_TOKEN");
  });

  it("never runs two drills of one environment at once", () => {
    expect(drill).toMatch(
      /^concurrency:\n(?: {2}#.*\n)* {2}group: drill-\$\{\{ inputs\.environment \|\| 'staging' \}\}\n {2}cancel-in-progress: false$/m,
    );
  });
});
