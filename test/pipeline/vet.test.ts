// Vetting of a pull request's synthesised Terraform (pipeline/vet/): every forbidden construct
// is refused, with its rule in the message, before any terraform process starts; the bundled
// stacks pass untouched.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ENVIRONMENT_SOURCES } from "../../config";
import { readPlanResults, stderrFile } from "../../pipeline/plan/plan-results";
import { PROVIDER_PINS } from "../../pipeline/vet/provider-pins";
import { FORBIDDEN_TYPES, VET_RULES } from "../../pipeline/vet/rules";
import { bundledVetPolicy, vetPolicyFor, vetStack } from "../../pipeline/vet/vet-stack";
import type { JsonObject } from "../../pipeline/synth/json";
import { PIPELINE_STACK_ORDER } from "../../pipeline/synth/stack-order";
import { PROVIDER_VERSIONS } from "../../stacks/providers";
import { bundledInputs, sourcesOf } from "../support/configs";
import { bundledSynth, synthToTemp } from "../support/synth";
import { writeSynthFolder } from "../support/synth-folder";
import { ROOT } from "./workflow-files";

const ORG = ENVIRONMENT_SOURCES[0].value.terraformCloudOrganization;
const GRAFANA_URL = ENVIRONMENT_SOURCES[0].value.grafana.url;

/** A stack every rule accepts; each case below changes one thing. */
function validStack(stack: string): JsonObject {
  return {
    "//": { metadata: { stackName: stack } },
    terraform: {
      cloud: { organization: ORG, workspaces: { name: stack } },
      required_providers: {
        neon: { source: "registry.terraform.io/kislerdm/neon", version: PROVIDER_PINS.neon.version },
        grafana: { source: "grafana/grafana", version: PROVIDER_PINS.grafana.version },
      },
    },
    provider: { neon: [{}], grafana: [{ url: GRAFANA_URL }] },
    data: {
      terraform_remote_state: {
        platform: { backend: "remote", config: { organization: ORG, workspaces: { name: "neuropilot-platform" } } },
      },
    },
    resource: { neon_project: { db: { name: "neuropilot", history_retention_seconds: 604800 } } },
    output: { id: { value: "${neon_project.db.id}" } },
  };
}

interface Case {
  rule: string;
  what: string;
  edit: (json: Record<string, any>) => void; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** A fragment of the refusal message. */
  says: string;
}

