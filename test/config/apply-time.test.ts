// Config values a first real apply would reject (or misread) fail validation instead, naming
// the file, the path and the fix: template sequences and invisible characters in any string,
// names outside their service's charset and length, off-step Neon compute sizes, reserved
// Railway variables and Neon roles a branch already has.
import { describe, expect, it } from "vitest";
import { literalProblem } from "../../config/literals";
import { NEON_COMPUTE_STEPS, neonComputeIssues } from "../../config/neon-limits";
import { problemsAfter } from "../support/configs";
import { GITHUB_PLANS, GITHUB_VISIBILITIES, githubPlanProblem } from "../../config/schema";

describe("template sequences, control and bidi characters in any config string", () => {
  it.each([
    ["${", 'x${file("/etc/passwd")}'],
    ["%{", "x%{ if true }y%{ endif }"],
  ])("rejects %s and names the path and the escape", (sequence, value) => {
    const message = problemsAfter((c) => {
      c.production.railway.projectName = value;
    });
    expect(message).toContain(
      `config/production.ts: production.railway.projectName: contains the Terraform template sequence "${sequence}"`,
    );
    expect(message).toContain(`write "${sequence[0]}${sequence}"`);
  });

  it("finds them at any depth, in values and in keys", () => {
    const message = problemsAfter((c) => {
      c.staging.railway.variables = { LOG_LEVEL: "${var.x}", "A${b}": "1" };
      c.production.sentry!.slackWorkspace = "Neuro\u202ePilot";
      c.production.grafana.emailDigestTo = ["ops@neuropilot.ai", "x\u0007@neuropilot.ai"];
    });
    expect(message).toContain("config/staging.ts: staging.railway.variables.LOG_LEVEL: contains the Terraform");
    expect(message).toContain("config/staging.ts: staging.railway.variables.A${b}: key contains the Terraform");
    expect(message).toContain("production.sentry.slackWorkspace: contains the bidirectional-text control U+202E");
    expect(message).toContain("production.grafana.emailDigestTo[1]: contains the control character U+0007");
  });

  it("reports them with every other problem in one pass, once per field", () => {
    const message = problemsAfter((c) => {
      c.staging.railway.projectName = "x${y}";
      c.staging.neon.compute.minCu = 0.3;
    });
    expect(message).toContain("Invalid configuration (2 problems)");
    expect(message).toContain("staging.railway.projectName: contains the Terraform template sequence");
    expect(message).toContain("staging.neon.compute.minCu: 0.3 CU is not a Neon compute size");
  });

  it("lets Terraform's own escapes and a lone $ or % through", () => {
    for (const ok of ["$${literal}", "%%{literal}", "costs $5", "100%", "a$b{c}", "{x}"]) {
      expect(literalProblem(ok), ok).toBeNull();
    }
    for (const bad of ["$$${x}", "${", "%{", "tab\there", "line\nbreak", "\u2066isolate", "\u200fmark"]) {
      expect(literalProblem(bad), JSON.stringify(bad)).not.toBeNull();
    }
  });
});

