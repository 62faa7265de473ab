import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack, TerraformVariable, Testing } from "cdktf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app";
import { GITHUB_STACK_NAME, PLATFORM_STACK_NAME } from "../../stacks/catalog";
import { production } from "../../config/production";
import { EnvironmentSchema, type EnvironmentConfig, type EnvironmentInput } from "../../config/schema";
import { staging } from "../../config/staging";
import {
  APPLY_CREDENTIAL_SECRETS,
  RELEASE_CREDENTIAL_SECRETS,
  DATA_LOSS_LABEL,
  DRIFT_LABEL,
  GITHUB_ACTIONS_APP_ID,
  CI_METRICS_PUSH_SECRET,
  DRIFT_ENVIRONMENT,
  DRIFT_REFRESH_SECRETS,
  PLAN_CREDENTIAL_SECRETS,
  PLAN_ENVIRONMENT,
  PLATFORM_ENVIRONMENT,
  REAPPROVE_ENVIRONMENT,
  RECORD_KEY_SECRET,
  REQUIRED_PR_CHECKS,
  STATUS_ENVIRONMENT,
  TRUSTED_PLAN_APP_KEY_SECRET,
  TRUSTED_PLAN_CHECK,
} from "../../constructs/github/workflow-contract";
import { secretsReferenced, workflowFiles } from "../pipeline/workflow-files";
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

/** The environment a github_actions_environment_secret belongs to, by its github_repository_environment reference. */
function environmentOf(json: StackJson, secret: Record<string, unknown>): string {
  const key = /^\$\{github_repository_environment\.(.+)\.environment\}$/.exec(secret.environment as string)?.[1];
  if (key === undefined)
    throw new Error(`secret ${String(secret.secret_name)}: environment ${String(secret.environment)}`);
  return json.resource.github_repository_environment[key].environment as string;
}

interface HeldSecret {
  environment: string;
  name: string;
  variable: string;
}

function heldSecrets(json: StackJson): HeldSecret[] {
  return values(json.resource.github_actions_environment_secret).map((secret) => ({
    environment: environmentOf(json, secret),
    name: secret.secret_name as string,
    variable: /^\$\{var\.([a-z_]+)\}$/.exec(secret.plaintext_value as string)?.[1] ?? "(not a variable)",
  }));
}

/** Secret names whose value can change a production resource (workflow-contract.ts and the Worker's). */
const PRODUCTION_CAPABLE = new Set([
  ...[...PLAN_CREDENTIAL_SECRETS, ...DRIFT_REFRESH_SECRETS, ...APPLY_CREDENTIAL_SECRETS, ...RELEASE_CREDENTIAL_SECRETS]
    .filter((c) => c.changesProduction)
    .map((c) => c.name),
  ...AUTOHEAL_SECRETS.map(autohealSecretName),
]);
const CREDENTIALS = new Set([
  ...[
    ...PLAN_CREDENTIAL_SECRETS,
    ...DRIFT_REFRESH_SECRETS,
    ...APPLY_CREDENTIAL_SECRETS,
    ...RELEASE_CREDENTIAL_SECRETS,
  ].map((c) => c.name),
  ...AUTOHEAL_SECRETS.map(autohealSecretName),
]);
const DEPLOYMENT_ENVIRONMENTS = ["platform", "staging", "production"];

