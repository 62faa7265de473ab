import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ALLOWED_IMPORTS, importViolations, moduleOf, programFiles, roomOf, treeViolations } from "./imports";

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

describe("ops/drills, a room inside ops", () => {
  it("may use the simulated account's store; the rest of ops may not", () => {
    const redact = 'import { redact } from "../../secrets/redact";\n';
    const store = 'import { readStore } from "../../offline-provider/simulator/store";\n';
    expect(importViolations("ops/drills/cli.ts", redact + store)).toEqual([]);
    expect(
      importViolations("ops/smoke.ts", 'import { readStore } from "../offline-provider/simulator/store";\n'),
    ).toEqual([expect.objectContaining({ message: expect.stringMatching(/^ops may not import offline-provider/) })]);
  });

  it("may read ops' probes but not the rest of the simulator, nor the pipeline", () => {
    expect(importViolations("ops/drills/cli.ts", 'import { get } from "../http-probe";\n')).toEqual([]);
    expect(
      importViolations("ops/drills/cli.ts", 'import { x } from "../../offline-provider/simulator/account";\n'),
    ).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^ops\/drills may not import offline-provider/) }),
    ]);
    expect(importViolations("ops/drills/cli.ts", 'import { x } from "../../pipeline/render";\n')).toHaveLength(1);
  });
});

describe("pipeline stages, rooms inside pipeline in the order data flows", () => {
  it("are registered, each with its own rules", () => {
    for (const stage of ["github", "synth", "vet", "plan", "record", "comment", "apply", "drift"]) {
      expect(roomOf(`pipeline/${stage}/x.ts`)).toBe(`pipeline/${stage}`);
      expect(ALLOWED_IMPORTS[`pipeline/${stage}`], stage).toBeDefined();
    }
    expect(roomOf("pipeline/pr-plan.ts")).toBe("pipeline");
  });

  it("let a stage import the stages below it", () => {
    const source = [
      'import { parsePlan } from "../plan/plan-json";',
      'import { planDigest } from "../record/plan-digest";',
      'import { deepEqual } from "../synth/json";',
      'import type { CommentStore } from "../github/sticky-comment";',
    ].join("\n");
    expect(importViolations("pipeline/comment/render.ts", source)).toEqual([]);
  });

  it("fail on a stage importing a stage above it, naming both", () => {
    expect(importViolations("pipeline/record/reviewed-record.ts", 'import { x } from "../comment/render";\n')).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^pipeline\/record may not import pipeline \(pipeline\/comment\/render\)/),
      }),
    ]);
    expect(importViolations("pipeline/synth/stack-diff.ts", 'import { x } from "../plan/plan-json";\n')).toHaveLength(
      1,
    );
    expect(
      importViolations("pipeline/github/github-rest.ts", 'import { x } from "../drift/drift-sync";\n'),
    ).toHaveLength(1);
  });

  it("fail on a stage importing an entry point; an entry imports any stage", () => {
    expect(importViolations("pipeline/plan/plan-run.ts", 'import { main } from "../pr-plan";\n')).toHaveLength(1);
    expect(importViolations("pipeline/plan/plan-run.ts", 'import type { ScriptIo } from "../script-entry";\n')).toEqual(
      [],
    );
    expect(importViolations("pipeline/reviewed-plan.ts", 'import { x } from "./record/reviewed-record";\n')).toEqual(
      [],
    );
  });
});

describe("vendors, the one room for calls to the vendors' APIs", () => {
  it("lies below its users: it imports the declared-call types, none of adoption, ops or the pipeline", () => {
    expect(
      importViolations("vendors/cloudflare/pools.ts", 'import type { RestCall } from "../../contracts/call";\n'),
    ).toEqual([]);
    for (const user of ["../../adopt/match", "../../ops/drills/failover", "../../pipeline/apply/worker-secrets"])
      expect(importViolations("vendors/cloudflare/pools.ts", `import { x } from "${user}";\n`)).toEqual([
        expect.objectContaining({ message: expect.stringMatching(/^vendors may not import /) }),
      ]);
  });

  it("is what adoption, the drills, the rollout and the pipeline call; the pipeline no longer borrows adoption's client", () => {
    const client = (from: string) => `import { requestJson } from "${from}vendors/http";\n`;
    expect(importViolations("adopt/services.ts", client("../"))).toEqual([]);
    expect(importViolations("ops/rollout.ts", client("../"))).toEqual([]);
    expect(importViolations("ops/drills/cli.ts", client("../../"))).toEqual([]);
    expect(importViolations("pipeline/apply/worker-secrets.ts", client("../../"))).toEqual([]);
    expect(
      importViolations("pipeline/apply/worker-secrets.ts", 'import { requestJson } from "../../adopt/http";\n'),
    ).toEqual([expect.objectContaining({ message: expect.stringMatching(/^pipeline\/apply may not import adopt/) })]);
  });
});
