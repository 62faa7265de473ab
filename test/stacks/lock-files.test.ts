import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENVIRONMENT_SOURCES } from "../../config";
import { installOfflineProviders, serverCommand } from "../../offline-provider/install";
import { DEFAULT_SNAPSHOTS } from "../../offline-provider/paths";
import { LOCK_DIR, LOCK_FILE, installLockFiles, lockFilePath } from "../../stacks/lock-files";
import { PROVIDER_VERSIONS } from "../../stacks/providers";
import { synthesize } from "../../synthesize";

interface Locked {
  version: string;
  constraints?: string;
  hashes: string[];
}

/** Provider address → its entry, from a `.terraform.lock.hcl` (the subset of HCL Terraform writes). */
function parseLock(text: string): Map<string, Locked> {
  const entries = new Map<string, Locked>();
  for (const block of text.matchAll(/^provider "([^"]+)" \{\n([\s\S]*?)^\}/gm)) {
    const body = block[2];
    const hashes = /hashes = \[\n([\s\S]*?)\]/.exec(body)?.[1] ?? "";
    entries.set(block[1], {
      version: /^ {2}version\s+= "([^"]+)"$/m.exec(body)?.[1] ?? "(none)",
      constraints: /^ {2}constraints = "([^"]+)"$/m.exec(body)?.[1],
      hashes: [...hashes.matchAll(/"([^"]+)"/g)].map((m) => m[1]),
    });
  }
  return entries;
}

const address = (source: string) => (source.split("/").length === 3 ? source : `registry.terraform.io/${source}`);

describe("provider lock files", () => {
  let outdir: string;
  let stacks: string[];
  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), "lock-files-"));
    synthesize(ENVIRONMENT_SOURCES, { backend: "cloud", outdir });
    stacks = readdirSync(join(outdir, "stacks")).sort();
  });
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  const required = (stack: string) =>
    (
      JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as {
        terraform: { required_providers: Record<string, { source: string; version: string }> };
      }
    ).terraform.required_providers;

  it("commits one lock per synthesized stack and none for a stack that does not exist", () => {
    expect(readdirSync(LOCK_DIR).sort()).toEqual(stacks);
    expect(stacks).toHaveLength(4);
  });

  it("locks exactly the pinned version of every provider each stack requires, and nothing else", () => {
    for (const stack of stacks) {
      const locked = parseLock(readFileSync(lockFilePath(stack), "utf8"));
      const expected = new Map(
        Object.entries(required(stack)).map(([name, p]) => {
          // The stack pins what stacks/providers.ts says (provider-pins.test.ts), so the lock must too.
          expect(p.version, `${stack}: ${name}`).toBe(PROVIDER_VERSIONS[name as keyof typeof PROVIDER_VERSIONS]);
          return [address(p.source), p.version];
        }),
      );
      expect([...locked.keys()].sort(), stack).toEqual([...expected.keys()].sort());
      for (const [provider, version] of expected) {
        expect(locked.get(provider), `${stack}: ${provider}`).toMatchObject({ version, constraints: version });
      }
    }
  });

  it("carries only well-formed hashes, and never an empty list (Terraform rejects `hashes = []`)", () => {
    for (const stack of stacks) {
      const text = readFileSync(lockFilePath(stack), "utf8");
      expect(text, stack).not.toMatch(/hashes = \[\s*\]/);
      for (const [provider, entry] of parseLock(text)) {
        for (const hash of entry.hashes)
          expect(hash, `${stack}: ${provider}`).toMatch(/^(h1:[A-Za-z0-9+/]{43}=|zh:[0-9a-f]{64})$/);
      }
    }
  });

  it("copies each stack's lock into its synthesized folder", () => {
    for (const stack of stacks) {
      expect(readFileSync(join(outdir, "stacks", stack, LOCK_FILE), "utf8"), stack).toBe(
        readFileSync(lockFilePath(stack), "utf8"),
      );
    }
    expect(installLockFiles(join(outdir, "missing"))).toEqual([]);
  });

  /** `terraform init -backend=false -lockfile=readonly` of staging's config against the offline mirror. */
  async function readonlyInit(lock: string): Promise<{ status: number | null; output: string; lockAfter: string }> {
    const temp = mkdtempSync(join(tmpdir(), "lock-readonly-"));
    try {
      const work = join(temp, "stack");
      mkdirSync(work);
      copyFileSync(join(outdir, "stacks", "neuropilot-staging", "cdk.tf.json"), join(work, "cdk.tf.json"));
      writeFileSync(join(work, LOCK_FILE), lock);
      const { env } = installOfflineProviders(temp, DEFAULT_SNAPSHOTS, await serverCommand(temp));
      const init = spawnSync(
        "terraform",
        ["init", "-input=false", "-no-color", "-backend=false", "-lockfile=readonly"],
        {
          cwd: work,
          env,
          encoding: "utf8",
        },
      );
      return {
        status: init.status,
        output: init.stdout + init.stderr,
        lockAfter: readFileSync(join(work, LOCK_FILE), "utf8"),
      };
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  }

  it("lets an offline `terraform init -lockfile=readonly` select the locked versions and leaves the lock unchanged", async () => {
    const lock = readFileSync(lockFilePath("neuropilot-staging"), "utf8");
    const init = await readonlyInit(lock);
    expect(init.lockAfter).toBe(lock);
    if ([...parseLock(lock).values()].some((entry) => entry.hashes.length > 0)) {
      // Real registry hashes never match the schema-only mirror: offline runs use plan-offline's temp copy.
      expect(init.status).not.toBe(0);
      return;
    }
    expect(init.status, init.output).toBe(0);
    for (const [, p] of Object.entries(required("neuropilot-staging"))) {
      expect(init.output).toContain(`Installed ${p.source.replace(/^registry\.terraform\.io\//, "")} v${p.version}`);
    }
  }, 120_000);

  it("makes Terraform refuse a package whose checksum the lock does not list", async () => {
    // A checksum no package has (32 zero bytes). The mirror is unpacked, so Terraform can check
    // it only against h1: (a zh: hash is of the registry's zip and is not comparable here).
    const lock = readFileSync(lockFilePath("neuropilot-staging"), "utf8").replace(
      /(provider "registry\.terraform\.io\/kislerdm\/neon" \{\n(?: {2}.*\n)*?)\}/,
      `$1  hashes = [\n    "h1:${"A".repeat(43)}=",\n  ]\n}`,
    );
    expect(parseLock(lock).get("registry.terraform.io/kislerdm/neon")?.hashes).toHaveLength(1);
    const init = await readonlyInit(lock);
    expect(init.status).not.toBe(0);
    expect(init.output).toMatch(/kislerdm\/neon[\s\S]*checksum|checksum[\s\S]*kislerdm\/neon/);
  }, 120_000);
});
