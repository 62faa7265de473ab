// Hostile and careless config values (issue 30): each is refused at load, before anything is
// written, with one problem naming the file, the dotted path, what is allowed and an example.
// Every case synthesizes into its own output folder, which must not exist afterwards.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { AdoptionListInput } from "../../config/adoption";
import { ConfigError, type EnvironmentSource } from "../../config/load";
import type { EnvironmentInput, SingleCellEnvironmentInput } from "../../config/schema";
import { GLOBAL_SOURCES } from "../../config/examples/global";
import { synthesize } from "../../synthesize";
import { bundledInputs, sourcesOf, type BundledInputs } from "../support/configs";
import { adoptProduction } from "../stacks/fixtures/adopt-production";

const work = mkdtempSync(join(tmpdir(), "hostile-values-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const PRODUCTION = "config/production.ts";
const STAGING = "config/staging.ts";
const GLOBAL = "config/examples/global.ts";
const ADOPT = "config/adopt/neuropilot-production.ts";

interface Case {
  name: string;
  /** Mutates the bundled single-cell configs, or (with `global`) the three-cell example's production. */
  mutate?: (inputs: BundledInputs) => void;
  global?: (production: EnvironmentInput) => void;
  adoption?: () => AdoptionListInput;
  /** `<file>: <path>: ` and a part of the message. */
  file: string;
  path: string;
  says: string;
}

const globalProduction = (env: EnvironmentInput) => env.cells!;
// Assembled at run time: a commit hook refuses secret-shaped literals in sources.
const githubToken = "gh" + "p_" + "A".repeat(36);

const CASES: Case[] = [
  // Expressions and schemes where data belongs.
  {
    name: "a ${…} expression in an import id",
    adoption: () => withId('${upper("abc")}'),
    file: ADOPT,
    path: "adopt.resources[0].id",
    says: "Terraform template sequence",
  },
  {
    name: "a %{…} directive in an import id",
    adoption: () => withId(`%{ if true }x%{ endif }`),
    file: ADOPT,
    path: "adopt.resources[0].id",
    says: "which Terraform would evaluate",
  },
  {
    name: "an escaped $${…} in an import id (no provider id holds one)",
    adoption: () => withId("$${zone}/ssl"),
    file: ADOPT,
    path: "adopt.resources[0].id",
    says: 'contains "${", which Terraform would evaluate; an import id is the provider\'s literal id',
  },
  {
    name: "a javascript: runbook URL",
    mutate: (i) => void (i.production.grafana.runbookUrl = "javascript:alert(1)"),
    file: PRODUCTION,
    path: "production.grafana.runbookUrl",
    says: "must start with https://",
  },
  {
    name: "an http: runbook URL",
    mutate: (i) => void (i.production.grafana.runbookUrl = "http://example.com/runbook"),
    file: PRODUCTION,
    path: "production.grafana.runbookUrl",
    says: "must start with https://",
  },
  {
    name: "an ftp:// Grafana URL",
    mutate: (i) => void (i.staging.grafana.url = "ftp://neuropilot.grafana.net"),
    file: STAGING,
    path: "staging.grafana.url",
    says: "such as https://neuropilot.grafana.net",
  },
  // Credentials inside values.
  {
    name: "user:password@ in the telemetry push URL",
    mutate: (i) => {
      const telemetry = i.production.autoheal!.telemetry!;
      telemetry.pushUrl = telemetry.pushUrl.replace("https://", "https://123:hunter2@");
    },
    file: PRODUCTION,
    path: "production.autoheal.telemetry.pushUrl",
    says: "must not carry credentials (user:password@)",
  },
  {
    name: "user:password@ in the Prometheus URL",
    mutate: (i) => void (i.staging.grafana.prometheusUrl = "https://me:pw@prometheus.grafana.net/api/prom"),
    file: STAGING,
    path: "staging.grafana.prometheusUrl",
    says: "must not carry credentials",
  },
  {
    name: "a secret-shaped literal in Railway variables",
    mutate: (i) => void (i.staging.railway.variables = { GITHUB_TOKEN: githubToken }),
    file: STAGING,
    path: "staging.railway.variables.GITHUB_TOKEN",
    says: "looks like a github-token credential; secrets never live in config",
  },
  // Collisions and duplicates.
  {
    name: "the API host equal to the frontend host",
    mutate: (i) =>
      void (i.staging.cloudflare.hosts = { api: "api-staging.neuropilot.ai", frontend: "api-staging.neuropilot.ai" }),
    file: STAGING,
    path: "staging.cloudflare.hosts.frontend",
    says: "is the same host as hosts.api (api-staging.neuropilot.ai); give the frontend its own name",
  },
  {
    name: "the same Railway region twice in one cell",
    global: (p) => {
      const us = globalProduction(p)[0];
      us.regions = [...us.regions, { name: "us-east-again", railwayRegion: us.regions[0].railwayRegion, replicas: 1 }];
    },
    file: GLOBAL,
    path: "production.cells[0].regions[2].railwayRegion",
    says: "is already regions[0] of cell us; list each region once",
  },
  {
    name: "a duplicate country in a cell",
    global: (p) => void (globalProduction(p)[1].countries = ["IE", "PT", "IE"]),
    file: GLOBAL,
    path: "production.cells[1].countries[2]",
    says: "IE is already countries[0] of cell eu; list each country once",
  },
  {
    name: "the same PoP in two cells",
    global: (p) => {
      p.cloudflare.plan = "enterprise";
      globalProduction(p)[1].pops = ["FRA"];
      globalProduction(p)[2].pops = ["SIN", "FRA"];
    },
    file: GLOBAL,
    path: "production.cells[2].pops[1]",
    says: "PoP FRA is already steered to cell eu; a PoP belongs to one cell",
  },
  {
    name: "a PoP code Cloudflare does not have",
    global: (p) => {
      p.cloudflare.plan = "enterprise";
      globalProduction(p)[1].pops = ["FRA", "ZZZ"];
    },
    file: GLOBAL,
    path: "production.cells[1].pops[1]",
    says: "ZZZ is not a Cloudflare PoP in config/cloudflare-pops.ts",
  },
  {
    name: "the same PoP twice in one cell",
    global: (p) => {
      p.cloudflare.plan = "enterprise";
      globalProduction(p)[1].pops = ["FRA", "FRA"];
    },
    file: GLOBAL,
    path: "production.cells[1].pops[1]",
    says: "FRA is already pops[0] of cell eu; list each PoP once",
  },
  {
    name: "a staging Neon branch named like the default branch",
    mutate: (i) => void (i.staging.neon.branchName = i.production.neon.branchName),
    file: STAGING,
    path: "staging.neon.branchName",
    says: "is the default branch of production (config/production.ts); give this environment its own branch",
  },
  // Values that don't exist.
  {
    name: "country code XX",
    global: (p) => void (globalProduction(p)[1].countries = ["XX"]),
    file: GLOBAL,
    path: "production.cells[1].countries[0]",
    says: "XX is not an ISO 3166-1 alpha-2 country code (config/countries.ts); use one such as DE",
  },
  {
    name: "an unknown jurisdiction",
    global: (p) => void (globalProduction(p)[1].jurisdiction = "mars"),
    file: GLOBAL,
    path: "production.cells[1].jurisdiction",
    says: "unknown jurisdiction mars; one of us, eu,",
  },
  {
    name: "120 regions in one cell",
    global: (p) => {
      const us = globalProduction(p)[0];
      us.regions = Array.from({ length: 120 }, (_, n) => ({ ...us.regions[0], name: `us-${n}` }));
    },
    file: GLOBAL,
    path: "production.cells[0].regions",
    says: "at most 4 regions",
  },
  {
    name: "a rootDirectory that leaves the repository",
    mutate: (i) => void (i.staging.railway.backend.rootDirectory = "../../etc"),
    file: STAGING,
    path: "staging.railway.backend.rootDirectory",
    says: "must stay inside the repository (no .. segment), such as backend",
  },
  {
    name: "a rootDirectory of 10,000 characters",
    mutate: (i) => void (i.staging.railway.backend.rootDirectory = "a".repeat(10_000)),
    file: STAGING,
    path: "staging.railway.backend.rootDirectory",
    says: "at most 255 characters",
  },
  {
    name: "an absolute rootDirectory",
    mutate: (i) => void (i.staging.railway.backend.rootDirectory = "/etc"),
    file: STAGING,
    path: "staging.railway.backend.rootDirectory",
    says: "must be a relative folder of the repository such as backend",
  },
  {
    name: "a Railway workspace id x",
    mutate: (i) => void (i.staging.railway.workspaceId = "x"),
    file: STAGING,
    path: "staging.railway.workspaceId",
    says: "must be a Railway workspace id, a UUID such as",
  },
  {
    name: "an SLO window of 0d",
    mutate: (i) => void (i.production.grafana.slo = { ...i.production.grafana.slo!, window: "0d" }),
    file: PRODUCTION,
    path: "production.grafana.slo.window",
    says: "must be at least 7d (Grafana's shortest SLO window), such as 28d",
  },
  {
    name: "an SLO window one day under Grafana's minimum",
    mutate: (i) => void (i.production.grafana.slo = { ...i.production.grafana.slo!, window: "6d" }),
    file: PRODUCTION,
    path: "production.grafana.slo.window",
    says: "must be at least 7d (Grafana's shortest SLO window), such as 28d",
  },
  {
    name: "a p95 alert threshold of 0.0001 ms",
    mutate: (i) => void (i.staging.grafana.alerts.latencyP95Ms = 0.0001),
    file: STAGING,
    path: "staging.grafana.alerts.latencyP95Ms",
    says: "must be whole milliseconds such as 400",
  },
  {
    name: "a p95 alert threshold of 0 ms",
    mutate: (i) => void (i.staging.grafana.alerts.dbQueryP95Ms = 0),
    file: STAGING,
    path: "staging.grafana.alerts.dbQueryP95Ms",
    says: "must be at least 1 ms",
  },
  {
    name: "a p95 alert threshold above 10 minutes",
    mutate: (i) => void (i.staging.grafana.alerts.latencyP95Ms = 600_001),
    file: STAGING,
    path: "staging.grafana.alerts.latencyP95Ms",
    says: "must be at most 600000 ms",
  },
  // Precision.
  {
    name: "an availability target that would be written as exactly 1",
    mutate: (i) => void (i.production.grafana.slo = { ...i.production.grafana.slo!, availabilityPct: 99.99999 }),
    file: PRODUCTION,
    path: "production.grafana.slo.availabilityPct",
    says: "at most 99.9999: Grafana's objective is written with six decimals, and this would be written as exactly 1",
  },
  // Invisible and look-alike characters.
  {
    name: "a zero-width space in the Slack workspace name",
    mutate: (i) => void (i.production.sentry.slackWorkspace = "Neuro\u200bPilot"),
    file: PRODUCTION,
    path: "production.sentry.slackWorkspace",
    says: "contains the invisible character U+200B",
  },
  {
    name: "a byte-order mark in the GitHub integration name",
    mutate: (i) => void (i.production.sentry.githubIntegration = "\ufeffneuropilot"),
    file: PRODUCTION,
    path: "production.sentry.githubIntegration",
    says: "contains the invisible character U+FEFF",
  },
  {
    name: "a Cyrillic look-alike in the GitHub integration name",
    mutate: (i) => void (i.production.sentry.githubIntegration = "neur\u043epilot"),
    file: PRODUCTION,
    path: "production.sentry.githubIntegration",
    says: "mixes Latin letters with the Cyrillic or Greek U+043E",
  },
];

function withId(id: string): AdoptionListInput {
  const list = structuredClone(adoptProduction);
  list.resources[0] = { ...list.resources[0], id };
  return list;
}

function sourcesFor(c: Case): EnvironmentSource[] {
  if (c.global) {
    const sources = structuredClone(GLOBAL_SOURCES);
    c.global(sources[1].value as EnvironmentInput);
    return sources;
  }
  const inputs = bundledInputs();
  c.mutate?.(inputs);
  return sourcesOf(inputs);
}

describe("hostile config values", () => {
  it.each(CASES.map((c, index) => [c.name, c, index] as const))("refuses %s", (_name, c, index) => {
    const outdir = join(work, `out-${index}`);
    let error: unknown;
    try {
      synthesize(sourcesFor(c), {
        backend: "local",
        outdir,
        adoption: c.adoption ? [{ file: ADOPT, value: c.adoption() }] : [],
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    const problem = problems.find((p) => p.file === c.file && p.path === c.path && p.message.includes(c.says));
    expect(problem, (error as Error).message).toBeDefined();
    expect(existsSync(outdir)).toBe(false);
  });

  it("the values at the edges still pass", () => {
    const inputs = bundledInputs();
    const production = inputs.production as SingleCellEnvironmentInput;
    production.grafana.slo = { ...production.grafana.slo!, availabilityPct: 99.9999, window: "7d" };
    production.grafana.alerts.latencyP95Ms = 1;
    inputs.staging.grafana.alerts.latencyP95Ms = 600_000;
    inputs.staging.railway.backend.rootDirectory = `backend/${"a".repeat(247)}`;
    inputs.staging.railway.workspaceId = "3f2b8c1e-6a4d-4e0f-9b7a-2c5d8e1f0a93";
    inputs.staging.railway.variables = { LOG_LEVEL: "debug", GREETING: "Grüße, Привет" };
    const outdir = join(work, "edges");
    synthesize(sourcesOf(inputs), { backend: "local", outdir });
    expect(existsSync(join(outdir, "stacks"))).toBe(true);
  });
});
