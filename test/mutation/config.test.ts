// The mutation set-up stays consistent: every mutated file exists, is in the type checker's
// program (tsconfig.stryker.json), and is exercised by a test file in the mutation suite.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");
const read = <T>(file: string): T => JSON.parse(readFileSync(join(ROOT, file), "utf8")) as T;
const stryker = read<{ mutate: string[]; tsconfigFile: string; incrementalFile: string }>("stryker.config.json");
const mutatedFiles = [...new Set(stryker.mutate.map((entry) => entry.replace(/:\d+-\d+$/, "")))];

describe("mutation testing set-up", () => {
  it("mutates files that exist", () => {
    expect(mutatedFiles.filter((file) => !existsSync(join(ROOT, file)))).toEqual([]);
  });

  it("mutates whole functions where it mutates line ranges: the ranges follow the code they name", () => {
    // A line range goes stale silently when lines are added above or inside it.
    for (const entry of stryker.mutate) {
      const range = /^(.+):(\d+)-(\d+)$/.exec(entry);
      if (!range) continue;
      const lines = readFileSync(join(ROOT, range[1]), "utf8").split("\n");
      expect(lines[Number(range[2]) - 1], `${entry}: first line`).toMatch(/^(export )?function /);
      expect(lines[Number(range[3]) - 1], `${entry}: last line`).toBe("}");
      expect(lines[Number(range[3])], `${entry}: the line after`).toBe("");
    }
  });

  it("type-checks every mutated file in the checker's narrow program", () => {
    const tsconfig = read<{ files: string[] }>(stryker.tsconfigFile);
    expect(mutatedFiles.filter((file) => !tsconfig.files.includes(file))).toEqual([]);
  });

  it("runs test files that import each mutated module", () => {
    // The quoted test files of vitest.mutation.config.mts (read as text: tsc cannot import .mts here).
    const config = readFileSync(join(ROOT, "vitest.mutation.config.mts"), "utf8");
    const include = [...config.matchAll(/"(test\/[^"]+\.test\.ts)"/g)].map((m) => m[1]);
    expect(include.length).toBeGreaterThan(10);
    const sources = include.map((file) => readFileSync(join(ROOT, file), "utf8"));
    // Imported directly, or through its folder's index.ts re-exporting it (policy/api-constraints).
    const throughIndex = (module: string): boolean => {
      const folder = module.slice(0, module.lastIndexOf("/"));
      const index = join(ROOT, folder, "index.ts");
      const name = module.slice(module.lastIndexOf("/") + 1);
      return (
        existsSync(index) &&
        readFileSync(index, "utf8").includes(`from "./${name}"`) &&
        sources.some((source) => source.includes(`/${folder}"`))
      );
    };
    const untested = mutatedFiles.filter((file) => {
      const module = file.replace(/\.ts$/, "");
      return !sources.some((source) => source.includes(`/${module}"`)) && !throughIndex(module);
    });
    expect(untested).toEqual([]);
  });
});
