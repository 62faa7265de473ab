// The trusted plan's inputs: the PR's synth artifact taken in as hostile data
// (pipeline/import-synth.ts, its work in pipeline/vet/import-synth.ts) and the pull request found by the run's head commit only
// (pipeline/find-pull-request.ts).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { statusDescription, parseState } from "../../pipeline/github/commit-status";
import { pickPullRequest, type OpenPullRequest } from "../../pipeline/github/find-pull-request";
import { UsageError } from "../../cli/flags";
import { main as importSynthCommand } from "../../pipeline/import-synth";
import { capturedIo } from "../../pipeline/script-entry";
import { depthOf, importSynth, LIMITS } from "../../pipeline/vet/import-synth";

const STACK = "neuropilot-staging";
const work = mkdtempSync(join(tmpdir(), "trusted-input-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let n = 0;

function artifact(stacks: Record<string, string>, manifest?: unknown): string {
  const dir = join(work, `artifact-${n++}`);
  mkdirSync(dir, { recursive: true });
  const entries: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(stacks)) {
    mkdirSync(join(dir, "stacks", name), { recursive: true });
    writeFileSync(join(dir, "stacks", name, "cdk.tf.json"), text);
    entries[name] = {
      name,
      synthesizedStackPath: "../../../../etc/passwd",
      workingDirectory: "/",
      dependencies: ["neuropilot-platform", "x"],
    };
  }
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest ?? { stacks: entries }));
  return dir;
}

const out = (): string => join(work, `out-${n++}`);

describe("import-synth: the PR's artifact as hostile data", () => {
  it("writes its own manifest with paths built from main's stack names, ignoring the artifact's paths", () => {
    const dest = out();
    const result = importSynth(artifact({ [STACK]: '{"resource":{}}', "evil-stack": "{}" }), dest);
    expect(result).toEqual({ stacks: [STACK], skipped: ["evil-stack"] });
    const manifest = JSON.parse(readFileSync(join(dest, "manifest.json"), "utf8"));
    expect(manifest.stacks[STACK]).toEqual({
      name: STACK,
      synthesizedStackPath: `stacks/${STACK}/cdk.tf.json`,
      workingDirectory: `stacks/${STACK}`,
      dependencies: [],
    });
    expect(existsSync(join(dest, "stacks", "evil-stack"))).toBe(false);
  });

  it("refuses a symlinked stack file (it could point at the runner's files)", () => {
    const dir = artifact({});
    mkdirSync(join(dir, "stacks", STACK), { recursive: true });
    symlinkSync("/etc/hostname", join(dir, "stacks", STACK, "cdk.tf.json"));
    writeFileSync(join(dir, "manifest.json"), JSON.stringify({ stacks: { [STACK]: {} } }));
    expect(() => importSynth(dir, out())).toThrow(/not a regular file \(symlinks are refused\)/);
  });

  it("refuses a symlinked stack directory and a symlinked asset", () => {
    const dir = artifact({});
    mkdirSync(join(dir, "stacks"), { recursive: true });
    symlinkSync("/etc", join(dir, "stacks", STACK));
    writeFileSync(join(dir, "manifest.json"), JSON.stringify({ stacks: { [STACK]: {} } }));
    expect(() => importSynth(dir, out())).toThrow(/not a regular directory/);
    const withAsset = artifact({ [STACK]: "{}" });
    mkdirSync(join(withAsset, "stacks", STACK, "assets", "bundle"), { recursive: true });
    symlinkSync("/etc/hostname", join(withAsset, "stacks", STACK, "assets", "bundle", "autoheal.mjs"));
    expect(() => importSynth(withAsset, out())).toThrow(/symlinks are refused/);
  });

  it("copies regular asset files and refuses odd names", () => {
    const dir = artifact({ [STACK]: "{}" });
    mkdirSync(join(dir, "stacks", STACK, "assets", "b"), { recursive: true });
    writeFileSync(join(dir, "stacks", STACK, "assets", "b", "autoheal.mjs"), "export {}");
    const dest = out();
    importSynth(dir, dest);
    expect(readFileSync(join(dest, "stacks", STACK, "assets", "b", "autoheal.mjs"), "utf8")).toBe("export {}");
    writeFileSync(join(dir, "stacks", STACK, "assets", "b", ".hidden"), "x");
    expect(() => importSynth(dir, out())).toThrow(/file name not allowed/);
  });

  it("refuses a manifest over the size limit, and not one exactly at it", () => {
    const ok = artifact({}, undefined);
    writeFileSync(join(ok, "manifest.json"), `{"stacks":{},"p":"${"x".repeat(LIMITS.manifestBytes - 20)}"}`);
    expect(readFileSync(join(ok, "manifest.json")).length).toBe(LIMITS.manifestBytes);
    expect(importSynth(ok, out()).stacks).toEqual([]);
    writeFileSync(join(ok, "manifest.json"), `{"stacks":{},"p":"${"x".repeat(LIMITS.manifestBytes - 19)}"}`);
    expect(() => importSynth(ok, out())).toThrow(new RegExp(`over the limit of ${LIMITS.manifestBytes}`));
  });

  it("refuses JSON that is not an object, not JSON, or nested past the depth limit (at the limit passes)", () => {
    expect(() => importSynth(artifact({ [STACK]: "[1]" }), out())).toThrow(/not a JSON object/);
    expect(() => importSynth(artifact({ [STACK]: "{" }), out())).toThrow(/is not JSON/);
    const nested = (depth: number): string => `${'{"a":'.repeat(depth - 1)}{}${"}".repeat(depth - 1)}`;
    expect(depthOf(JSON.parse(nested(LIMITS.jsonDepth)))).toBe(LIMITS.jsonDepth);
    expect(importSynth(artifact({ [STACK]: nested(LIMITS.jsonDepth) }), out()).stacks).toEqual([STACK]);
    expect(() => importSynth(artifact({ [STACK]: nested(LIMITS.jsonDepth + 1) }), out())).toThrow(/nests deeper/);
  });
});

