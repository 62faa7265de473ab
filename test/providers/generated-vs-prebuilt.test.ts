// Provider upgrades without prebuilt packages (issue 31): Cloudflare and GitHub bindings
// generated from the offline schema snapshots, at the pinned versions, must synthesize
// exactly the JSON the prebuilt @cdktf/provider-cloudflare and @cdktf/provider-github
// packages do. The app is bundled twice, once as it is and once with every deep import of a
// prebuilt package pointed at the generated binding of the same name, and both synthesize.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { build, type Plugin } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateBindingsFromSnapshot } from "../../providers/generate";
import { PREBUILT_PROVIDERS, generatedBindingPath } from "../../providers/prebuilt";
import type { SchemaSnapshot } from "../../providers/snapshots";

const work = mkdtempSync(join(tmpdir(), "generated-vs-prebuilt-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The bundle lives in a temp folder: each module's __dirname stays its own source folder. */
const sourceDirname: Plugin = {
  name: "source-dirname",
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /\.[cm]?[jt]s$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      if (!source.includes("__dirname")) return undefined;
      return {
        contents: source.replace(/\b__dirname\b/g, JSON.stringify(dirname(args.path))),
        loader: args.path.endsWith("ts") ? "ts" : "js",
        resolveDir: dirname(args.path),
      };
    });
  },
};

function toGenerated(genDir: string, redirected: Set<string>): Plugin {
  return {
    name: "prebuilt-to-generated",
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^@cdktf\/provider-(cloudflare|github)\// }, (args) => {
        const path = generatedBindingPath(args.path, genDir);
        if (path === undefined) return { errors: [{ text: `not a deep binding import: ${args.path}` }] };
        redirected.add(args.path);
        return { path };
      });
    },
  };
}

async function synthWith(name: string, plugins: Plugin[]): Promise<string> {
  const outfile = join(work, `${name}.cjs`);
  await build({
    entryPoints: ["main.ts"],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    external: ["esbuild"],
    // The generated bindings live in a temp folder: they import cdktf from this checkout.
    nodePaths: [join(process.cwd(), "node_modules")],
    logLevel: "silent",
    plugins: [...plugins, sourceDirname],
  });
  const outdir = join(work, `${name}.out`);
  const run = spawnSync(process.execPath, [outfile], {
    env: { ...process.env, CDKTF_OUTDIR: outdir, NEUROPILOT_BACKEND: "cloud" },
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`synth with ${name} bindings failed: ${run.stderr}`);
  return outdir;
}

function stacks(outdir: string): Record<string, string> {
  const dir = join(outdir, "stacks");
  return Object.fromEntries(
    readdirSync(dir).map((stack) => [stack, readFileSync(join(dir, stack, "cdk.tf.json"), "utf8")]),
  );
}

describe("bindings generated from the offline snapshots", () => {
  const genDir = join(work, "gen");
  const redirected = new Set<string>();
  let prebuilt: Record<string, string>;
  let generated: Record<string, string>;

  beforeAll(async () => {
    for (const provider of PREBUILT_PROVIDERS) {
      const snapshot = JSON.parse(readFileSync(provider.snapshotFile, "utf8")) as SchemaSnapshot;
      await generateBindingsFromSnapshot(genDir, snapshot, `${provider.source}@${snapshot.provenance.version}`);
    }
    prebuilt = stacks(await synthWith("prebuilt", []));
    generated = stacks(await synthWith("generated", [toGenerated(genDir, redirected)]));
  }, 120_000);

  it("are of the versions the prebuilt packages bind", () => {
    for (const provider of PREBUILT_PROVIDERS) {
      const snapshot = JSON.parse(readFileSync(provider.snapshotFile, "utf8")) as SchemaSnapshot;
      const packageJson = JSON.parse(readFileSync(`node_modules/${provider.packageName}/package.json`, "utf8")) as {
        version: string;
        cdktf: { provider: { name: string; version: string } };
      };
      expect(packageJson.version).toBe(provider.packageVersion);
      expect(packageJson.cdktf.provider.name).toBe(`registry.terraform.io/${provider.source}`);
      expect(snapshot.provenance.version).toBe(packageJson.cdktf.provider.version);
    }
  });

  it("replace every prebuilt import of the program", () => {
    // The program's deep imports, each redirected; none left to the prebuilt packages.
    expect([...redirected].sort()).toEqual(
      expect.arrayContaining(["@cdktf/provider-cloudflare/lib/dns-record", "@cdktf/provider-github/lib/provider"]),
    );
    expect(redirected.size).toBeGreaterThanOrEqual(15);
  });

  it("synthesize every stack byte for byte as the prebuilt packages do", () => {
    expect(Object.keys(generated).sort()).toEqual(Object.keys(prebuilt).sort());
    for (const stack of Object.keys(prebuilt)) expect(generated[stack], stack).toBe(prebuilt[stack]);
  });
});
