import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../config/load";
import { RESERVED_RAILWAY_VARIABLES } from "../../config/railway-variables";
import { synthesize } from "../../synthesize";
import { bundledInputs, sourcesOf } from "../support/configs";
import { type SynthOutput, onlyResource, resourcesOf, synthToTemp, bundledSynth } from "../support/synth";
import baseline from "./fixtures/single-cell-baseline.json";
import { stackDigests } from "./single-cell-baseline";

let out: SynthOutput;
beforeAll(() => {
  out = bundledSynth();
});
afterAll(() => out.cleanup());

const STACKS = ["neuropilot-platform", "neuropilot-staging", "neuropilot-production", "neuropilot-github"];

describe("synthesised stacks", () => {
  it("are what they were before cells existed, for the bundled single-cell config (issue 17)", () => {
    // See test/stacks/single-cell-baseline.ts for what is normalised and how to regenerate.
    expect(stackDigests(out.outdir)).toEqual(baseline);
  });

  it("writes every stack with a Terraform Cloud workspace of its own name", () => {
    for (const name of STACKS) {
      const cloud = out.stack(name).terraform?.cloud as { organization: string; workspaces: { name: string } };
      expect(cloud).toEqual({ organization: "neuropilot", workspaces: { name } });
    }
  });

  it("switches to local state when asked", () => {
    const local = bundledSynth("local");
    try {
      const backend = local.stack("neuropilot-staging").terraform?.backend as Record<string, unknown>;
      expect(backend).toEqual({ local: { path: "../neuropilot-staging/terraform.neuropilot-staging.tfstate" } });
      expect(local.stack("neuropilot-staging").terraform?.cloud).toBeUndefined();
      // The platform's state, read from the staging folder, resolves to the platform folder.
      const remote = local.stack("neuropilot-staging").data?.terraform_remote_state;
      expect(Object.values(remote ?? {})[0]).toMatchObject({
        backend: "local",
        config: { path: "../neuropilot-platform/terraform.neuropilot-platform.tfstate" },
      });
    } finally {
      local.cleanup();
    }
  });

  it("writes the backend's Railway config-as-code files", () => {
    expect(existsSync(join(out.outdir, "backend-repo/railway/us-east.json"))).toBe(true);
    expect(existsSync(join(out.outdir, "backend-repo/railway/us-west.json"))).toBe(true);
  });

  it("deploys health-checked with overlap and draining, so a new deployment never drops requests (issue 28)", () => {
    const file = JSON.parse(readFileSync(join(out.outdir, "backend-repo/railway/us-east.json"), "utf8"));
    expect(file.environments.production.deploy).toMatchObject({
      healthcheckPath: "/health",
      healthcheckTimeout: expect.any(Number),
      overlapSeconds: 10,
      drainingSeconds: 30,
    });
  });
});

