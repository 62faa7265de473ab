// Issue 25's done-when: every secret form (planted-forms.ts), planted in plan values, drift,
// resource addresses with their for_each keys, a failed plan's error and Terraform's own
// output, leaves not one fragment of 8 characters (leaks()) in any output: the PR comment
// and the job summary (render-plan.ts), the hidden reviewed record inside the comment
// (decoded), the drift issue body (render-plan.ts --drift), the refusal (reviewed-plan.ts
// verify) and the log echo and saved output of the Terraform runner. The scripts run as the
// workflows run them, on files.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { stderrFile } from "../../pipeline/plan/plan-results";
import { planStack } from "../../pipeline/plan/terraform-runner";
import { SENSITIVE } from "../../secrets/redact";
import { FORMS, KNOWN_VALUES, leaks } from "./planted-forms";

const ROOT = join(__dirname, "..", "..");
const STACK = "demo";
const FAILED = "demo-failed";
const HEAD = "a".repeat(40);

/** The plan of STACK: every form in an updated value, in drift and as a for_each key. */
function plan(): object {
  const values = Object.fromEntries(FORMS.map((form, i) => [`v${i}`, form.text]));
  const keyed = FORMS.map((form) => ({
    address: `terraform_data.k[${JSON.stringify(form.text)}]`,
    mode: "managed",
    type: "terraform_data",
    name: "k",
    index: form.text,
    change: { actions: ["delete", "create"], before: { input: "a" }, after: { input: "b" } },
  }));
  const update = (address: string) => ({
    address,
    mode: "managed",
    type: "terraform_data",
    name: address.split(".")[1],
    change: { actions: ["update"], before: { input: { note: "old" } }, after: { input: values } },
  });
  const variables = Object.fromEntries(Object.entries(KNOWN_VALUES).map(([name, value]) => [name, { value }]));
  return {
    format_version: "1.2",
    resource_changes: [update("terraform_data.app"), ...keyed],
    resource_drift: [update("terraform_data.drifted")],
    variables,
    configuration: {
      root_module: {
        variables: Object.fromEntries(Object.keys(KNOWN_VALUES).map((name) => [name, { sensitive: true }])),
      },
    },
  };
}

/** Every form's fragments found in `output`, as "form: fragment" (empty when nothing leaked). */
function leaked(output: string): string[] {
  return FORMS.flatMap((form) => form.cores.flatMap((core) => leaks(output, core).map((w) => `${form.name}: ${w}`)));
}

/** The decoded JSON of every reviewed-plan record in a comment (base64url hides it from a text search). */
function decodedRecords(markdown: string): string {
  return [...markdown.matchAll(/<!-- neuropilot-reviewed-plan:([A-Za-z0-9_-]+) -->/g)]
    .map((m) => Buffer.from(m[1], "base64url").toString("utf8"))
    .join("\n");
}

let work: string;
const outputs = new Map<string, string>();

