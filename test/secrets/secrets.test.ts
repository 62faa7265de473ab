// The secret check: the clean synthesised output passes; each kind of credential planted
// in a copy of it (or in config) is caught with file:line, and never printed.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatSecretFindings, scanFiles, type SecretFinding } from "../../secrets/scan";
import { bundledInputs, sourcesOf } from "../support/configs";
import { type SynthOutput, synthToTemp, bundledSynth } from "../support/synth";

// Built at run time so no credential-shaped literal sits in the repository (push protection).
const repeat = (chars: string, length: number) => chars.repeat(Math.ceil(length / chars.length)).slice(0, length);
const SECRETS = {
  cloudflare: repeat("Cf9x", 40),
  githubClassic: `ghp_${repeat("Gh7k", 36)}`,
  githubFineGrained: `github_pat_${repeat("Fg3m_", 82)}`,
  slackToken: `xoxb-${repeat("1234-", 24)}abc`,
  slackWebhook: `https://hooks.slack.com/services/T${repeat("0A", 8)}/B${repeat("1B", 8)}/${repeat("Wh0k", 24)}`,
  pagerDuty: repeat("a1b2", 32),
  sentryDsn: `https://${repeat("0f", 32)}@o4501.ingest.sentry.io/4502`,
  railway: "6c1c7a84-1f1e-4f5c-9a8e-2b7e1c3d4e5f",
  neon: `napi_${repeat("n3on", 60)}`,
  grafanaSa: `glsa_${repeat("Gr4f", 32)}_${repeat("0a1b", 8)}`,
  grafanaCloud: `glc_${repeat("eyJr", 48)}`,
  postgresPassword: repeat("Pw9!", 16),
  privateKey: ["-----BEGIN", "OPENSSH PRIVATE KEY-----"].join(" "),
};

