// cdktf 0.21.0 calls util.isArray for every TerraformOutput; Node 24 warns about it (DEP0044)
// on every synth. stacks/cdktf-deprecation.ts drops exactly that warning, nothing else.
import { App, TerraformOutput, TerraformStack } from "cdktf";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { silenceCdktfIsArrayDeprecation } from "../../stacks/cdktf-deprecation";

const seen: Array<{ name: string; code?: string; message: string }> = [];
const record = (warning: Error & { code?: string }) =>
  seen.push({ name: warning.name, code: warning.code, message: warning.message });
const settle = () => new Promise((resolve) => setImmediate(resolve));

// Named like cdktf's class, so the stack looks like cdktf's own call.
class TerraformOutputLike {
  warn(emit: () => void): void {
    emit();
  }
}

beforeAll(() => {
  silenceCdktfIsArrayDeprecation();
  process.on("warning", record);
  return () => process.off("warning", record);
});
afterEach(() => {
  seen.length = 0;
});

describe("cdktf's util.isArray deprecation", () => {
  it("is dropped when cdktf raises it, in both call forms", async () => {
    new TerraformOutputLike().warn(() =>
      process.emitWarning("util.isArray is deprecated", "DeprecationWarning", "DEP0044"),
    );
    new TerraformOutputLike().warn(() =>
      process.emitWarning("util.isArray is deprecated", { type: "DeprecationWarning", code: "DEP0044" }),
    );
    await settle();
    expect(seen).toEqual([]);
  });

  it("is still printed when other code raises it", async () => {
    process.emitWarning("util.isArray is deprecated", "DeprecationWarning", "DEP0044");
    await settle();
    expect(seen).toEqual([{ name: "DeprecationWarning", code: "DEP0044", message: "util.isArray is deprecated" }]);
  });

  it("leaves every other warning from cdktf alone", async () => {
    new TerraformOutputLike().warn(() => process.emitWarning("something else", "DeprecationWarning", "DEP0005"));
    new TerraformOutputLike().warn(() =>
      process.emitWarning(Object.assign(new Error("an error warning"), { code: "DEP0001" })),
    );
    await settle();
    expect(seen.map((w) => w.code)).toEqual(["DEP0005", "DEP0001"]);
  });

  it("synthesising an output prints no DEP0044 (meaningful on Node 24, where cdktf triggers it)", async () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), "np-dep0044-")) });
    const stack = new TerraformStack(app, "outputs");
    new TerraformOutput(stack, "list", { value: ["a", "b"] });
    new TerraformOutput(stack, "text", { value: "a" });
    app.synth();
    await settle();
    expect(seen.filter((w) => w.code === "DEP0044")).toEqual([]);
  });
});