describe("Neon", () => {
  it("has one project, protected from destroy, with retention and version from config", () => {
    const project = onlyResource(out.stack("neuropilot-platform"), "neon_project");
    expect(project).toMatchObject({
      name: "neuropilot",
      region_id: "aws-us-east-2",
      pg_version: 16,
      history_retention_seconds: 604_800,
      lifecycle: { prevent_destroy: true },
      branch: { name: "main", database_name: "neuropilot" },
    });
  });

  it("puts production on the default branch with a protected role, using the database the project created", () => {
    const prod = out.stack("neuropilot-production");
    expect(resourcesOf(prod, "neon_branch")).toEqual({});
    // neon_project.branch.database_name already created it on the default branch.
    expect(resourcesOf(prod, "neon_database")).toEqual({});
    const role = onlyResource(prod, "neon_role");
    expect(role).toMatchObject({ name: "neuropilot_app", lifecycle: { prevent_destroy: true } });
    expect(String(role.branch_id)).toContain("terraform_remote_state");
  });

  it("declares no database or role twice on any branch, counting what the project and branching create", () => {
    const project = onlyResource(out.stack("neuropilot-platform"), "neon_project");
    const implicit = project.branch as { database_name: string; role_name: string };
    const declaredOnDefault = Object.values(resourcesOf(out.stack("neuropilot-production"), "neon_role")).map(
      (r) => r.name,
    );
    const staging = out.stack("neuropilot-staging");
    // The child branch starts with everything the default branch has.
    const inherited = [implicit.role_name, ...declaredOnDefault];
    for (const role of Object.values(resourcesOf(staging, "neon_role"))) expect(inherited).not.toContain(role.name);
    expect(declaredOnDefault).not.toContain(implicit.role_name);
    for (const name of ["neuropilot-production", "neuropilot-staging"]) {
      expect(resourcesOf(out.stack(name), "neon_database")).toEqual({});
    }
  });

  it("branches staging from the default branch with its own pooled read-write endpoint", () => {
    const staging = out.stack("neuropilot-staging");
    const branch = onlyResource(staging, "neon_branch");
    expect(branch.name).toBe("staging");
    expect(String(branch.parent_id)).toMatch(/terraform_remote_state\..*default_branch_id/);
    const endpoints = Object.values(resourcesOf(staging, "neon_endpoint"));
    expect(endpoints).toHaveLength(1);
    expect(endpoints[0]).toMatchObject({ type: "read_write", pooler_enabled: true, autoscaling_limit_max_cu: 1 });
    expect(onlyResource(staging, "neon_role").lifecycle).toBeUndefined();
  });

  it("gives staging a pooled DATABASE_URL: the endpoint id with -pooler, and a direct URL for migrations", () => {
    const staging = out.stack("neuropilot-staging");
    const [endpointId] = Object.keys(resourcesOf(staging, "neon_endpoint"));
    const url = Object.values(resourcesOf(staging, "railway_variable"))
      .filter((v) => v.name === "DATABASE_URL")
      .map((v) => String(v.value));
    expect(url).toHaveLength(1);
    expect(url[0]).toContain(`@\${neon_endpoint.${endpointId}.id}-pooler.\${replace(neon_endpoint.${endpointId}.host,`);
    const direct = String((staging.output?.database_direct_url as { value: string }).value);
    expect(direct).toContain(`@\${neon_endpoint.${endpointId}.id}.\${replace(`);
    expect(direct).not.toContain("-pooler");
  });

  it("creates as many read replicas as configured", () => {
    const replicas = (name: string) =>
      Object.values(resourcesOf(out.stack(name), "neon_endpoint")).filter((e) => e.type === "read_only");
    expect(replicas("neuropilot-production")).toHaveLength(1);
    expect(replicas("neuropilot-staging")).toHaveLength(0);

    const inputs = bundledInputs();
    inputs.production.neon.readReplicas = 3;
    const more = synthToTemp(sourcesOf(inputs));
    try {
      const prodReplicas = Object.values(resourcesOf(more.stack("neuropilot-production"), "neon_endpoint"));
      expect(prodReplicas.filter((e) => e.type === "read_only")).toHaveLength(3);
    } finally {
      more.cleanup();
    }
  });
});