describe("GitHubStack", () => {
  const json = synthGitHubStack();
  const environmentsByName = new Map(
    values(json.resource.github_repository_environment).map((e) => [e.environment as string, e]),
  );
  const held = heldSecrets(json);
  const heldIn = (environment: string) =>
    held
      .filter((s) => s.environment === environment)
      .map((s) => s.name)
      .sort();
  const gated = (environment: string) => environmentsByName.get(environment)?.reviewers !== undefined;

  it("creates the plan, re-approval and deployment environments in the config's repository", () => {
    expect([...environmentsByName.keys()].sort()).toEqual(
      [
        PLAN_ENVIRONMENT,
        DRIFT_ENVIRONMENT,
        STATUS_ENVIRONMENT,
        REAPPROVE_ENVIRONMENT,
        ...DEPLOYMENT_ENVIRONMENTS,
      ].sort(),
    );
    for (const environment of environmentsByName.values()) expect(environment.repository).toBe("neuropilot-infra");
  });

  it("gates every environment but plan behind the production reviewers; only a sole reviewer may approve their own drift run", () => {
    const users = values(json.data.github_user);
    expect(users.map((u) => u.username)).toEqual(["neuropilot-lead"]);
    const [userKey] = Object.keys(json.data.github_user);
    for (const name of [REAPPROVE_ENVIRONMENT, DRIFT_ENVIRONMENT, ...DEPLOYMENT_ENVIRONMENTS]) {
      const environment = environmentsByName.get(name) as Record<string, unknown>;
      expect(environment.reviewers, name).toEqual([{ users: [`\${data.github_user.${userKey}.id}`] }]);
      expect(environment.can_admins_bypass, name).toBe(false);
      // Drift approves no change, and its run is attributed to a person: with one reviewer that
      // person may be the only one who can approve (driftSelfReview).
      expect(environment.prevent_self_review, name).toBe(name !== DRIFT_ENVIRONMENT);
    }
    // With two reviewers, someone else can always approve: self-review prevented in drift too.
    const two = synthGitHubStack(
      environments((inputs) =>
        inputs.forEach(
          (i) => (i.github = { ...i.github, productionReviewers: ["neuropilot-lead", "second-reviewer"] }),
        ),
      ),
    );
    for (const environment of values(two.resource.github_repository_environment)) {
      if (environment.reviewers !== undefined)
        expect(environment.prevent_self_review, String(environment.environment)).toBe(true);
    }
    expect(values(two.resource.github_repository_environment).map((e) => e.environment)).toContain(DRIFT_ENVIRONMENT);
    // The trusted plan runs unattended on every pull request; its gate is the branch policy.
    expect(environmentsByName.get(PLAN_ENVIRONMENT)?.reviewers).toBeUndefined();
    expect(environmentsByName.get(PLAN_ENVIRONMENT)?.can_admins_bypass).toBe(true);
  });

  it("lets only main deploy to any environment, through custom branch policies (plan included)", () => {
    for (const environment of environmentsByName.values()) {
      expect(environment.deployment_branch_policy).toEqual({ custom_branch_policies: true, protected_branches: false });
    }
    const policies = values(json.resource.github_repository_environment_deployment_policy);
    expect(policies).toHaveLength(environmentsByName.size);
    const covered = policies.map((policy) => {
      expect(policy.branch_pattern).toBe("main");
      const key = /^\$\{github_repository_environment\.(.+)\.environment\}$/.exec(policy.environment as string)?.[1];
      return json.resource.github_repository_environment[key as string].environment;
    });
    expect(covered.sort()).toEqual([...environmentsByName.keys()].sort());
  });

  it("creates no repository secret: a same-repository pull request could read it", () => {
    expect(json.resource.github_actions_secret).toBeUndefined();
  });

  it("gives no unreviewed environment a key that can change production: plan holds none, drift's wait for a reviewer", () => {
    const unreviewed = [...environmentsByName.keys()].filter((name) => !gated(name));
    expect(unreviewed.sort()).toEqual([PLAN_ENVIRONMENT, STATUS_ENVIRONMENT].sort());
    // The bundled config names no trusted-plan app: the status environment holds nothing.
    expect(heldIn(STATUS_ENVIRONMENT)).toEqual([]);
    for (const secret of held.filter((s) => !gated(s.environment))) {
      expect(PRODUCTION_CAPABLE.has(secret.name), `${secret.environment}: ${secret.name}`).toBe(false);
    }
    // PR plans use a placeholder for Neon and Railway and do not refresh their stacks.
    expect(heldIn(PLAN_ENVIRONMENT).filter((name) => /NEON|RAILWAY/.test(name))).toEqual([]);
    // Neon and Railway have no read-only keys; drift must refresh, so it holds them (no apply key),
    // behind the production reviewers.
    expect(gated(DRIFT_ENVIRONMENT)).toBe(true);
    expect(heldIn(DRIFT_ENVIRONMENT).filter((name) => PRODUCTION_CAPABLE.has(name))).toEqual([
      "DRIFT_NEON_API_KEY",
      "DRIFT_RAILWAY_TOKEN",
    ]);
    // No apply credential's variable feeds the plan or drift environments.
    const applyVariables = new Set(
      held.filter((s) => APPLY_CREDENTIAL_SECRETS.some((c) => c.name === s.name)).map((s) => s.variable),
    );
    for (const secret of held.filter((s) => [PLAN_ENVIRONMENT, DRIFT_ENVIRONMENT].includes(s.environment))) {
      expect(applyVariables.has(secret.variable), `${secret.environment}: ${secret.name}`).toBe(false);
    }
    expect(heldIn(REAPPROVE_ENVIRONMENT)).toEqual([]);
  });

  it("takes every environment's credentials from its own sensitive variables, never one value shared", () => {
    const environmentsOf = new Map<string, Set<string>>();
    for (const secret of held.filter((s) => CREDENTIALS.has(s.name))) {
      environmentsOf.set(secret.variable, (environmentsOf.get(secret.variable) ?? new Set()).add(secret.environment));
      expect(json.variable[secret.variable], secret.variable).toMatchObject({ sensitive: true, type: "string" });
    }
    for (const [variable, environments] of environmentsOf) expect([...environments], variable).toHaveLength(1);
    for (const environment of DEPLOYMENT_ENVIRONMENTS) {
      for (const credential of APPLY_CREDENTIAL_SECRETS) {
        expect(held).toContainEqual({
          environment,
          name: credential.name,
          variable: `${environment}_${credential.name.toLowerCase()}`,
        });
      }
    }
    for (const credential of PLAN_CREDENTIAL_SECRETS) {
      expect(held).toContainEqual({
        environment: PLAN_ENVIRONMENT,
        name: credential.name,
        variable: credential.name.toLowerCase(),
      });
      expect(held).toContainEqual({
        environment: DRIFT_ENVIRONMENT,
        name: credential.name,
        variable: `drift_${credential.name.toLowerCase()}`,
      });
    }
    for (const credential of DRIFT_REFRESH_SECRETS) {
      expect(held).toContainEqual({
        environment: DRIFT_ENVIRONMENT,
        name: credential.name,
        variable: credential.name.toLowerCase(),
      });
    }
  });

  it("holds the Sentry release token in staging and production only, each from its own sensitive variable", () => {
    const holders = held.filter((s) => s.name === "SENTRY_RELEASE_TOKEN");
    expect(holders.sort((a, b) => a.environment.localeCompare(b.environment))).toEqual([
      { environment: "production", name: "SENTRY_RELEASE_TOKEN", variable: "production_sentry_release_token" },
      { environment: "staging", name: "SENTRY_RELEASE_TOKEN", variable: "staging_sentry_release_token" },
    ]);
    expect(json.variable.production_sentry_release_token).toMatchObject({ sensitive: true, type: "string" });
  });

  it("holds the CI metrics push token in staging and production, each from its own variable, also without the Worker", () => {
    const expected = [
      { environment: "production", name: CI_METRICS_PUSH_SECRET, variable: "production_ci_metrics_push_token" },
      { environment: "staging", name: CI_METRICS_PUSH_SECRET, variable: "staging_ci_metrics_push_token" },
    ];
    const holders = held.filter((s) => s.name === CI_METRICS_PUSH_SECRET);
    expect(holders.sort((a, b) => a.environment.localeCompare(b.environment))).toEqual(expected);
    expect(json.variable.staging_ci_metrics_push_token).toMatchObject({ sensitive: true, type: "string" });
    // The old name is gone everywhere: no secret, no variable.
    expect(held.filter((s) => s.name.startsWith("LOADTEST_"))).toEqual([]);
    expect(Object.keys(json.variable).filter((name) => name.includes("loadtest"))).toEqual([]);
    // Staging has no Worker (so no AUTOHEAL_GRAFANA_PUSH_TOKEN), and without the Worker anywhere
    // both environments still hold the push token: the drills push wherever they run.
    expect(held.filter((s) => s.environment === "staging" && s.name.startsWith("AUTOHEAL_"))).toEqual([]);
    const noWorker = heldSecrets(
      synthGitHubStack(environments((inputs) => inputs.forEach((i) => (i.autoheal = { enabled: false })))),
    );
    expect(
      noWorker
        .filter((s) => s.name === CI_METRICS_PUSH_SECRET)
        .sort((a, b) => a.environment.localeCompare(b.environment)),
    ).toEqual(expected);
  });

  it("holds the record key in the plan (which signs) and every deployment environment (which verifies), from one variable", () => {
    const holders = held.filter((s) => s.name === RECORD_KEY_SECRET);
    expect(holders.map((s) => s.environment).sort()).toEqual([PLAN_ENVIRONMENT, ...DEPLOYMENT_ENVIRONMENTS].sort());
    expect(new Set(holders.map((s) => s.variable))).toEqual(new Set(["reviewed_plan_hmac_key"]));
    expect(json.variable.reviewed_plan_hmac_key).toMatchObject({ sensitive: true, type: "string" });
  });

  it("gives each TF_VAR_ input to the plan and to the environment of the stack declaring it, under its own name", () => {
    const inputs = held.filter((s) => s.name.startsWith("TF_VAR_"));
    expect(inputs.map((s) => `${s.environment}:${s.name}:${s.variable}`).sort()).toEqual([
      "drift:TF_VAR_SENTRY_BACKEND_DSN:sentry_backend_dsn",
      "plan:TF_VAR_SENTRY_BACKEND_DSN:sentry_backend_dsn",
      "staging:TF_VAR_SENTRY_BACKEND_DSN:sentry_backend_dsn",
    ]);
    // Non-sensitive variables are not secrets.
    expect(held.map((s) => s.name)).not.toContain("TF_VAR_LOG_LEVEL");
  });

  it("holds exactly the plan credentials, the inputs and the record key in plan; apply credentials in deployments", () => {
    expect(heldIn(PLAN_ENVIRONMENT)).toEqual(
      [...PLAN_CREDENTIAL_SECRETS.map((s) => s.name), "TF_VAR_SENTRY_BACKEND_DSN", RECORD_KEY_SECRET].sort(),
    );
    expect(heldIn(DRIFT_ENVIRONMENT)).toEqual(
      [
        ...PLAN_CREDENTIAL_SECRETS.map((s) => s.name),
        ...DRIFT_REFRESH_SECRETS.map((s) => s.name),
        "TF_VAR_SENTRY_BACKEND_DSN",
      ].sort(),
    );
    // Production runs the auto-heal Worker (with telemetry): its six secrets live there only.
    const worker = AUTOHEAL_SECRETS.map(autohealSecretName);
    for (const environment of DEPLOYMENT_ENVIRONMENTS) {
      const own = [
        ...(environment === "production" ? worker : []),
        ...(environment === "staging" ? ["TF_VAR_SENTRY_BACKEND_DSN"] : []),
        // The CI metrics push token (load-test.yml, drill.yml): application environments only.
        ...(environment === PLATFORM_ENVIRONMENT ? [] : [CI_METRICS_PUSH_SECRET]),
        // release.yml's Sentry token: application environments only, not platform.
        ...(environment === PLATFORM_ENVIRONMENT ? [] : RELEASE_CREDENTIAL_SECRETS.map((s) => s.name)),
      ];
      expect(heldIn(environment), environment).toEqual(
        [...APPLY_CREDENTIAL_SECRETS.map((s) => s.name), RECORD_KEY_SECRET, ...own].sort(),
      );
    }
    for (const secret of values(json.resource.github_actions_environment_secret)) {
      expect(secret.plaintext_value).toMatch(/^\$\{var\.[a-z_]+\}$/);
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

  it("keeps the GITHUB_TOKEN read-only by default and forbids Actions to approve pull requests", () => {
    expect(values(json.resource.github_workflow_repository_permissions)).toEqual([
      { repository: "neuropilot-infra", default_workflow_permissions: "read", can_approve_pull_request_reviews: false },
    ]);
  });

  it("accepts up to six reviewers, each resolved, and refuses a seventh", () => {
    const logins = (n: number) => Array.from({ length: n }, (_, i) => `reviewer-${i + 1}`);
    const six = synthGitHubStack(
      environments((inputs) => inputs.forEach((i) => (i.github = { ...i.github, productionReviewers: logins(6) }))),
    );
    expect(values(six.data.github_user)).toHaveLength(6);
    const production = values(six.resource.github_repository_environment).find((e) => e.environment === "production");
    expect((production?.reviewers as Array<{ users: string[] }>)[0].users).toHaveLength(6);
    expect(() =>
      synthGitHubStack(
        environments((inputs) => inputs.forEach((i) => (i.github = { ...i.github, productionReviewers: logins(7) }))),
      ),
    ).toThrow(/GitHub environment drift: 7 reviewers .* at most 6: shorten github\.productionReviewers/);
  });

  it("refuses a config without production reviewers", () => {
    expect(() =>
      synthGitHubStack(
        environments((inputs) => inputs.forEach((i) => (i.github = { ...i.github, productionReviewers: [] }))),
      ),
    ).toThrow(/github\.productionReviewers is empty/);
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

  it("requires the trusted-plan check from the configured app, and gives only the status environment its key", () => {
    const appId = 2_400_001;
    const withApp = synthGitHubStack(
      environments((inputs) => inputs.forEach((i) => (i.github = { ...i.github, trustedPlanAppId: appId }))),
    );
    const [ruleset] = values(withApp.resource.github_repository_ruleset);
    expect((ruleset.rules as Record<string, Record<string, unknown>>).required_status_checks.required_check).toEqual([
      { context: "verify", integration_id: GITHUB_ACTIONS_APP_ID },
      { context: TRUSTED_PLAN_CHECK, integration_id: appId },
    ]);
    const holders = heldSecrets(withApp).filter((s) => s.name === TRUSTED_PLAN_APP_KEY_SECRET);
    expect(holders).toEqual([
      { environment: STATUS_ENVIRONMENT, name: TRUSTED_PLAN_APP_KEY_SECRET, variable: "trusted_plan_app_private_key" },
    ]);
    expect(withApp.variable.trusted_plan_app_private_key).toMatchObject({ sensitive: true, type: "string" });
    expect(heldSecrets(withApp).filter((s) => s.environment === STATUS_ENVIRONMENT)).toEqual(holders);
    // Without the app nothing holds the key.
    expect(held.filter((s) => s.name === TRUSTED_PLAN_APP_KEY_SECRET)).toEqual([]);
  });

  it("refuses environments naming different trusted-plan apps, and an id that is no positive integer", () => {
    expect(() =>
      synthGitHubStack(environments((inputs) => (inputs[1].github = { ...inputs[1].github, trustedPlanAppId: 7 }))),
    ).toThrow(
      "all environments must share one GitHub repository and trusted-plan app: staging uses neuropilot/neuropilot-infra " +
        "(public, GitHub team, no trustedPlanAppId), production uses neuropilot/neuropilot-infra (public, GitHub team, trustedPlanAppId 7)",
    );
    // The repository's visibility and plan are one fact too.
    expect(() =>
      synthGitHubStack(environments((inputs) => (inputs[1].github = { ...inputs[1].github, plan: "enterprise" }))),
    ).toThrow("production uses neuropilot/neuropilot-infra (public, GitHub enterprise, no trustedPlanAppId)");
    expect(() =>
      environments((inputs) => (inputs[0].github = { ...inputs[0].github, trustedPlanAppId: GITHUB_ACTIONS_APP_ID })),
    ).toThrow(/15368 is GitHub Actions itself/);
    for (const bad of [0, -1, 1.5]) {
      expect(() =>
        environments((inputs) => (inputs[0].github = { ...inputs[0].github, trustedPlanAppId: bad })),
      ).toThrow();
    }
    expect(
      environments((inputs) => (inputs[0].github = { ...inputs[0].github, trustedPlanAppId: 1 }))[0].github,
    ).toMatchObject({ trustedPlanAppId: 1 });
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

  it("gives the plan a TF_VAR_ secret for every sensitive variable of the pipeline stacks, and each stack's environment its own", () => {
    const github = read(GITHUB_STACK_NAME);
    const held = heldSecrets(github);
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as {
      stacks: Record<string, unknown>;
    };
    for (const stack of Object.keys(manifest.stacks).filter((name) => name !== GITHUB_STACK_NAME)) {
      const environment = stack === PLATFORM_STACK_NAME ? "platform" : stack.replace(/^neuropilot-/, "");
      for (const [name, variable] of Object.entries(read(stack).variable ?? {})) {
        if (variable.sensitive !== true) continue;
        for (const holder of [PLAN_ENVIRONMENT, environment]) {
          expect(held, `${stack}: ${name} in ${holder}`).toContainEqual({
            environment: holder,
            name: `TF_VAR_${name.toUpperCase()}`,
            variable: name,
          });
        }
      }
    }
  });

  it("creates exactly the TF_VAR_ secrets the workflows name", () => {
    const github = read(GITHUB_STACK_NAME);
    const created = [
      ...new Set(
        heldSecrets(github)
          .map((s) => s.name)
          .filter((name) => name.startsWith("TF_VAR_")),
      ),
    ].sort();
    const named = [
      ...new Set(workflowFiles().flatMap((f) => secretsReferenced(f.text).filter((n) => n.startsWith("TF_VAR_")))),
    ].sort();
    expect(named).toEqual(created);
  });

  it("keeps every secret value out of the synthesised JSON", () => {
    const raw = readFileSync(join(outdir, "stacks", GITHUB_STACK_NAME, "cdk.tf.json"), "utf8");
    expect(raw).not.toMatch(/"plaintext_value": "(?!\$\{var\.)/);
  });
});