const CASES: Case[] = [
  {
    rule: "block",
    what: "a module",
    edit: (j) => (j.module = { m: { source: "git::https://example.com/x" } }),
    says: "modules are not allowed",
  },
  {
    rule: "block",
    what: "a check block with a scoped data source",
    edit: (j) => (j.check = { c: { data: {} } }),
    says: '"check" is not allowed',
  },
  {
    rule: "block",
    what: "an ephemeral resource",
    edit: (j) => (j.ephemeral = { x: {} }),
    says: '"ephemeral" is not allowed',
  },
  {
    rule: "provider-pin",
    what: "a pinned provider at another version",
    edit: (j) => (j.terraform.required_providers.neon.version = ">= 0.15.0"),
    says: "must be kislerdm/neon at exactly 0.15.0",
  },
  {
    rule: "provider-pin",
    what: "a pinned name from another source",
    edit: (j) => (j.terraform.required_providers.neon.source = "attacker/neon"),
    says: "must be kislerdm/neon",
  },
  {
    rule: "provider-pin",
    what: "a provider outside the pinned set",
    edit: (j) => (j.terraform.required_providers.random = { source: "hashicorp/random", version: "3.6.0" }),
    says: 'provider "random" is not one of the pinned providers',
  },
  {
    rule: "provider-undeclared",
    what: "a resource of an undeclared provider",
    edit: (j) => (j.resource.aws_instance = { x: {} }),
    says: 'provider "aws" is not declared',
  },
  {
    rule: "provider-config",
    what: "a provider endpoint",
    edit: (j) => (j.provider.neon = [{ endpoint: "https://collector.example.com" }]),
    says: 'provider "neon" may not set "endpoint"',
  },
  {
    rule: "provider-config",
    what: "a provider credential",
    edit: (j) => (j.provider.neon = [{ api_key: "${var.k}" }]),
    says: 'may not set "api_key"',
  },
  {
    rule: "provider-config",
    what: "a provider base URL other than main's",
    edit: (j) => (j.provider.grafana = [{ url: "https://grafana.example.com" }]),
    says: `url must be one of "${GRAFANA_URL}"`,
  },
  {
    rule: "provider-config",
    what: "an aliased provider",
    edit: (j) => j.provider.neon.push({ alias: "other" }),
    says: 'may not set "alias"',
  },
  {
    rule: "provisioner",
    what: "a provisioner",
    edit: (j) => (j.resource.neon_project.db.provisioner = [{ "local-exec": { command: "curl x | sh" } }]),
    says: "provisioner blocks are not allowed",
  },
  {
    rule: "provisioner",
    what: "a connection block",
    edit: (j) => (j.resource.neon_project.db.connection = { host: "x" }),
    says: "connection blocks are not allowed",
  },
  ...FORBIDDEN_TYPES.flatMap(({ types }) =>
    types.flatMap((type): Case[] => [
      {
        rule: "forbidden-type",
        what: `resource ${type}`,
        edit: (j) => (j.resource[type] = { x: {} }),
        says: `${type} is not allowed`,
      },
      {
        rule: "forbidden-type",
        what: `data ${type}`,
        edit: (j) => (j.data[type] = { x: {} }),
        says: `${type} is not allowed`,
      },
    ]),
  ),
  {
    rule: "forbidden-type",
    what: "another type of a forbidden provider (null_*)",
    edit: (j) => (j.resource.null_other = { x: {} }),
    says: "null_other is not allowed",
  },
  {
    rule: "remote-state",
    what: "remote state of another workspace",
    edit: (j) => (j.data.terraform_remote_state.platform.config.workspaces.name = "neuropilot-production"),
    says: 'workspace must be "neuropilot-platform"',
  },
  {
    rule: "remote-state",
    what: "remote state of another organization",
    edit: (j) => (j.data.terraform_remote_state.platform.config.organization = "elsewhere"),
    says: `organization must be "${ORG}"`,
  },
  {
    rule: "remote-state",
    what: "remote state from another host",
    edit: (j) => (j.data.terraform_remote_state.platform.config.hostname = "tfe.example.com"),
    says: "may set only organization and workspaces.name, not hostname",
  },
  {
    rule: "remote-state",
    what: "remote state from a local file",
    edit: (j) => (j.data.terraform_remote_state.platform = { backend: "local", config: { path: "/etc/x" } }),
    says: 'backend must be "remote"',
  },
  {
    rule: "backend",
    what: "another workspace",
    edit: (j) => (j.terraform.cloud.workspaces.name = "neuropilot-production"),
    says: 'workspace must be "neuropilot-vetted"',
  },
  {
    rule: "backend",
    what: "a cloud block on another host",
    edit: (j) => (j.terraform.cloud.hostname = "tfe.example.com"),
    says: "not hostname",
  },
  {
    rule: "backend",
    what: "an s3 backend",
    edit: (j) => {
      delete j.terraform.cloud;
      j.terraform.backend = { s3: { bucket: "x" } };
    },
    says: 'the "s3" backend is not allowed',
  },
  {
    rule: "backend",
    what: "the local backend outside the offline preview",
    edit: (j) => {
      delete j.terraform.cloud;
      j.terraform.backend = { local: { path: "/tmp/x" } };
    },
    says: "the local backend is allowed only in the offline preview",
  },
  {
    rule: "backend",
    what: "other terraform settings",
    edit: (j) => (j.terraform.experiments = ["x"]),
    says: "terraform.experiments is not allowed",
  },
  {
    rule: "file-function",
    what: "file() of the runner's environment",
    edit: (j) => (j.resource.neon_project.db.name = '${file("/proc/self/environ")}'),
    says: "file() reads files on the runner",
  },
  {
    rule: "file-function",
    what: "templatefile() in an output",
    edit: (j) => (j.output.id.value = '${templatefile("/home/runner/.npmrc", {})}'),
    says: "templatefile() reads files",
  },
  {
    rule: "file-path",
    what: "a content_file outside the stack directory",
    edit: (j) => (j.resource.neon_project.db.content_file = "../../../home/runner/work/_temp/x"),
    says: "content_file must be a relative path inside the stack directory",
  },
];