describe("pipeline/import-synth.ts: the command the plan job runs", () => {
  const credential = "plan-credential-value-8c41e07a";
  const env = { TF_VAR_grafana_auth: credential };

  it("imports and says what, and warns of the artifact's stacks that are not main's", async () => {
    const { io, stdout, stderr } = capturedIo();
    const from = artifact({ [STACK]: "{}", "evil-stack": "{}" });
    const dest = out();
    expect(await importSynthCommand(["--from", from, "--out", dest], env, io)).toBe(0);
    expect(stdout()).toBe(
      `imported ${STACK} from ${from} into ${dest}\n::warning::not main's stacks, not planned: "evil-stack"\n`,
    );
    expect(stderr()).toBe("");
  });

  it("--optional: a missing artifact writes nothing and exits 0; without it, the missing manifest is refused", async () => {
    const empty = join(work, `missing-${n++}`);
    mkdirSync(empty);
    const dest = out();
    const optional = capturedIo();
    expect(await importSynthCommand(["--from", empty, "--out", dest, "--optional"], env, optional.io)).toBe(0);
    expect(optional.stdout()).toBe(
      `${empty}: no synth artifact (the base did not synthesise); every stack counts as changed\n`,
    );
    expect(existsSync(dest)).toBe(false);
    const required = capturedIo();
    expect(await importSynthCommand(["--from", empty, "--out", dest], env, required.io)).toBe(1);
    expect(required.stderr()).toMatch(/^::error title=Synth artifact refused::[^\n]+\n$/);
  });

  it("a refusal is one ::error line, scrubbed of the job's credentials, whatever the artifact's text", async () => {
    // A stack name is the artifact's own text: newlines in it must not start a command of its own.
    const hostile = artifact({}, { stacks: { [STACK]: {} } });
    mkdirSync(join(hostile, "stacks", STACK), { recursive: true });
    symlinkSync("/etc/hostname", join(hostile, "stacks", STACK, "cdk.tf.json"));
    const { io, stderr } = capturedIo();
    expect(await importSynthCommand(["--from", hostile, "--out", out()], env, io)).toBe(1);
    expect(stderr()).toMatch(/^::error title=Synth artifact refused::.*symlinks are refused\)\n$/);
    // An asset's file name is the artifact's text too, and the refusal names it.
    const planted = artifact({ [STACK]: "{}" });
    mkdirSync(join(planted, "stacks", STACK, "assets"), { recursive: true });
    writeFileSync(join(planted, "stacks", STACK, "assets", `${credential}\n::set-env name=A::1`), "x");
    const scrubbed = capturedIo();
    expect(await importSynthCommand(["--from", planted, "--out", out()], env, scrubbed.io)).toBe(1);
    expect(scrubbed.stderr()).toMatch(
      /^::error title=Synth artifact refused::.* ::set-env name=A::1: file name not allowed/,
    );
    expect(scrubbed.stderr().split("\n")).toHaveLength(2);
    expect(scrubbed.stderr()).not.toContain(credential);
  });

  it("refuses an unknown flag and a missing --from as bad usage, before reading anything", async () => {
    await expect(importSynthCommand(["--from", "x", "--out", "y", "--force"], env)).rejects.toThrow(
      new UsageError(
        "pipeline/import-synth.ts: unknown flag --force",
        "usage: tsx pipeline/import-synth.ts [--from VALUE] [--out VALUE] [--optional] | --help",
      ),
    );
    await expect(importSynthCommand(["--out", "y"], env)).rejects.toThrow(new UsageError("--from is required"));
  });
});

