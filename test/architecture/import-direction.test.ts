import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importViolations, moduleOf, programFiles, treeViolations } from "./imports";

const ROOT = join(__dirname, "..", "..");

describe("import direction", () => {
  it("holds over the whole source tree", () => {
    const report = treeViolations(ROOT).map((v) => `${v.file}: import "${v.specifier}": ${v.message}`);
    expect(report).toEqual([]);
  });

  it("sees the program's files, in every module", () => {
    const modules = new Set(programFiles(ROOT).map(moduleOf));
    for (const module of [
      "config",
      "constructs",
      "stacks",
      "pipeline",
      "offline-provider",
      "ops",
      "mutation",
      "main",
    ]) {
      expect(modules).toContain(module);
    }
  });

  it("fails on a construct importing the pipeline, naming the import", () => {
    const source = 'import { render } from "../../pipeline/render";\n';
    expect(importViolations("constructs/cloudflare/edge.ts", source)).toEqual([
      {
        file: "constructs/cloudflare/edge.ts",
        specifier: "../../pipeline/render",
        message: expect.stringMatching(/^constructs may not import pipeline \(pipeline\/render\)/),
      },
    ]);
  });

  it("fails on config importing anything of the program, on exports and dynamic imports too", () => {
    expect(importViolations("config/schema.ts", 'import { x } from "../cost/budget";')).toHaveLength(1);
    expect(importViolations("config/schema.ts", 'export { x } from "../policy/check";')).toHaveLength(1);
    expect(importViolations("config/schema.ts", 'const m = await import("../stacks/catalog");')).toHaveLength(1);
    expect(importViolations("config/schema.ts", 'import { x } from "./prices";')).toEqual([]);
  });

  it("fails on anything importing scripts/ and on the app importing a tool", () => {
    expect(importViolations("synthesize.ts", 'import { x } from "./scripts/cost";')).toHaveLength(1);
    expect(importViolations("app.ts", 'import { x } from "./ops/smoke";')).toHaveLength(1);
    expect(
      importViolations("stacks/environment-stack.ts", 'import { x } from "../offline-provider/serve";'),
    ).toHaveLength(1);
  });

  it("lets cost read the stack catalog but not the stacks themselves", () => {
    expect(importViolations("cost/context.ts", 'import { x } from "../stacks/catalog";')).toEqual([]);
    expect(importViolations("cost/context.ts", 'import { x } from "../stacks/environment-stack";')).toHaveLength(1);
  });
});