function run(script: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_STEP_SUMMARY: join(work, "summary.md"),
    // The record key (issue 25): the trusted plan signs the record, main verifies it.
    REVIEWED_PLAN_HMAC_KEY: "k".repeat(40),
  };
  const child = spawnSync(
    process.execPath,
    [join(ROOT, "app-runner", "run-app.mjs"), join(ROOT, "pipeline", script), ...args],
    { cwd: work, env, encoding: "utf8" },
  );
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "redaction-forms-"));
  const plans = join(work, "plans");
  mkdirSync(plans);
  writeFileSync(join(plans, `${STACK}.plan.json`), JSON.stringify(plan()));
  writeFileSync(
    join(plans, `${STACK}.result.json`),
    JSON.stringify({ stack: STACK, workspace: STACK, status: "changes" }),
  );
  writeFileSync(
    join(plans, `${FAILED}.result.json`),
    JSON.stringify({ stack: FAILED, workspace: FAILED, status: "failed" }),
  );
  writeFileSync(
    stderrFile(plans, FAILED),
    `Error: the provider said no\n${FORMS.map((form) => `  ${form.text}`).join("\n")}\n`,
  );

  const comment = run("render-plan.ts", [
    "--plans",
    "plans",
    "--record-pr",
    "7",
    "--record-head",
    HEAD,
    "--record-base",
    HEAD,
    "--out",
    "comment.md",
  ]);
  expect(comment.status, comment.stderr).toBe(0);
  outputs.set("comment", readFileSync(join(work, "comment.md"), "utf8"));
  outputs.set("job summary", readFileSync(join(work, "summary.md"), "utf8"));
  outputs.set("reviewed record (decoded)", decodedRecords(outputs.get("comment") ?? ""));

  const drift = run("render-plan.ts", ["--drift", STACK, "--plans", "plans", "--out", "drift.md"]);
  expect(drift.status, drift.stderr).toBe(0);
  outputs.set("drift issue body", readFileSync(join(work, "drift.md"), "utf8"));

  // A record whose digest is not main's: the refusal lists main's changed addresses.
  const record = {
    source: "approval",
    actor: "maintainer",
    labels: [],
    stacks: { [STACK]: { digest: `sha256:${"0123456789abcdef".repeat(4)}`, resources: {} } },
  };
  writeFileSync(join(work, "reviewed.json"), JSON.stringify(record));
  writeFileSync(join(work, "summary.md"), "");
  const verify = run("reviewed-plan.ts", [
    "verify",
    "--reviewed",
    "reviewed.json",
    "--plans",
    "plans",
    "--stack",
    STACK,
    "--refusal",
    "refusal.md",
  ]);
  expect(verify.status, verify.stderr).toBe(1);
  outputs.set("refusal comment", readFileSync(join(work, "refusal.md"), "utf8"));
  outputs.set("refusal log and summary", `${verify.stdout}\n${readFileSync(join(work, "summary.md"), "utf8")}`);
}, 240_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("every planted secret form is gone from every output", () => {
  it("the outputs carry what was planted around the secrets (the test sees real renderings)", () => {
    const comment = outputs.get("comment") ?? "";
    expect(comment).toContain("terraform_data.app");
    expect(comment).toContain(SENSITIVE);
    expect(outputs.get("reviewed record (decoded)")).toContain('terraform_data.k[\\"');
    expect(outputs.get("drift issue body")).toContain("terraform_data.drifted");
    expect(outputs.get("refusal comment")).toContain("Changes not in the reviewed plan");
    expect(outputs.get("refusal comment")).toContain("terraform_data.k[");
    // Each form's surroundings survive somewhere, so the redaction is not blanking everything.
    expect(comment).toContain("Authorization: Basic ");
    expect(comment).toContain("CLOUDFLARE_API_TOKEN=");
  });

  for (const name of [
    "comment",
    "job summary",
    "reviewed record (decoded)",
    "drift issue body",
    "refusal comment",
    "refusal log and summary",
  ]) {
    it(`${name}: zero fragments of 8 characters of any planted secret`, () => {
      const output = outputs.get(name) ?? "";
      expect(output.length).toBeGreaterThan(100);
      expect(leaked(output)).toEqual([]);
    });
  }
});

describe("Terraform's output, echoed to the log and saved for the comment", () => {
  it("keeps zero fragments of any planted secret, with the job's credentials and TF_VAR_* inputs known", async () => {
    const dir = mkdtempSync(join(tmpdir(), "runner-forms-"));
    try {
      // Terraform's diagnostic box, each form on its own "│ " line, then every form raw on stdout.
      const diagnostic = [
        "╷",
        "│ Error: Invalid provider configuration",
        "│ ",
        ...FORMS.flatMap((form) => form.text.split("\n").map((line) => `│ ${line}`)),
        "╵",
      ].join("\n");
      writeFileSync(join(dir, "stderr.txt"), `${diagnostic}\n`);
      writeFileSync(join(dir, "stdout.txt"), `${FORMS.map((form) => form.text).join("\n")}\n`);
      const fake = join(dir, "terraform");
      writeFileSync(fake, `#!/bin/sh\ncat "${dir}/stdout.txt"\ncat "${dir}/stderr.txt" >&2\nexit 1\n`);
      chmodSync(fake, 0o755);
      const logged: string[] = [];
      const capture = (chunk: unknown) => {
        logged.push(String(chunk));
        return true;
      };
      const err = vi.spyOn(process.stderr, "write").mockImplementation(capture);
      const out = vi.spyOn(process.stdout, "write").mockImplementation(capture);
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        TERRAFORM_BIN: fake,
        CLOUDFLARE_API_TOKEN: KNOWN_VALUES.KNOWN_CLOUDFLARE,
        TF_VAR_symbols: KNOWN_VALUES.KNOWN_SYMBOLS,
        TF_VAR_passphrase: KNOWN_VALUES.KNOWN_PASSPHRASE,
        TF_VAR_long: KNOWN_VALUES.KNOWN_LONG,
      };
      try {
        await planStack({ stack: STACK, workspace: STACK, workingDirectory: dir, outDir: dir, env, lock: false });
      } finally {
        err.mockRestore();
        out.mockRestore();
      }
      const saved = readFileSync(stderrFile(dir, STACK), "utf8");
      const log = logged.join("");
      expect(saved).toContain("Error: Invalid provider configuration");
      expect(log).toContain("Error: Invalid provider configuration");
      expect(leaked(saved)).toEqual([]);
      expect(leaked(log)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