describe("find-pull-request: by the run's head commit only", () => {
  const head = "a".repeat(40);
  const pr = (number: number, sha: string, repo = "neuropilot/neuropilot-infra", ref = "main"): OpenPullRequest => ({
    number,
    head: { sha },
    base: { sha: "b".repeat(40), ref, repo: { full_name: repo } },
    labels: [{ name: "approve-data-loss" }],
  });

  it("takes the one open PR into main whose head is the run's head commit", () => {
    expect(pickPullRequest([pr(1, "c".repeat(40)), pr(2, head)], head, "neuropilot/neuropilot-infra")).toEqual({
      number: 2,
      head,
      base: "b".repeat(40),
      labels: ["approve-data-loss"],
    });
  });

  it("refuses no match, two matches, another base branch or repository, and a malformed SHA", () => {
    const repo = "neuropilot/neuropilot-infra";
    expect(() => pickPullRequest([pr(1, "c".repeat(40))], head, repo)).toThrow(/no open pull request/);
    expect(() => pickPullRequest([pr(1, head), pr(2, head)], head, repo)).toThrow(/#1, #2 share head/);
    expect(() => pickPullRequest([pr(1, head, "fork/x")], head, repo)).toThrow(/#1 \(into main\) also has head/);
    expect(() => pickPullRequest([pr(1, head, repo, "release")], head, repo)).toThrow(/#1 \(into release\) also has/);
    expect(() => pickPullRequest([pr(1, head)], "main", repo)).toThrow(/must be a full commit SHA/);
  });

  it("refuses when another open PR, into any other branch, shares the head: its run could be the one answered", () => {
    const repo = "neuropilot/neuropilot-infra";
    // A writer's decoy: the same commit into a branch whose pr.yml uploads a harmless synth.
    expect(() => pickPullRequest([pr(7, head), pr(8, head, repo, "decoy")], head, repo)).toThrow(
      "#8 (into decoy) also has head aaaaaaa: the run this plan answers may be its, with that base branch's " +
        "workflow; close it (or push a new commit) and re-run",
    );
    expect(() => pickPullRequest([pr(7, head), pr(8, head, repo, "a"), pr(9, head, repo, "b")], head, repo)).toThrow(
      /#8 \(into a\), #9 \(into b\) also have head aaaaaaa: the run this plan answers may be theirs/,
    );
    // A PR into another branch with another head is no concern.
    expect(pickPullRequest([pr(7, head), pr(8, "c".repeat(40), repo, "decoy")], head, repo).number).toBe(7);
  });
});

describe("commit-status", () => {
  it("keeps the description to GitHub's 140 characters on one line, and only known states", () => {
    expect(statusDescription(`a\nb ${"x".repeat(136)}`)).toHaveLength(140);
    expect(statusDescription("x".repeat(141))).toBe(`${"x".repeat(139)}…`);
    expect(parseState("success")).toBe("success");
    expect(() => parseState("green")).toThrow(/--state must be one of/);
  });
});
