import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { compareSynthOutputs, firstDifference, withoutMetadata } from "../../engine/compare";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function synthOutput(stacks: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "engine-compare-"));
  dirs.push(dir);
  for (const [name, json] of Object.entries(stacks)) {
    mkdirSync(join(dir, "stacks", name), { recursive: true });
    writeFileSync(join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(json));
  }
  return dir;
}

const stack = (version: string, replicas: number): unknown => ({
  "//": { metadata: { version, stackName: "s" } },
  resource: {
    railway_service: { api: { "//": { metadata: { path: "s/api" } }, regions: [{ num_replicas: replicas }] } },
  },
});

describe("comparing two synth outputs", () => {
  it("ignores only the engines' // metadata", () => {
    expect(withoutMetadata({ "//": 1, a: [{ "//": 2, b: 3 }] })).toEqual({ a: [{ b: 3 }] });
    const cdktf = synthOutput({ s: stack("0.21.0", 1) });
    const cdktn = synthOutput({ s: stack("0.24.0", 1) });
    expect(compareSynthOutputs(cdktf, cdktn)).toEqual([]);
  });

  it("names the stack and the first differing path", () => {
    const first = synthOutput({ s: stack("0.21.0", 1) });
    const second = synthOutput({ s: stack("0.24.0", 2) });
    expect(compareSynthOutputs(first, second)).toEqual([
      { stack: "s", detail: "$.resource.railway_service.api.regions[0].num_replicas: 1 vs 2" },
    ]);
  });

  it("reports a stack present on one side only", () => {
    const first = synthOutput({ s: stack("0.21.0", 1), t: {} });
    const second = synthOutput({ s: stack("0.24.0", 1) });
    expect(compareSynthOutputs(first, second)).toEqual([{ stack: "t", detail: `missing from ${second}` }]);
    expect(compareSynthOutputs(second, first)).toEqual([{ stack: "t", detail: `missing from ${second}` }]);
  });

  it("refuses a folder that holds no synth output", () => {
    const empty = mkdtempSync(join(tmpdir(), "engine-compare-"));
    dirs.push(empty);
    expect(() => compareSynthOutputs(empty, empty)).toThrow(`${empty} holds no stacks/ folder: synthesize first`);
  });

  it.each([
    [{ a: [1, 2] }, { a: [1] }, "$.a: 2 items vs 1"],
    [{ a: 1 }, { b: 1 }, "$.a: only in the first"],
    [{ b: 1 }, { a: 1, b: 1 }, "$.a: only in the second"],
    [{ a: "1" }, { a: 1 }, '$.a: "1" vs 1'],
    [{ a: null }, { a: {} }, "$.a: null vs {}"],
    [{ a: [] }, { a: {} }, "$.a: [] vs {}"],
  ])("finds the difference between %j and %j", (a, b, expected) => {
    expect(firstDifference(a, b)).toBe(expected);
    expect(firstDifference(a, a)).toBeUndefined();
  });
});