describe("names within each service's charset and length", () => {
  const cases: Array<
    [string, (c: Parameters<Parameters<typeof problemsAfter>[0]>[0], v: string) => void, string, string]
  > = [
    // [path, setter, longest valid, what fails]
    ["production.neon.databaseName", (c, v) => (c.production.neon.databaseName = v), "a".repeat(63), "a".repeat(64)],
    ["production.neon.roleName", (c, v) => (c.production.neon.roleName = v), "a".repeat(57), "a".repeat(58)],
    ["production.neon.branchName", (c, v) => (c.production.neon.branchName = v), "a".repeat(63), "a".repeat(64)],
    ["production.sentry.team", (c, v) => (c.production.sentry!.team = v), "a".repeat(50), "a".repeat(51)],
    [
      "production.railway.backend.serviceName",
      (c, v) => (c.production.railway.backend.serviceName = v),
      "a".repeat(30),
      "a".repeat(31),
    ],
    ["production.github.owner", (c, v) => (c.production.github.owner = v), "a".repeat(39), "a".repeat(40)],
    ["production.github.repo", (c, v) => (c.production.github.repo = v), "a".repeat(100), "a".repeat(101)],
    [
      "production.sentry.alertChannel",
      (c, v) => (c.production.sentry!.alertChannel = v),
      `#${"a".repeat(80)}`,
      `#${"a".repeat(81)}`,
    ],
  ];

  it.each(cases)("%s: the longest allowed passes, one more fails", (path, set, longest, tooLong) => {
    expect(
      problemsAfter((c) => set(c, longest)),
      `${path} = longest`,
    ).not.toContain(path);
    expect(problemsAfter((c) => set(c, tooLong))).toContain(`${path}: `);
  });

  it.each([
    [
      "production.neon.roleName",
      (c: Parameters<Parameters<typeof problemsAfter>[0]>[0]) => (c.production.neon.roleName = "pg_app"),
    ],
    [
      "production.sentry.backendProject",
      (c: Parameters<Parameters<typeof problemsAfter>[0]>[0]) => (c.production.sentry!.backendProject = "12345"),
    ],
    [
      "production.railway.backend.branch",
      (c: Parameters<Parameters<typeof problemsAfter>[0]>[0]) => (c.production.railway.backend.branch = "feature..x"),
    ],
    [
      "production.github.owner",
      (c: Parameters<Parameters<typeof problemsAfter>[0]>[0]) => (c.production.github.owner = "-neuro"),
    ],
    [
      "production.railway.projectName",
      (c: Parameters<Parameters<typeof problemsAfter>[0]>[0]) => (c.production.railway.projectName = "Neuro Pilot"),
    ],
  ])("%s rejects a name outside the charset", (path, set) => {
    expect(problemsAfter(set)).toContain(`${path}: must`);
  });
});

describe("Neon compute sizes", () => {
  it("are Neon's steps: 0.25, 0.5, 1…16, then even sizes to 56", () => {
    expect(NEON_COMPUTE_STEPS.slice(0, 4)).toEqual([0.25, 0.5, 1, 2]);
    expect(NEON_COMPUTE_STEPS).toContain(16);
    expect(NEON_COMPUTE_STEPS).not.toContain(17);
    expect(NEON_COMPUTE_STEPS).toContain(18);
    expect(NEON_COMPUTE_STEPS.at(-1)).toBe(56);
  });

  it("rejects an off-step size with the allowed steps", () => {
    const message = problemsAfter((c) => {
      c.staging.neon.compute = { minCu: 0.3, maxCu: 1, suspendTimeoutSeconds: 300 };
    });
    expect(message).toContain(
      "config/staging.ts: staging.neon.compute.minCu: 0.3 CU is not a Neon compute size; use one of 0.25, 0.5, 1, 2",
    );
  });

  it("keeps autoscaling within 16 CU and a spread of 8, and the plan's maximum", () => {
    expect(neonComputeIssues("launch", { minCu: 8, maxCu: 16 })).toEqual([]);
    expect(neonComputeIssues("launch", { minCu: 7, maxCu: 16 })[0].message).toContain("spans more than 8 CU");
    expect(neonComputeIssues("scale", { minCu: 18, maxCu: 18 })).toEqual([]);
    expect(neonComputeIssues("scale", { minCu: 16, maxCu: 18 })[0].message).toContain("autoscaling reaches at most 16");
    expect(neonComputeIssues("launch", { minCu: 18, maxCu: 18 })[0].message).toContain("launch plan's 16 CU");
    expect(neonComputeIssues("free", { minCu: 0.25, maxCu: 2 })).toEqual([]);
    expect(neonComputeIssues("free", { minCu: 0.25, maxCu: 3 })[0].message).toContain("free plan's 2 CU");
  });
});

describe("Railway variables the stack sets itself", () => {
  it.each(["DATABASE_URL", "SENTRY_DSN", "NODE_ENV"])("%s is an error naming the key", (key) => {
    const message = problemsAfter((c) => {
      c.production.railway.variables = { LOG_LEVEL: "info", [key]: "mine" };
    });
    expect(message).toContain(`config/production.ts: production.railway.variables.${key}: ${key} is set by the stack`);
  });
});

