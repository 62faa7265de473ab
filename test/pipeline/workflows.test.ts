// Structural rules for .github: pinned actions, least privilege, the names the GitHub
// stack relies on, and deploy order.
import { describe, expect, it } from "vitest";
import {
  CREDENTIAL_SECRETS,
  PLATFORM_ENVIRONMENT,
  REQUIRED_PR_CHECKS,
} from "../../constructs/github/workflow-contract";
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
    expect(writers.sort()).toEqual(["drift.yml:issues:issues: write", "pr.yml:comment:pull-requests: write"]);
  });
});

describe("contract with the GitHub stack", () => {
  it("names the required PR checks as jobs of pr.yml", () => {
    const prJobs = jobs(byName("pr.yml"));
    for (const check of REQUIRED_PR_CHECKS) {
      expect(prJobs.get(check), check).toMatch(new RegExp(`^ {4}name: ${check}$`, "m"));
    }
  });

  it("reads only secrets the GitHub stack creates", () => {
    const created = new Set(CREDENTIAL_SECRETS.map((s) => s.name));
    for (const file of workflowFiles()) {
      for (const secret of secretsReferenced(file.text))
        expect(created.has(secret), `${file.name}: ${secret}`).toBe(true);
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
      expect(job).toMatch(new RegExp(`needs: \\[synth, ${stackJobs[index][0]}\\]`));
    });
  });

  it("gives each workspace its own never-cancelled concurrency group", () => {
    for (const stack of PIPELINE_STACK_ORDER) {
      const job = [...deployJobs.values()].find((j) => j.includes(`stack: ${stack}`)) as string;
      expect(job).toContain(`group: terraform-${stack}`);
      expect(job).toContain("cancel-in-progress: false");
    }
  });

  it("runs each apply in the stack's GitHub environment", () => {
    const environments = [...deployJobs.values()].flatMap((job) => /environment: (\S+)/.exec(job)?.[1] ?? []);
    expect(environments).toEqual([PLATFORM_ENVIRONMENT, "staging", "production"]);
    const apply = jobs(byName("terraform-stack.yml")).get("apply") as string;
    expect(apply).toContain("environment: ${{ inputs.environment }}");
  });

  it("applies the saved plan from the same run, with the plan's provider lock file", () => {
    const apply = jobs(byName("terraform-stack.yml")).get("apply") as string;
    expect(apply).toContain("terraform apply -input=false -no-color -lock-timeout=10m tfplan");
    expect(apply).toContain("-lockfile=readonly");
    expect(apply).not.toMatch(/terraform plan|auto-approve/);
  });

  it("smoke-tests after the apply", () => {
    const smoke = jobs(byName("terraform-stack.yml")).get("smoke") as string;
    expect(smoke).toContain("needs: [plan, apply]");
    expect(smoke).toContain('npm run smoke -- "$STACK"');
  });

  it("never lets a PR plan take a workspace lock, nor a fork PR reach secrets", () => {
    const plan = jobs(byName("pr.yml")).get("plan") as string;
    expect(plan).toContain("--no-lock");
    expect(plan).toMatch(
      /if: steps\.changes\.outputs\.any == 'true' && env\.FORK == 'false'\n\s+env:\n(?:.*\n)*?\s+PIPELINE_SECRETS_JSON/,
    );
  });
});
