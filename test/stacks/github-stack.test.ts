import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app";
import { GITHUB_STACK_NAME } from "../../stacks/catalog";
import { production } from "../../config/production";
import { EnvironmentSchema, type EnvironmentConfig, type EnvironmentInput } from "../../config/schema";
import { staging } from "../../config/staging";
import {
  APPLY_CREDENTIAL_SECRETS,
  DATA_LOSS_LABEL,
  DRIFT_LABEL,
  GITHUB_ACTIONS_APP_ID,
  PLAN_CREDENTIAL_SECRETS,
  REQUIRED_PR_CHECKS,
} from "../../constructs/github/workflow-contract";
import { jobs, secretsReferenced, workflowFiles } from "../pipeline/workflow-files";
import { GitHubStack } from "../../stacks/github-stack";
import { AUTOHEAL_SECRETS, autohealSecretName } from "../../constructs/cloudflare/autoheal-secrets";

type Block = Record<string, Record<string, Record<string, unknown>>>;
interface StackJson {
  resource: Block;
  data: Block;
  variable: Record<string, Record<string, unknown>>;
}

// Parsed by the schema alone: the GitHub stack reads only names, tiers and github settings.
function environments(edit: (inputs: EnvironmentInput[]) => void = () => {}): EnvironmentConfig[] {
  const inputs = [structuredClone(staging), structuredClone(production)];
  edit(inputs);
  return inputs.map((input) => EnvironmentSchema.parse(input));
}

/** An App with a pipeline-like stack declaring variables, then the GitHub stack (built last, as app.ts does). */
function synthGitHubStack(envs = environments()): StackJson {
  const app = Testing.app();
  const pipeline = new TerraformStack(app, "neuropilot-staging");
  new TerraformVariable(pipeline, "sentry_backend_dsn", { type: "string", sensitive: true });
  new TerraformVariable(pipeline, "log_level", { type: "string", default: "info" });
  const stack = new GitHubStack(app, GITHUB_STACK_NAME, { environments: envs, backend: "local" });
  return JSON.parse(Testing.synth(stack)) as StackJson;
}

const values = <T>(block: Record<string, T> | undefined): T[] => Object.values(block ?? {});

