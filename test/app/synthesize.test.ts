// synthesize(): a failed synthesis leaves the output directory exactly as it was, and an
// unusable output directory is one line, not a stack trace.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../config/load";
import { PolicyError } from "../../policy/check";
import { OutdirError, synthesize } from "../../synthesize";
import { bundledInputs, sourcesOf } from "../support/configs";

const ROOT = join(__dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "np-synthesize-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function policyViolation() {
  const inputs = bundledInputs();
  inputs.staging.policy = { waive: [] };
  return sourcesOf(inputs);
}

function badConfig() {
  const inputs = bundledInputs();
  inputs.production.regions[0].replicas = 0;
  return sourcesOf(inputs);
}

describe("a failed synthesis", () => {
  it.each([
    ["a policy violation", policyViolation, PolicyError],
    ["an invalid config", badConfig, ConfigError],
  ])("on %s creates no output directory and leaves no staging folder", (_, sources, errorType) => {
    const parent = mkdtempSync(join(work, "fresh-"));
    const outdir = join(parent, "cdktf.out");
    expect(() => synthesize(sources(), { backend: "local", outdir })).toThrow(errorType);
    expect(existsSync(outdir)).toBe(false);
    expect(readdirSync(parent)).toEqual([]);
  });

  it("leaves an existing output directory untouched", () => {
    const parent = mkdtempSync(join(work, "existing-"));
    const outdir = join(parent, "cdktf.out");
    mkdirSync(join(outdir, "stacks", "neuropilot-staging"), { recursive: true });
    writeFileSync(join(outdir, "stacks", "neuropilot-staging", "cdk.tf.json"), "previous");
    expect(() => synthesize(policyViolation(), { backend: "local", outdir })).toThrow(PolicyError);
    expect(readdirSync(outdir)).toEqual(["stacks"]);
    expect(readFileSync(join(outdir, "stacks", "neuropilot-staging", "cdk.tf.json"), "utf8")).toBe("previous");
    expect(readdirSync(parent)).toEqual(["cdktf.out"]);
  });
});

describe("a successful synthesis", () => {
  it("writes every stack and keeps files it did not write (local state)", () => {
    const outdir = join(mkdtempSync(join(work, "ok-")), "cdktf.out");
    const state = join(outdir, "stacks", "neuropilot-staging", "terraform.neuropilot-staging.tfstate");
    mkdirSync(join(outdir, "stacks", "neuropilot-staging"), { recursive: true });
    writeFileSync(state, "{}");
    synthesize(sourcesOf(bundledInputs()), { backend: "local", outdir });
    expect(readFileSync(state, "utf8")).toBe("{}");
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual([
      "neuropilot-github",
      "neuropilot-platform",
      "neuropilot-production",
      "neuropilot-staging",
    ]);
    // The Railway module's config-as-code files, one per region, both environments merged.
    const usEast = JSON.parse(readFileSync(join(outdir, "backend-repo", "railway", "us-east.json"), "utf8"));
    expect(Object.keys(usEast.environments).sort()).toEqual(["production", "staging"]);
  });
});

describe("an unusable output directory", () => {
  it("inside a missing folder is an OutdirError naming the folder", () => {
    const outdir = join(work, "missing", "cdktf.out");
    expect(() => synthesize(sourcesOf(bundledInputs()), { backend: "local", outdir })).toThrow(OutdirError);
    expect(existsSync(join(work, "missing"))).toBe(false);
  });

  it("is one line on stderr from the entry point, exit code 1", () => {
    const outdir = join(work, "missing", "cdktf.out");
    // As `npm run synth` runs it.
    const run = spawnSync(process.execPath, ["app-runner/run-app.mjs", "main.ts"], {
      cwd: ROOT,
      env: { ...process.env, CDKTF_OUTDIR: outdir },
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([
      `output directory ${outdir}: its parent folder ${join(work, "missing")} does not exist; create it or set CDKTF_OUTDIR to a folder outside the sources (default cdktf.out)`,
    ]);
  });
});
