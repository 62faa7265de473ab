// app-runner/run-app.mjs runs the app from a cached esbuild bundle. It must never run a stale
// bundle: editing any file the entry imports (a config file, a construct) and running again
// must show the edit; an unchanged tree must not rebuild; a build error names file and line.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");
const work = mkdtempSync(join(tmpdir(), "np-run-app-"));
const cache = join(work, "cache");
afterAll(() => rmSync(work, { recursive: true, force: true }));

const entry = join(work, "entry.ts");
const config = join(work, "config.ts");
writeFileSync(
  entry,
  'import { config } from "./config";\nconsole.log(`${config.replicas} ${process.argv.slice(2).join(",")}`);\n',
);

function writeConfig(replicas: number): void {
  writeFileSync(config, `export const config: { replicas: number } = { replicas: ${replicas} };\n`);
}

function runApp(...args: string[]) {
  return spawnSync(process.execPath, [join(ROOT, "app-runner", "run-app.mjs"), entry, ...args], {
    cwd: ROOT,
    env: { ...process.env, NEUROPILOT_APP_CACHE: cache },
    encoding: "utf8",
  });
}

/** The bundle's modification time: changes exactly when it was rebuilt. */
function bundleMtime(): number {
  const bundles = readdirSync(cache).filter((name) => name.endsWith(".cjs"));
  expect(bundles).toHaveLength(1);
  return statSync(join(cache, bundles[0])).mtimeMs;
}

describe("run-app: compiled, never stale", () => {
  it("builds on first run and passes the arguments through", () => {
    writeConfig(2);
    const run = runApp("a", "b");
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim()).toBe("2 a,b");
  });

  it("reuses the bundle when nothing changed, even when a file was only touched", () => {
    const before = bundleMtime();
    const later = new Date(Date.now() + 5_000);
    utimesSync(config, later, later);
    const run = runApp();
    expect(run.stdout.trim()).toBe("2");
    expect(bundleMtime()).toBe(before);
  });

  it("reflects an edit of an imported file on the very next run", () => {
    writeConfig(3);
    expect(runApp().stdout.trim()).toBe("3");
    // Same size, different content: the stat alone cannot tell, the hash does.
    writeConfig(4);
    expect(runApp().stdout.trim()).toBe("4");
  });

  it("fails with the file and line of a build error, and recovers once fixed", () => {
    writeFileSync(config, "export const config = { replicas: ;\n");
    const broken = runApp();
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/config\.ts:1:\d+: /);
    writeConfig(5);
    expect(runApp().stdout.trim()).toBe("5");
  });
});
