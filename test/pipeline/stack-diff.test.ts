import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { deepEqual, normaliseSynthJson, type JsonObject } from "../../pipeline/synth/json";
import { diffSynthOutputs } from "../../pipeline/synth/stack-diff";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A minimal cdktf.out with the given stacks. */
function synthDir(stacks: Record<string, JsonObject>, dependencies: Record<string, string[]> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "gitops-synth-"));
  dirs.push(dir);
  const manifest: JsonObject = { version: "0.21.0", stacks: {} };
  for (const [name, body] of Object.entries(stacks)) {
    mkdirSync(join(dir, "stacks", name), { recursive: true });
    writeFileSync(join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(body, null, 2));
    (manifest.stacks as JsonObject)[name] = {
      name,
      constructPath: name,
      dependencies: dependencies[name] ?? [],
      synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
      workingDirectory: `stacks/${name}`,
    };
  }
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
  return dir;
}

function stack(name: string, resources: JsonObject, uniqueSuffix = "A1B2C3D4"): JsonObject {
  return {
    "//": { metadata: { stackName: name, version: "0.21.0" } },
    resource: {
      neon_branch: {
        [`database_branch_${uniqueSuffix}`]: {
          "//": { metadata: { path: `${name}/database/branch`, uniqueId: `database_branch_${uniqueSuffix}` } },
          ...resources,
        },
      },
    },
    terraform: { cloud: { organization: "neuropilot", workspaces: { name } } },
  };
}

const all = (extra: JsonObject = {}): Record<string, JsonObject> => ({
  "neuropilot-github": stack("neuropilot-github", { name: "gh" }),
  "neuropilot-platform": stack("neuropilot-platform", { name: "platform" }),
  "neuropilot-staging": stack("neuropilot-staging", { name: "staging", ...extra }),
  "neuropilot-production": stack("neuropilot-production", { name: "production" }),
});

describe("normaliseSynthJson", () => {
  it("drops // metadata at every depth and sorts keys", () => {
    const a = normaliseSynthJson({ b: 1, "//": { x: 1 }, a: { "//": "meta", d: [{ z: 1, y: 2 }], c: 3 } });
    expect(JSON.stringify(a)).toBe('{"a":{"c":3,"d":[{"y":2,"z":1}]},"b":1}');
  });
});

describe("deepEqual", () => {
  it("compares arrays element by element and by length", () => {
    expect(deepEqual([1, [2, { a: 3 }]], [1, [2, { a: 3 }]])).toBe(true);
    expect(deepEqual([1, 2], [1, 3])).toBe(false);
    expect(deepEqual([1, 2], [9, 2])).toBe(false);
    expect(deepEqual([1, 2], [1, 2, 3])).toBe(false);
    expect(deepEqual([1, 2, 3], [1, 2])).toBe(false);
    expect(deepEqual([], [])).toBe(true);
    expect(deepEqual([1], { 0: 1 })).toBe(false);
  });
});

describe("diffSynthOutputs", () => {
  it("without a base, plans every pipeline stack and reports nothing unchanged or removed", () => {
    expect(diffSynthOutputs(undefined, synthDir(all()))).toEqual({
      changed: ["neuropilot-platform", "neuropilot-staging", "neuropilot-production"],
      unchanged: [],
      removed: [],
      bootstrapChanged: ["neuropilot-github"],
    });
  });

  it("lists only the untouched stacks as unchanged, and an untouched bootstrap stack as nothing", () => {
    const changes = diffSynthOutputs(synthDir(all()), synthDir(all({ name: "staging-2" })));
    expect(changes.changed).toEqual(["neuropilot-staging"]);
    expect(changes.unchanged).toEqual(["neuropilot-platform", "neuropilot-production"]);
    expect(changes.bootstrapChanged).toEqual([]);
  });

  it("reports nothing changed for identical output", () => {
    const changes = diffSynthOutputs(synthDir(all()), synthDir(all()));
    expect(changes.changed).toEqual([]);
    expect(changes.unchanged).toEqual(["neuropilot-platform", "neuropilot-staging", "neuropilot-production"]);
  });

  it("ignores metadata-only and key-order differences", () => {
    const base = all();
    const head = all();
    const staging = head["neuropilot-staging"];
    staging["//"] = { metadata: { stackName: "neuropilot-staging", version: "0.21.1", extra: true } };
    // Same content, keys written in another order.
    head["neuropilot-staging"] = Object.fromEntries(Object.entries(staging).reverse());
    expect(diffSynthOutputs(synthDir(base), synthDir(head)).changed).toEqual([]);
  });

  it("finds the changed stacks, in apply order, leaving the bootstrap stack out", () => {
    const head = all({ name: "staging-2" });
    head["neuropilot-platform"] = stack("neuropilot-platform", { name: "platform", history_retention_seconds: 1 });
    head["neuropilot-github"] = stack("neuropilot-github", { name: "gh-2" });
    const changes = diffSynthOutputs(synthDir(all()), synthDir(head));
    expect(changes.changed).toEqual(["neuropilot-platform", "neuropilot-staging"]);
    expect(changes.bootstrapChanged).toEqual(["neuropilot-github"]);
  });

  it("treats a renamed construct (new logical id) as a change", () => {
    const head = all();
    head["neuropilot-production"] = stack("neuropilot-production", { name: "production" }, "FFFF0000");
    expect(diffSynthOutputs(synthDir(all()), synthDir(head)).changed).toEqual(["neuropilot-production"]);
  });

  it("plans every stack when the base has no synth output, and reports new and removed stacks", () => {
    expect(diffSynthOutputs(undefined, synthDir(all())).changed).toHaveLength(3);
    expect(diffSynthOutputs("/nonexistent", synthDir(all())).changed).toHaveLength(3);

    const base = all();
    const head = all();
    delete head["neuropilot-platform"];
    const changes = diffSynthOutputs(synthDir(base), synthDir(head));
    expect(changes.removed).toEqual(["neuropilot-platform"]);
    const grown = diffSynthOutputs(synthDir(head), synthDir(base));
    expect(grown.changed).toEqual(["neuropilot-platform"]);
  });

  it("refuses a stack missing from the apply order rather than guessing where it goes", () => {
    const head = { ...all(), "neuropilot-eu": stack("neuropilot-eu", {}) };
    expect(() => diffSynthOutputs(undefined, synthDir(head))).toThrow(/neuropilot-eu are not in the apply order/);
  });

  it("refuses an order that applies a stack before one it depends on", () => {
    const dir = synthDir(all(), { "neuropilot-platform": ["neuropilot-production"] });
    expect(() => diffSynthOutputs(undefined, dir)).toThrow(/neuropilot-platform depends on neuropilot-production/);
  });
});
