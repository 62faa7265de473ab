// pipeline/trusted-plan-app.ts: plan-pr.yml's status job learns the trusted-plan app from
// main's config, the same value the bootstrap stack's ruleset requires the check from.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { production } from "../../config/production";
import { EnvironmentSchema, type EnvironmentConfig } from "../../config/schema";
import { staging } from "../../config/staging";
import { main } from "../../pipeline/trusted-plan-app";
import { capturedIo } from "../../pipeline/script-entry";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function environments(appIds: Array<number | undefined>): EnvironmentConfig[] {
  return [staging, production].map((input, i) =>
    EnvironmentSchema.parse({ ...structuredClone(input), github: { ...input.github, trustedPlanAppId: appIds[i] } }),
  );
}

/** The value of step output `name` in a GITHUB_OUTPUT file (written as `name<<DELIMITER` blocks). */
function outputValue(text: string, name: string): string | undefined {
  const match = new RegExp(`^${name}<<(\\S+)\\n([\\s\\S]*?)\\n?\\1$`, "m").exec(text);
  return match?.[2];
}

async function run(appIds: Array<number | undefined>): Promise<{ code: number; output: string; log: string }> {
  const dir = mkdtempSync(join(tmpdir(), "trusted-plan-app-"));
  dirs.push(dir);
  const outputFile = join(dir, "output");
  const { io, stdout } = capturedIo();
  const code = await main([], { GITHUB_OUTPUT: outputFile }, io, () => environments(appIds));
  return { code, output: outputValue(readFileSync(outputFile, "utf8"), "id") ?? "(no id output)", log: stdout() };
}

describe("pipeline/trusted-plan-app.ts", () => {
  it("outputs the configured app id", async () => {
    const result = await run([2400001, 2400001]);
    expect(result.code).toBe(0);
    expect(result.output).toBe("2400001");
    expect(result.log).toContain("trusted-plan app 2400001");
  });

  it("outputs an empty id without an app, so the workflow falls back to GitHub Actions", async () => {
    const result = await run([undefined, undefined]);
    expect(result.output).toBe("");
    expect(result.log).toContain("the status comes from GitHub Actions");
  });

  it("refuses environments naming different apps", async () => {
    await expect(run([1, 2])).rejects.toThrow(/must share one GitHub repository and trusted-plan app/);
  });

  it("reads the bundled config by default (it names no app)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "trusted-plan-app-"));
    dirs.push(dir);
    const { io } = capturedIo();
    expect(await main([], { GITHUB_OUTPUT: join(dir, "output") }, io)).toBe(0);
    expect(outputValue(readFileSync(join(dir, "output"), "utf8"), "id")).toBe("");
  });
});