let out: SynthOutput;
let scratch: string;
beforeAll(() => {
  out = bundledSynth();
  scratch = mkdtempSync(join(tmpdir(), "neuropilot-secrets-"));
});
afterAll(() => {
  out.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

/** The parts of a stack the tests plant into. */
interface StackJson {
  provider: Record<string, unknown[]>;
  resource: Record<string, Record<string, Record<string, unknown>>>;
  variable: Record<string, unknown>;
  output: Record<string, unknown>;
}

function plantedCopy(name: string, plant: (stacks: { production: StackJson; platform: StackJson }) => void): string {
  const dir = join(scratch, name);
  cpSync(out.outdir, dir, { recursive: true });
  const file = (stack: string) => join(dir, "stacks", stack, "cdk.tf.json");
  const production = JSON.parse(readFileSync(file("neuropilot-production"), "utf8")) as StackJson;
  const platform = JSON.parse(readFileSync(file("neuropilot-platform"), "utf8")) as StackJson;
  plant({ production, platform });
  writeFileSync(file("neuropilot-production"), JSON.stringify(production, null, 2));
  writeFileSync(file("neuropilot-platform"), JSON.stringify(platform, null, 2));
  return dir;
}

function lineOf(finding: SecretFinding, dir: string): string {
  return readFileSync(join(dir, finding.file.replace(/^.*?stacks\//, "stacks/")), "utf8").split("\n")[finding.line - 1];
}

describe("the clean synthesised output", () => {
  it("passes", () => {
    expect(scanFiles([out.outdir])).toEqual([]);
  });
});

describe("planted credentials", () => {
  let dir: string;
  let findings: SecretFinding[];
  beforeAll(() => {
    dir = plantedCopy("planted", ({ production, platform }) => {
      production.provider.cloudflare = [{ api_token: SECRETS.cloudflare }];
      production.provider.railway = [{ token: SECRETS.railway }];
      production.provider.neon = [{ api_key: SECRETS.neon }];
      production.provider.grafana = [{ url: "https://neuropilot.grafana.net", auth: SECRETS.grafanaSa }];
      const variables = production.resource.railway_variable;
      const plain = (id: string, name: string, value: string) => {
        variables[id] = { environment_id: "${railway_project.p.default_environment.id}", name, service_id: "x", value };
      };
      plain("a", "DEPLOY_NOTE", `pushed with ${SECRETS.githubClassic}`);
      plain("b", "BUILD_NOTE", SECRETS.githubFineGrained);
      plain("c", "CHAT", SECRETS.slackToken);
      plain("d", "HOOK", SECRETS.slackWebhook);
      plain("e", "ERRORS", SECRETS.sentryDsn);
      plain("f", "METRICS", SECRETS.grafanaCloud);
      plain("g", "DATABASE_URL", `postgresql://app:${SECRETS.postgresPassword}@ep-1.aws.neon.tech/db`);
      plain("h", "CERT", SECRETS.privateKey);
      plain("i", "API_KEY", "plain-but-secret-value");
      const contactPoint = Object.values(platform.resource.grafana_contact_point).find((cp) => "pagerduty" in cp);
      (contactPoint?.pagerduty as Array<Record<string, unknown>>)[0].integration_key = SECRETS.pagerDuty;
      platform.variable.slack_webhook_url = { type: "string", description: "forgot sensitive" };
      production.output.leaked_password = { value: "${neon_role.database_app-role_AD0FD6EA.password}" };
      platform.output["cross-stack-output-uri"] = {
        value: "${neon_project.database_project_39FA3E36.connection_uri}",
        sensitive: true,
      };
      production.output.leaked_through_remote_state = {
        value:
          "${data.terraform_remote_state.cross-stack-reference-input-neuropilot-platform.outputs.cross-stack-output-uri}",
      };
    });
    findings = scanFiles([dir], dir);
  });

  it.each([
    ["cloudflare-api-token", '"api_token"'],
    ["railway-token", '"token"'],
    ["neon-api-key", '"api_key"'],
    ["grafana-token", '"auth"'],
    ["github-token", "pushed with ghp_"],
    ["slack-token", "xoxb-"],
    ["slack-webhook", "hooks.slack.com"],
    ["sentry-dsn", "ingest.sentry.io"],
    ["postgres-password", "postgresql://app:"],
    ["private-key", "PRIVATE KEY"],
    ["pagerduty-routing-key", '"integration_key"'],
  ])("finds %s, at the line that holds it", (kind, onLine) => {
    const hits = findings.filter((f) => f.kind.startsWith(kind));
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.map((f) => lineOf(f, dir)).some((line) => line.includes(onLine))).toBe(true);
  });

  it("finds GitHub fine-grained tokens and Grafana Cloud tokens", () => {
    expect(findings.filter((f) => f.kind === "github-token")).toHaveLength(2);
    expect(findings.filter((f) => f.kind === "grafana-token")).toHaveLength(2);
  });

  it("finds a secret-named variable that is not sensitive", () => {
    const hit = findings.find((f) => f.kind === "variable-not-sensitive");
    expect(hit?.detail).toBe("variable slack_webhook_url looks like a secret; set sensitive: true");
    expect(lineOf(hit as SecretFinding, dir).trim()).toBe('"slack_webhook_url": {');
  });

  it("finds outputs of sensitive attributes that are not sensitive, also through cross-stack outputs", () => {
    const details = findings.filter((f) => f.kind === "output-not-sensitive").map((f) => f.detail);
    expect(details).toEqual([
      "output leaked_password references neon_role.password; set sensitive: true",
      "output leaked_through_remote_state references neon_project.connection_uri (through cross-stack output cross-stack-output-uri); set sensitive: true",
    ]);
  });

  it("finds a literal in a secret-named Railway variable", () => {
    const hit = findings.find((f) => f.kind === "railway-variable-literal");
    expect(hit?.detail).toMatch(/^Railway variable API_KEY holds a literal \*{8} \(22 chars\)/);
    expect(lineOf(hit as SecretFinding, dir)).toContain('"value": "plain-but-secret-value"');
  });

  it("never prints a secret", () => {
    const text = formatSecretFindings(findings);
    for (const secret of [...Object.values(SECRETS), "plain-but-secret-value"]) {
      expect(text).not.toContain(secret.slice(5, 25));
    }
    expect(text).toMatch(/^stacks\/neuropilot-platform\/cdk\.tf\.json:\d+: /m);
  });

  it("npm run check:secrets exits 1 with file:line and kinds, and 0 on clean output", () => {
    let status = 0;
    let stderr = "";
    try {
      execFileSync(process.execPath, ["--import", "tsx", "scripts/check-secrets.ts", dir], {
        encoding: "utf8",
        stdio: "pipe",
      });
    } catch (error) {
      ({ status, stderr } = error as { status: number; stderr: string });
    }
    expect(status).toBe(1);
    expect(stderr).toMatch(/^Secret check failed \(\d+ findings\):/);
    expect(stderr).toMatch(/cdk\.tf\.json:\d+: github-token: ghp_\*{8} \(40 chars\)/);
    expect(stderr).not.toContain(SECRETS.githubClassic);
    const clean = execFileSync(process.execPath, ["--import", "tsx", "scripts/check-secrets.ts", out.outdir], {
      encoding: "utf8",
    });
    expect(clean).toContain("Secret check passed");
  });
});

describe("a secret put into config", () => {
  it("is refused at validation, naming the file and path, before anything is written (issue 30)", () => {
    const inputs = bundledInputs();
    inputs.staging.railway.variables = { ALERT_WEBHOOK: SECRETS.slackWebhook };
    expect(() => synthToTemp(sourcesOf(inputs))).toThrow(
      /config\/staging\.ts: staging\.railway\.variables\.ALERT_WEBHOOK: looks like a slack-webhook credential; secrets never live in config/,
    );
  });

  it("would still be caught in the synthesised output by the secret scan (railway.variables are plain values)", () => {
    // The scan is the second line: what a hand-edited cdktf.out or another writer would carry.
    const inputs = bundledInputs();
    inputs.staging.railway.variables = { ALERT_WEBHOOK: "plain" };
    const clean = synthToTemp(sourcesOf(inputs));
    try {
      const stack = join(clean.outdir, "stacks", "neuropilot-staging", "cdk.tf.json");
      writeFileSync(stack, readFileSync(stack, "utf8").replace('"plain"', JSON.stringify(SECRETS.slackWebhook)));
      const kinds = scanFiles([clean.outdir]).map((f) => `${f.file.replace(/^.*stacks\//, "")} ${f.kind}`);
      expect(kinds).toEqual([
        "neuropilot-staging/cdk.tf.json slack-webhook",
        "neuropilot-staging/cdk.tf.json railway-variable-literal",
      ]);
    } finally {
      clean.cleanup();
    }
  });
});