describe("GitHubStack", () => {
  const json = synthGitHubStack();
  const environmentsByName = new Map(
    values(json.resource.github_repository_environment).map((e) => [e.environment as string, e]),
  );

  it("creates the platform, staging and production environments in the config's repository", () => {
    expect([...environmentsByName.keys()].sort()).toEqual(["platform", "production", "staging"]);
    for (const environment of environmentsByName.values()) expect(environment.repository).toBe("neuropilot-infra");
  });

  it("requires production reviewers, resolved from logins to user ids by github_user", () => {
    const users = values(json.data.github_user);
    expect(users.map((u) => u.username)).toEqual(["neuropilot-lead"]);
    const [userKey] = Object.keys(json.data.github_user);
    for (const name of ["production", "platform"]) {
      const environment = environmentsByName.get(name) as Record<string, unknown>;
      expect(environment.reviewers).toEqual([{ users: [`\${data.github_user.${userKey}.id}`] }]);
      expect(environment.can_admins_bypass).toBe(false);
    }
    expect(environmentsByName.get("staging")?.reviewers).toBeUndefined();
  });

  it("lets only main deploy, through custom branch policies", () => {
    for (const environment of environmentsByName.values()) {
      expect(environment.deployment_branch_policy).toEqual({ custom_branch_policies: true, protected_branches: false });
    }
    const policies = values(json.resource.github_repository_environment_deployment_policy);
    expect(policies).toHaveLength(3);
    for (const policy of policies) expect(policy.branch_pattern).toBe("main");
  });

  it("creates plan-only credentials and TF_VAR_ inputs as repository secrets, each from a sensitive variable", () => {
    const secrets = values(json.resource.github_actions_secret);
    const names = secrets.map((s) => s.secret_name).sort();
    expect(names).toEqual([...PLAN_CREDENTIAL_SECRETS.map((s) => s.name), "TF_VAR_SENTRY_BACKEND_DSN"].sort());
    for (const secret of [...secrets, ...values(json.resource.github_actions_environment_secret)]) {
      expect(secret.plaintext_value).toMatch(/^\$\{var\.[a-z_]+\}$/);
      const variable = (secret.plaintext_value as string).slice(6, -1);
      expect(json.variable[variable]).toMatchObject({ sensitive: true, type: "string" });
    }
    // The pipeline variable keeps its own name, so one TF_VAR_ serves both stacks on a laptop.
    expect(json.variable.sentry_backend_dsn).toBeDefined();
    expect(json.variable.cloudflare_api_token).toBeDefined();
    expect(json.variable.plan_cloudflare_api_token).toBeDefined();
    // Non-sensitive variables are not secrets.
    expect(names).not.toContain("TF_VAR_LOG_LEVEL");
  });

  it("keeps apply credentials out of the repository: environment secrets of each deployment environment only", () => {
    const repositoryLevel = values(json.resource.github_actions_secret).map((s) => s.secret_name);
    for (const credential of APPLY_CREDENTIAL_SECRETS) expect(repositoryLevel).not.toContain(credential.name);
    const byEnvironment = new Map<string, string[]>();
    for (const secret of values(json.resource.github_actions_environment_secret)) {
      // The environment is a reference to the github_repository_environment resource, so it exists first.
      const environment = /^\$\{github_repository_environment\.(.+)\.environment\}$/.exec(
        secret.environment as string,
      )?.[1];
      expect(environment, String(secret.environment)).toBeDefined();
      byEnvironment.set(environment as string, [
        ...(byEnvironment.get(environment as string) ?? []),
        secret.secret_name as string,
      ]);
    }
    expect(byEnvironment.size).toBe(3);
    // Production runs the auto-heal Worker (with telemetry): its six secrets live there only.
    const worker = AUTOHEAL_SECRETS.map(autohealSecretName);
    for (const [environment, names] of byEnvironment) {
      const own = environment.startsWith("environment-production_") ? worker : [];
      expect(names.sort(), environment).toEqual([...APPLY_CREDENTIAL_SECRETS.map((s) => s.name), ...own].sort());
    }
  });

  it("takes each Worker secret from a sensitive variable named after its environment", () => {
    const workerSecrets = values(json.resource.github_actions_environment_secret).filter((secret) =>
      String(secret.secret_name).startsWith("AUTOHEAL_"),
    );
    expect(workerSecrets.map((secret) => secret.plaintext_value).sort()).toEqual(
      AUTOHEAL_SECRETS.map((spec) => `\${var.production_${autohealSecretName(spec).toLowerCase()}}`).sort(),
    );
    for (const spec of AUTOHEAL_SECRETS) {
      expect(json.variable[`production_${autohealSecretName(spec).toLowerCase()}`]).toMatchObject({
        type: "string",
        sensitive: true,
      });
    }
    // Without the Worker anywhere, no Worker secret at all.
    const none = synthGitHubStack(environments((inputs) => inputs.forEach((i) => (i.autoheal = { enabled: false }))));
    const names = values(none.resource.github_actions_environment_secret).map((secret) => String(secret.secret_name));
    expect(names.filter((name) => name.startsWith("AUTOHEAL_"))).toEqual([]);
  });

  it("protects main with a ruleset requiring the PR workflow's checks from GitHub Actions", () => {
    const [ruleset] = values(json.resource.github_repository_ruleset);
    expect(ruleset).toMatchObject({
      enforcement: "active",
      target: "branch",
      conditions: { ref_name: { include: ["refs/heads/main"], exclude: [] } },
    });
    const rules = ruleset.rules as Record<string, Record<string, unknown>>;
    expect(rules.deletion).toBe(true);
    expect(rules.non_fast_forward).toBe(true);
    expect(rules.pull_request.required_approving_review_count).toBe(1);
    expect(rules.required_status_checks).toEqual({
      strict_required_status_checks_policy: true,
      required_check: REQUIRED_PR_CHECKS.map((context) => ({ context, integration_id: GITHUB_ACTIONS_APP_ID })),
    });
  });

  it("creates the drift label and the data-loss approval label", () => {
    expect(values(json.resource.github_issue_label)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: DRIFT_LABEL, repository: "neuropilot-infra" }),
        expect.objectContaining({ name: DATA_LOSS_LABEL, repository: "neuropilot-infra" }),
      ]),
    );
    expect(values(json.resource.github_issue_label)).toHaveLength(2);
  });

  it("refuses environments that disagree on the repository", () => {
    const split = environments((inputs) => {
      inputs[1].github = { ...inputs[1].github, repo: "other-repo" };
    });
    expect(() => synthGitHubStack(split)).toThrow(/must share one GitHub repository/);
  });
});

describe("GitHubStack in the real App", () => {
  let outdir: string;
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), "github-stack-"));
    const app: App = buildApp(environments(), { backend: "cloud", outdir });
    app.synth();
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  const read = (stack: string): StackJson =>
    JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));

  it("has a TF_VAR_ secret for every sensitive variable of the pipeline stacks", () => {
    const github = read(GITHUB_STACK_NAME);
    const secretNames = values(github.resource.github_actions_secret).map((s) => s.secret_name);
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as {
      stacks: Record<string, unknown>;
    };
    for (const stack of Object.keys(manifest.stacks).filter((name) => name !== GITHUB_STACK_NAME)) {
      for (const [name, variable] of Object.entries(read(stack).variable ?? {})) {
        if (variable.sensitive === true)
          expect(secretNames, `${stack}: ${name}`).toContain(`TF_VAR_${name.toUpperCase()}`);
      }
    }
  });

  it("creates exactly the TF_VAR_ secrets the workflows' plan steps name", () => {
    const github = read(GITHUB_STACK_NAME);
    const created = values(github.resource.github_actions_secret)
      .map((s) => s.secret_name as string)
      .filter((name) => name.startsWith("TF_VAR_"))
      .sort();
    const prPlan = jobs(workflowFiles().find((f) => f.name === "plan-pr.yml")?.text ?? "").get("plan") ?? "";
    expect(secretsReferenced(prPlan).filter((name) => name.startsWith("TF_VAR_"))).toEqual(created);
  });

  it("keeps every secret value out of the synthesised JSON", () => {
    const raw = readFileSync(join(outdir, "stacks", GITHUB_STACK_NAME, "cdk.tf.json"), "utf8");
    expect(raw).not.toMatch(/"plaintext_value": "(?!\$\{var\.)/);
  });
});
