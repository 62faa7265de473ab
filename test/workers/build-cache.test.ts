// The Worker bundle is cached by the content of every file esbuild read: an unchanged
// tree reuses it, an edit of any imported file rebuilds it.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildWorker, cachedWorker, workerCacheFile } from "../../workers/build";

const work = mkdtempSync(join(tmpdir(), "np-worker-cache-"));
const entry = join(work, "index.ts");
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(workerCacheFile(entry), { force: true });
});
const helper = join(work, "helper.ts");
writeFileSync(entry, 'import { greeting } from "./helper";\nexport default { fetch: () => new Response(greeting) };\n');

describe("Worker bundle cache", () => {
  it("builds once, then serves the same bundle from the cache", () => {
    writeFileSync(helper, 'export const greeting = "v1";\n');
    expect(cachedWorker(entry)).toBeUndefined();
    const built = buildWorker(entry);
    expect(built.code).toContain('"v1"');
    expect(cachedWorker(entry)).toEqual(built);
  });

  it("misses after an edit of an imported file (same length) and rebuilds with it", () => {
    writeFileSync(helper, 'export const greeting = "v2";\n');
    expect(cachedWorker(entry)).toBeUndefined();
    const rebuilt = buildWorker(entry);
    expect(rebuilt.code).toContain('"v2"');
    expect(rebuilt.code).not.toContain('"v1"');
  });

  it("misses when an input disappears", () => {
    rmSync(helper);
    expect(cachedWorker(entry)).toBeUndefined();
  });
});
