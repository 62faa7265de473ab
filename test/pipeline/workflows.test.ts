// Structural rules for .github: pinned actions, least privilege, the names the GitHub
// stack relies on, and deploy order.
import { describe, expect, it } from "vitest";
import {
  APPLY_CREDENTIAL_SECRETS,
  PLAN_CREDENTIAL_SECRETS,
  PLATFORM_ENVIRONMENT,
  REQUIRED_PR_CHECKS,
} from "../../constructs/github/workflow-contract";
import { AUTOHEAL_SECRETS, autohealSecretName } from "../../constructs/cloudflare/autoheal-secrets";
import { PIPELINE_STACK_ORDER } from "../../pipeline/stack-order";
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
        expect(jobPermissions(job), `${file.name} job ${id}`).toEqual(["contents: read"]);
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
      "pr.yml:comment:pull-requests: write",
    ]);
  });
});

describe("contract with the GitHub stack", () => {
  it("names the required PR checks as jobs of pr.yml", () => {
    const prJobs = jobs(byName("pr.yml"));
    for (const check of REQUIRED_PR_CHECKS) {
      expect(prJobs.get(check), check).toMatch(new RegExp(`^ {4}name: ${check}$`, "m"));
    }
  });

  it("reads only secrets the GitHub stack creates (TF_VAR_* ones: test/stacks/github-stack.test.ts)", () => {
    const created = new Set([
      ...[...PLAN_CREDENTIAL_SECRETS, ...APPLY_CREDENTIAL_SECRETS].map((s) => s.name),
      ...AUTOHEAL_SECRETS.map(autohealSecretName),
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
      expect(job).toMatch(new RegExp(`needs: \\[synth, reviewed, ${stackJobs[index][0]}\\]`));
    });
  });

  it("runs one deploy pipeline at a time for the whole repository, queued and never cancelled", () => {
    expect(deploy).toMatch(/^concurrency:\n {2}group: deploy\n {2}cancel-in-progress: false$/m);
    // No per-job groups: those let a newer push's platform apply overtake an older production one.
    for (const [id, job] of deployJobs) expect(job, id).not.toContain("concurrency:");
    expect(byName("terraform-stack.yml")).not.toContain("concurrency:");
  });

  it("runs each apply in the stack's GitHub environment", () => {
    const environments = [...deployJobs.values()].flatMap((job) => /environment: (\S+)/.exec(job)?.[1] ?? []);
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
    expect(deployJobs.get("reviewed")).toContain("APPROVE: ${{ inputs.approve }}");
  });

  it("smoke-tests after the apply", () => {
    const smoke = jobs(byName("terraform-stack.yml")).get("smoke") as string;
    expect(smoke).toContain("needs: [plan, apply]");
    expect(smoke).toContain('npm run smoke -- "$STACK"');
  });

  it("never lets a PR plan take a workspace lock, nor a fork PR pass without a plan", () => {
    const plan = jobs(byName("pr.yml")).get("plan") as string;
    expect(plan).toContain("--no-lock");
    expect(plan).toMatch(
      /if: steps\.changes\.outputs\.any == 'true' && env\.FORK == 'false'\n\s+env:\n(?:.*\n)*?\s+TF_TOKEN_app_terraform_io: \$\{\{ secrets\.PLAN_TF_API_TOKEN \}\}/,
    );
    expect(plan).toMatch(
      /if: steps\.changes\.outputs\.any == 'true' && env\.FORK == 'true'\n\s+run: \|\n.*not planned — a maintainer must run the plan.*\n\s+exit 1/,
    );
    expect(plan).toContain('--reviewed-head "$HEAD_SHA"');
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
    // deploy's apply job, and worker-secrets.yml's on-demand run of its last step.
    expect(applyJobs).toBe(2);
  });

  it("gives pull-request, plan and drift jobs plan-only credentials under the providers' variable names", () => {
    for (const file of workflowFiles()) {
      for (const [id, job] of jobs(file.text)) {
        if (/^ {4}environment: /m.test(job)) continue;
        for (const name of secretsReferenced(job)) {
          expect(name.startsWith("PLAN_") || name.startsWith("TF_VAR_"), `${file.name} job ${id}: ${name}`).toBe(true);
        }
      }
    }
    const prPlan = jobs(byName("pr.yml")).get("plan") as string;
    for (const credential of PLAN_CREDENTIAL_SECRETS) {
      expect(prPlan).toContain(`${credential.env}: \${{ secrets.${credential.name} }}`);
    }
  });

  it("gives the auto-heal Worker's secrets only to environment jobs: the apply (checked before, set after) and the rotation", () => {
    const workerSecretNames = AUTOHEAL_SECRETS.map(autohealSecretName);
    const holders = workflowFiles().flatMap((file) =>
      [...jobs(file.text)]
        .filter(([, job]) => secretsReferenced(job).some((name) => workerSecretNames.includes(name)))
        .map(([id]) => `${file.name}:${id}`),
    );
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
      "pr.yml:plan",
      "terraform-stack.yml:apply",
      "terraform-stack.yml:plan",
    ]);
    for (const { where, vars } of lists) expect(vars, where).toEqual(lists[0].vars);
  });
});
