// End to end with the real Terraform CLI (no provider download: terraform_data is built
// in): plan-stacks.ts plans a synthesised stack, render-plan.ts renders it, the saved plan
// applies, and a failed plan is reported. Skipped (and reported) when terraform is missing.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JsonObject } from "../../pipeline/synth/json";
import { readPlanResults } from "../../pipeline/plan/plan-results";
import { toolsOrSkip } from "../support/tools";

const ROOT = join(__dirname, "..", "..");
const SUITE = "plan-stacks.ts and render-plan.ts with real Terraform";
const tools = toolsOrSkip(SUITE, ["terraform"]);
const SECRET = "SuperSecretFromGitHub-1";
const STACK = "neuropilot-staging";

let work: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "gitops-tf-"));
  const cliConfig = join(work, "terraformrc");
  writeFileSync(cliConfig, "");
  // Only the variables the stack declares reach Terraform, from TF_VAR_<NAME> (case-insensitively).
  env = {
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfig,
    CHECKPOINT_DISABLE: "1",
    TF_IN_AUTOMATION: "1",
    TF_VAR_DB_PASSWORD: SECRET,
    TF_VAR_UNRELATED: "x",
    GITHUB_OUTPUT: join(work, "github-output"),
    GITHUB_STEP_SUMMARY: join(work, "step-summary.md"),
  };
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function writeSynth(dir: string, resources: JsonObject): void {
  mkdirSync(join(dir, "stacks", STACK), { recursive: true });
  const meta = (path: string): JsonObject => ({ "//": { metadata: { path: `${STACK}/${path}`, uniqueId: path } } });
  const stack: JsonObject = {
    "//": { metadata: { stackName: STACK, version: "0.21.0" } },
    terraform: { backend: { local: { path: join(work, "terraform.tfstate") } } },
    variable: { db_password: { type: "string", sensitive: true } },
    resource: {
      terraform_data: Object.fromEntries(
        Object.entries(resources).map(([name, body]) => [
          name,
          { ...meta(`database/${name}`), ...(body as JsonObject) },
        ]),
      ),
    },
  };
  writeFileSync(join(dir, "stacks", STACK, "cdk.tf.json"), JSON.stringify(stack, null, 2));
  const manifest = {
    version: "0.21.0",
    stacks: {
      [STACK]: {
        name: STACK,
        dependencies: [],
        synthesizedStackPath: `stacks/${STACK}/cdk.tf.json`,
        workingDirectory: `stacks/${STACK}`,
      },
    },
  };
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
}

let firstRun = true;

/**
 * Runs a pipeline script. The first run goes through tsx, as the workflows run them; the
 * rest through app-runner/run-app.mjs (a cached bundle of the same script), which starts
 * in a fraction of tsx's time.
 */
function tsx(script: string, args: string[]) {
  const entry = join(ROOT, "pipeline", script);
  const command = firstRun
    ? [join(ROOT, "node_modules", ".bin", "tsx"), entry]
    : [process.execPath, join(ROOT, "app-runner", "run-app.mjs"), entry];
  firstRun = false;
  return spawnSync(command[0], [...command.slice(1), ...args], { cwd: work, env, encoding: "utf8" });
}

describe.skipIf(!tools)(SUITE, () => {
  it("plans a stack, renders it without secrets, applies the saved plan, then sees no changes", () => {
    const synth = join(work, "synth-1");
    writeSynth(synth, {
      connection: { input: { user: "app", password: "${var.db_password}" } },
      branch: { input: "staging", triggers_replace: ["v1"] },
    });
    const plan = tsx("plan-stacks.ts", ["--unvetted", "--synth", synth, "--out", join(work, "plans-1"), STACK]);
    expect(plan.status, plan.stderr).toBe(0);
    expect(plan.stdout).not.toContain(SECRET);
    expect(readPlanResults(join(work, "plans-1"))).toEqual([{ stack: STACK, workspace: "local", status: "changes" }]);
    expect(readFileSync(env.GITHUB_OUTPUT as string, "utf8")).toMatch(/changed<<EOF_\w+\n\["neuropilot-staging"\]/);

    const rendered = tsx("render-plan.ts", ["--plans", join(work, "plans-1"), "--synth", synth, "--out", "comment.md"]);
    expect(rendered.status, rendered.stderr).toBe(0);
    const comment = readFileSync(join(work, "comment.md"), "utf8");
    expect(comment).toContain("+ create  database/connection  (terraform_data)");
    expect(comment).toContain("| `neuropilot-staging` | `local` | 2 | 0 | 0 | 0 | 0 | 0 | 📝 changes |");
    expect(comment).not.toContain(SECRET);
    expect(readFileSync(env.GITHUB_STEP_SUMMARY as string, "utf8")).not.toContain(SECRET);

    // deploy.yml applies exactly the saved plan.
    const apply = spawnSync("terraform", ["apply", "-input=false", "-no-color", "tfplan"], {
      cwd: join(synth, "stacks", STACK),
      env,
      encoding: "utf8",
    });
    expect(apply.status, apply.stderr).toBe(0);

    const again = tsx("plan-stacks.ts", ["--unvetted", "--synth", synth, "--out", join(work, "plans-2")]);
    expect(again.status, again.stderr).toBe(0);
    expect(readPlanResults(join(work, "plans-2"))[0].status).toBe("no-changes");
  });

  // Continues from the state the first test applied (tests in a file run in order).
  it("shows a replacement with the attribute forcing it", () => {
    const synth = join(work, "synth-2");
    writeSynth(synth, {
      connection: { input: { user: "app", password: "${var.db_password}" } },
      branch: { input: "staging", triggers_replace: ["v2"] },
    });
    expect(tsx("plan-stacks.ts", ["--unvetted", "--synth", synth, "--out", join(work, "plans-3")]).status).toBe(0);
    const rendered = tsx("render-plan.ts", ["--plans", join(work, "plans-3"), "--synth", synth]);
    expect(rendered.stdout).toContain(
      "-/+ replace database/branch  (terraform_data)  # an attribute forces replacement",
    );
    expect(rendered.stdout).toContain('triggers_replace[0]: "v1" → "v2"  # forces replacement');
  });

  it("records a failed plan with Terraform's error and exits non-zero", () => {
    const synth = join(work, "synth-3");
    writeSynth(synth, { broken: { input: "${var.does_not_exist}" } });
    const plan = tsx("plan-stacks.ts", ["--unvetted", "--synth", synth, "--out", join(work, "plans-4")]);
    expect(plan.status).toBe(1);
    expect(readPlanResults(join(work, "plans-4"))[0].status).toBe("failed");
    expect(existsSync(join(work, "plans-4", `${STACK}.plan.json`))).toBe(false);
    const rendered = tsx("render-plan.ts", ["--plans", join(work, "plans-4"), "--synth", synth]);
    expect(rendered.stdout).toContain("❌ plan failed");
    expect(rendered.stdout).toContain("Reference to undeclared input variable");
  });
});