describe("Railway", () => {
  it("sets exactly the variables config reserves, besides the user's own", () => {
    const variables = Object.values(resourcesOf(out.stack("neuropilot-production"), "railway_variable"));
    const names = new Set(variables.map((v) => String(v.name)));
    const own = Object.keys(bundledInputs().production.railway.variables ?? {});
    expect([...names].filter((n) => !own.includes(n)).sort()).toEqual([...RESERVED_RAILWAY_VARIABLES].sort());
  });

  it("gives every regional service SENTRY_RELEASE as Railway's reference to the deployed commit, a constant", () => {
    for (const stack of ["neuropilot-production", "neuropilot-staging"]) {
      const variables = Object.values(resourcesOf(out.stack(stack), "railway_variable"));
      const releases = variables.filter((v) => v.name === "SENTRY_RELEASE");
      const services = Object.values(resourcesOf(out.stack(stack), "railway_service"));
      expect(releases).toHaveLength(services.length);
      // Terraform's "$${" is a literal "${": Railway receives ${{RAILWAY_GIT_COMMIT_SHA}}.
      for (const release of releases) expect(release.value).toBe("$${{RAILWAY_GIT_COMMIT_SHA}}");
    }
  });

  it("runs one service per region with the configured replicas, primary first", () => {
    const services = Object.values(resourcesOf(out.stack("neuropilot-production"), "railway_service"));
    expect(services.map((s) => [s.name, s.regions])).toEqual([
      ["neuropilot-backend-us-east", [{ region: "us-east4-eqdc4a", num_replicas: 2 }]],
      ["neuropilot-backend-us-west", [{ region: "us-west2", num_replicas: 1 }]],
    ]);
    expect(services[0]).toMatchObject({
      source_repo: "neuropilot/neuropilot-backend",
      source_repo_branch: "main",
      config_path: "railway/us-east.json",
    });
  });

  it("wires DATABASE_URL and DATABASE_READ_URL to Neon references, not literals", () => {
    const variables = Object.values(resourcesOf(out.stack("neuropilot-production"), "railway_variable"));
    const valueOf = (name: string) => variables.filter((v) => v.name === name).map((v) => String(v.value));
    const [databaseUrl] = valueOf("DATABASE_URL");
    expect(databaseUrl).toMatch(/^postgresql:\/\/\$\{neon_role\.[^}]+\.name\}:\$\{neon_role\.[^}]+\.password\}@/);
    expect(databaseUrl).toContain("database_host_pooler");
    // Reads are pooled too: the replica endpoint's id with -pooler, on a pooler-enabled endpoint.
    const [readUrl] = valueOf("DATABASE_READ_URL");
    const [replica] = Object.entries(resourcesOf(out.stack("neuropilot-production"), "neon_endpoint")).filter(
      ([, e]) => e.type === "read_only",
    );
    expect(replica[1]).toMatchObject({ pooler_enabled: true, pooler_mode: "transaction" });
    expect(readUrl).toContain(
      `@\${neon_endpoint.${replica[0]}.id}-pooler.\${replace(neon_endpoint.${replica[0]}.host, "/^[^.]+[.]/", "")}/`,
    );
    const direct = String((out.stack("neuropilot-production").output?.database_replica_url as { value: string }).value);
    expect(direct).toBe(readUrl);
    // Every regional service gets the same variables.
    expect(valueOf("DATABASE_URL")).toHaveLength(2);
  });

  it("wires SENTRY_DSN to the environment's own Sentry client key", () => {
    for (const name of ["neuropilot-staging", "neuropilot-production"]) {
      const stack = out.stack(name);
      const [keyId] = Object.keys(resourcesOf(stack, "sentry_key")).filter((id) => id.includes("backend"));
      const dsns = Object.values(resourcesOf(stack, "railway_variable")).filter((v) => v.name === "SENTRY_DSN");
      expect(dsns.length).toBeGreaterThan(0);
      for (const dsn of dsns) expect(dsn.value).toBe(`\${sentry_key.${keyId}.dsn["public"]}`);
    }
  });

  it("takes the Grafana secrets from sensitive variables", () => {
    const platform = out.stack("neuropilot-platform");
    for (const name of ["grafana_prometheus_password", "slack_webhook_url", "pagerduty_integration_key"]) {
      expect(platform.variable?.[name]).toMatchObject({ sensitive: true, type: "string" });
      expect(out.raw("neuropilot-platform")).toContain(`var.${name}`);
    }
  });

  it("attaches the API custom domain only where a single region serves it directly", () => {
    expect(onlyResource(out.stack("neuropilot-staging"), "railway_custom_domain").domain).toBe(
      "api-staging.neuropilot.ai",
    );
    expect(resourcesOf(out.stack("neuropilot-production"), "railway_custom_domain")).toEqual({});
  });
});

describe("secrets and stability", () => {
  it("has no credential-shaped literal anywhere in the output", () => {
    for (const name of STACKS) {
      const raw = out.raw(name);
      // A connection URI whose password is not a Terraform reference.
      expect(raw).not.toMatch(/postgres(ql)?:\/\/[^:"$]+:[^@"$]+@/);
      expect(raw).not.toMatch(/hooks\.slack\.com\/services\/T/);
      expect(raw).not.toMatch(/"(token|api_key|auth|password)":\s*"[^$]/);
    }
  });

  it("keeps the logical ids of stateful resources (renaming a construct would replace them)", () => {
    expect(Object.keys(resourcesOf(out.stack("neuropilot-platform"), "neon_project"))).toEqual([
      "database_project_39FA3E36",
    ]);
    const prod = out.stack("neuropilot-production");
    expect(Object.keys(resourcesOf(prod, "neon_role"))).toEqual(["database_app-role_AD0FD6EA"]);
    // The database it used to declare is forgotten, never destroyed, should a state hold it.
    for (const name of ["neuropilot-production", "neuropilot-staging"]) {
      expect((out.stack(name) as { removed?: unknown }).removed).toEqual([
        { from: "neon_database.database_7CF902CB", lifecycle: { destroy: false } },
      ]);
    }
    expect(Object.keys(resourcesOf(out.stack("neuropilot-staging"), "neon_branch"))).toEqual([
      "database_branch_D5C4B7D8",
    ]);
  });
});

describe("bad configuration", () => {
  it("fails before writing anything", () => {
    const inputs = bundledInputs();
    inputs.production.regions[1].replicas = 0;
    const outdir = join(out.outdir, "never-written");
    expect(() => synthesize(sourcesOf(inputs), { backend: "cloud", outdir })).toThrow(ConfigError);
    expect(existsSync(outdir)).toBe(false);
  });
});
