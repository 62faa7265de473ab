// The tool lookup and skip line that every tool-dependent suite relies on.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseSkipLog, skipSummary } from "../support/skip-reporter";
import { findTool, type SkipRecord } from "../support/tools";

const dir = mkdtempSync(join(tmpdir(), "neuropilot-tools-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fakePromtool = join(dir, "promtool");
writeFileSync(fakePromtool, "#!/bin/sh\n");
chmodSync(fakePromtool, 0o755);
const notExecutable = join(dir, "prometheus");
writeFileSync(notExecutable, "");

describe("findTool", () => {
  it("finds an executable on PATH", () => {
    expect(findTool("promtool", { PATH: `/nonexistent:${dir}` })).toBe(fakePromtool);
  });

  it("ignores a file that is not executable, and a PATH without the tool", () => {
    expect(findTool("prometheus", { PATH: dir })).toBeUndefined();
    expect(findTool("terraform", { PATH: dir })).toBeUndefined();
  });

  it("prefers the override variable, and reports a missing override as missing", () => {
    expect(findTool("promtool", { PATH: "", PROMTOOL: fakePromtool })).toBe(fakePromtool);
    expect(findTool("promtool", { PATH: dir, PROMTOOL: join(dir, "nope") })).toBeUndefined();
  });
});

describe("skip summary", () => {
  const promtool: SkipRecord = {
    suite: "promtool check rules",
    tool: "promtool",
    reason: "promtool not on PATH",
    hint: "apt-get install prometheus",
  };

  it("says none when nothing was skipped", () => {
    expect(skipSummary([])).toBe("Skipped suites: none.");
  });

  it("puts every skip in one line with reason and install hint, grouped by tool", () => {
    const line = skipSummary([
      promtool,
      { suite: "e2e", tool: "prometheus", reason: "prometheus not on PATH", hint: "apt-get install prometheus" },
      { suite: "e2e", tool: "terraform", reason: "terraform not on PATH", hint: "install Terraform" },
    ]);
    expect(line).not.toContain("\n");
    expect(line).toMatch(/^Skipped suites: 2 — /);
    expect(line).toContain("promtool not on PATH (install: apt-get install prometheus) → skipped promtool check rules");
    expect(line).toContain("terraform not on PATH (install: install Terraform) → skipped e2e");
  });

  it("reads the log the workers append to", () => {
    expect(parseSkipLog(`${JSON.stringify(promtool)}\n\n${JSON.stringify(promtool)}\n`)).toEqual([promtool, promtool]);
  });
});