describe("Neon roles a branch already has", () => {
  it("refuses an environment role equal to another environment's (a child branch inherits it)", () => {
    const message = problemsAfter((c) => {
      c.staging.neon.roleName = "neuropilot_app";
    });
    expect(message).toContain(
      "config/staging.ts: staging.neon.roleName: role neuropilot_app is already production's application role, and a child branch inherits",
    );
  });

  it("refuses the project's owner role", () => {
    const message = problemsAfter((c) => {
      c.staging.neon.roleName = "neuropilot_app_owner";
    });
    expect(message).toContain(
      "staging.neon.roleName: role neuropilot_app_owner is already the Neon project's owner role",
    );
  });

  it("requires one database name across environments (the project creates the only one)", () => {
    const message = problemsAfter((c) => {
      c.staging.neon.databaseName = "neuropilot_staging";
    });
    expect(message).toContain("config/staging.ts: staging.neon.databaseName: must equal neuropilot");
  });
});

describe("GitHub plan and visibility: required reviewers must exist", () => {
  it("public repositories on every plan and Enterprise with any visibility pass", () => {
    for (const plan of GITHUB_PLANS) expect(githubPlanProblem("public", plan), plan).toBeUndefined();
    for (const visibility of GITHUB_VISIBILITIES) expect(githubPlanProblem(visibility, "enterprise")).toBeUndefined();
  });

  it("a private repository below Enterprise and an internal one outside it are refused, saying why and the way out", () => {
    expect(githubPlanProblem("private", "team")).toBe(
      "a private repository on GitHub Team has environments but no required reviewers, and every environment that holds a production-capable key needs the production reviewers: make the infra repository public (no secret lives in it) or move its organization to GitHub Enterprise Cloud",
    );
    expect(githubPlanProblem("private", "pro")).toMatch(
      /^a private repository on GitHub Pro has environments but no required reviewers/,
    );
    expect(githubPlanProblem("private", "free")).toMatch(
      /^a private repository on GitHub Free has no environments, environment secrets or rulesets/,
    );
    expect(githubPlanProblem("internal", "team")).toMatch(/^internal repositories exist only on GitHub Enterprise/);
  });

  it("a config written before the fields existed is told what they are and where to read, naming file and path", () => {
    const message = problemsAfter((c) => {
      const github: Partial<typeof c.production.github> = { ...c.production.github };
      delete github.visibility;
      delete github.plan;
      c.production.github = github as typeof c.production.github;
    });
    expect(message).toContain(
      "config/production.ts: production.github.visibility: required since required reviewers depend on it: the infra repository's visibility, one of public, private, internal (docs/pipeline.md, Bootstrapping)",
    );
    expect(message).toContain(
      "config/production.ts: production.github.plan: required since required reviewers depend on it: the GitHub plan of the repository's owner, one of free, pro, team, enterprise",
    );
    expect(
      problemsAfter((c) => (c.production.github = { ...c.production.github, plan: "business" as "team" })),
    ).toContain("config/production.ts: production.github.plan: must be one of free, pro, team, enterprise");
  });

  it("config refuses it with the file and the path", () => {
    expect(problemsAfter((c) => (c.production.github = { ...c.production.github, visibility: "private" }))).toContain(
      "config/production.ts: production.github.visibility: a private repository on GitHub Team has environments but no required reviewers",
    );
    expect(
      problemsAfter((c) => {
        for (const env of [c.staging, c.production])
          env.github = { ...env.github, visibility: "private", plan: "enterprise" };
      }),
    ).toBe("");
  });
});

describe("Railway service domains: one DNS label", () => {
  // staging: region us-east; <serviceName>-us-east-<environmentName>, 30 + 1 + 7 + 1 + E.
  const withNames = (environmentLength: number) =>
    problemsAfter((c) => {
      c.staging.railway.backend = { ...c.staging.railway.backend, serviceName: "s".repeat(30) };
      c.staging.railway.environmentName = "e".repeat(environmentLength);
    });

  it("passes at 63 characters and refuses 64, naming file, path and what to shorten", () => {
    expect(withNames(24)).toBe("");
    expect(withNames(25)).toContain(
      `config/staging.ts: staging.railway.backend.serviceName: region us-east's Railway domain ${"s".repeat(30)}-us-east-${"e".repeat(25)} (<serviceName>-<region>-<environmentName>) has 64 characters, over a DNS label's 63: shorten serviceName, the region's name or railway.environmentName`,
    );
  });
});