const STACK = "neuropilot-vetted";
const vet = (json: JsonObject, offline = false) => vetStack(json, bundledVetPolicy(STACK, offline));

function edited(c: Case): JsonObject {
  const json = structuredClone(validStack(STACK));
  c.edit(json);
  return json;
}

describe("vetting rules", () => {
  it("pins exactly the versions of stacks/providers.ts", () => {
    expect(Object.fromEntries(Object.entries(PROVIDER_PINS).map(([name, pin]) => [name, pin.version]))).toEqual(
      PROVIDER_VERSIONS,
    );
  });

  it("accepts the valid example and every bundled stack as synthesised (no false refusal)", () => {
    expect(vet(validStack(STACK))).toEqual([]);
    const synth = bundledSynth();
    for (const stack of [...PIPELINE_STACK_ORDER, "neuropilot-github"]) {
      expect(vetStack(synth.stack(stack) as JsonObject, bundledVetPolicy(stack)), stack).toEqual([]);
    }
  });

  it("accepts Sentry's regional API host exactly when config puts an environment in that data region", () => {
    const inputs = bundledInputs();
    // One Sentry organization for all environments, so one data region (config refuses two).
    inputs.staging.sentry = { ...inputs.staging.sentry, dataRegion: "de" };
    inputs.production.sentry = { ...inputs.production.sentry, dataRegion: "de" };
    const environments = [inputs.staging, inputs.production];
    const synth = synthToTemp(sourcesOf(inputs));
    try {
      const production = synth.stack("neuropilot-production") as JsonObject;
      expect(production.provider).toMatchObject({ sentry: [{ base_url: "https://de.sentry.io/api/" }] });
      for (const stack of [...PIPELINE_STACK_ORDER, "neuropilot-github"]) {
        expect(vetStack(synth.stack(stack) as JsonObject, vetPolicyFor(stack, environments)), stack).toEqual([]);
      }
      // main's bundled config is all in us: the same host is an endpoint it never sets.
      expect(vetStack(production, bundledVetPolicy("neuropilot-production"))).toEqual([
        {
          rule: "provider-config",
          at: "provider.sentry[0].base_url",
          message:
            'provider "sentry" may not set "base_url" (endpoints, URLs, credentials and aliases come from main\'s configuration only)',
        },
      ]);
      // Any other host is refused by name, even with the region configured.
      const elsewhere = structuredClone(production) as { provider: { sentry: Array<{ base_url: string }> } };
      elsewhere.provider.sentry[0].base_url = "https://sentry.attacker.example/api/";
      expect(vetStack(elsewhere as unknown as JsonObject, vetPolicyFor("neuropilot-production", environments))).toEqual(
        [
          {
            rule: "provider-config",
            at: "provider.sentry[0].base_url",
            message: 'provider "sentry" base_url must be one of "https://de.sentry.io/api/"',
          },
        ],
      );
    } finally {
      synth.cleanup();
    }
  });

  it("accepts the local backend only in the offline preview", () => {
    const local = structuredClone(validStack(STACK)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    delete local.terraform.cloud;
    local.terraform.backend = { local: { path: "terraform.tfstate" } };
    expect(vet(local, true)).toEqual([]);
    expect(vet(local).map((f) => f.rule)).toEqual(["backend"]);
  });

  it("offline, accepts local remote state of exactly the platform stack's local state file", () => {
    const withLocal = (state: JsonObject): JsonObject => {
      const json = structuredClone(validStack(STACK)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
      delete json.terraform.cloud;
      json.terraform.backend = { local: { path: "terraform.tfstate" } };
      json.data.terraform_remote_state.platform = state;
      return json as JsonObject;
    };
    const platform = "../neuropilot-platform/terraform.neuropilot-platform.tfstate";
    const cdktfShape = { backend: "local", config: { path: platform }, workspace: "$" + "{terraform.workspace}" };
    expect(vet(withLocal(cdktfShape), true)).toEqual([]);
    // Outside the offline preview the same reference is refused.
    expect(vet(withLocal(cdktfShape)).map((f) => f.rule)).toEqual(["remote-state", "backend"]);
    const refusals = (state: JsonObject): string[] => vet(withLocal(state), true).map((f) => f.message);
    expect(
      refusals({ ...cdktfShape, config: { path: "../neuropilot-production/terraform.neuropilot-production.tfstate" } }),
    ).toEqual([
      `the local backend may read only ${platform}, not {"path":"../neuropilot-production/terraform.neuropilot-production.tfstate"}`,
    ]);
    expect(refusals({ ...cdktfShape, config: { path: platform, workspace_dir: "/etc" } })[0]).toMatch(
      /^the local backend may read only /,
    );
    expect(refusals({ ...cdktfShape, workspace: "production" })).toEqual([
      'workspace must be "$' + '{terraform.workspace}", not "production"',
    ]);
    expect(refusals({ ...cdktfShape, defaults: { x: 1 } })).toEqual(["may not set defaults"]);
  });

  it("has a refused example for every rule", () => {
    for (const rule of VET_RULES)
      expect(
        CASES.some((c) => c.rule === rule.id),
        rule.id,
      ).toBe(true);
  });

  for (const c of CASES) {
    it(`refuses ${c.what} (${c.rule})`, () => {
      const findings = vet(edited(c));
      const finding = findings.find((f) => f.rule === c.rule);
      expect(finding, JSON.stringify(findings)).toBeDefined();
      expect(finding?.message).toContain(c.says);
    });
  }
});

describe("plan-stacks.ts refuses before any terraform process starts", () => {
  const work = mkdtempSync(join(tmpdir(), "vet-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const bin = join(work, "bin");
  const log = join(work, "terraform-invocations.log");
  mkdirSync(bin);
  // Records every invocation; `show -json` prints an empty plan so a vetted stack plans.
  writeFileSync(
    join(bin, "terraform"),
    `#!/bin/sh\necho "$@" >> "${log}"\nif [ "$1" = show ]; then echo '{"format_version":"1.2"}'; fi\nexit 0\n`,
  );
  chmodSync(join(bin, "terraform"), 0o755);

  function planStacks(dir: string, out: string, stacks: string[]) {
    rmSync(log, { force: true });
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}:${process.env.PATH}`, GITHUB_OUTPUT: "" };
    delete env.TERRAFORM_BIN;
    return spawnSync(
      process.execPath,
      [join(ROOT, "app-runner", "run-app.mjs"), "pipeline/plan-stacks.ts", "--synth", dir, "--out", out, ...stacks],
      { cwd: ROOT, encoding: "utf8", env },
    );
  }

  it("plans a vetted stack with the fake terraform (the recording works)", () => {
    const dir = join(work, "valid");
    writeSynthFolder(dir, { [STACK]: validStack(STACK) });
    const run = planStacks(dir, join(work, "plans-valid"), [STACK]);
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
    expect(readFileSync(log, "utf8")).toMatch(/^init /m);
  }, 30_000);

  it("refuses every case, each with its own message, and starts no terraform at all", () => {
    const dir = join(work, "hostile");
    const stacks = Object.fromEntries(CASES.map((c, i) => [`case-${i}`, edited(c)]));
    // Each case's workspace must be its own stack name for the other rules to pass.
    for (const [name, json] of Object.entries(stacks)) {
      const cloud = (json.terraform as Record<string, any>).cloud; // eslint-disable-line @typescript-eslint/no-explicit-any
      if (cloud?.workspaces?.name === STACK) cloud.workspaces.name = name;
    }
    // One vetted stack among them is not planned either.
    stacks[STACK] = validStack(STACK);
    writeSynthFolder(dir, stacks);
    const out = join(work, "plans-hostile");
    const run = planStacks(dir, out, Object.keys(stacks));
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(1);
    expect(existsSync(log)).toBe(false);
    const results = readPlanResults(out);
    expect(results).toHaveLength(CASES.length + 1);
    expect(results.every((r) => r.status === "failed")).toBe(true);
    CASES.forEach((c, i) => {
      const refusal = readFileSync(stderrFile(out, `case-${i}`), "utf8");
      expect(refusal, c.what).toContain(`[${c.rule}]`);
      if (c.rule !== "backend") expect(refusal, c.what).toContain(c.says);
    });
    expect(readFileSync(stderrFile(out, STACK), "utf8")).toContain("was refused, so nothing was planned");
  }, 60_000);
});
