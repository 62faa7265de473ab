// Provider lock files: one committed `.terraform.lock.hcl` per stack under stacks/locks/<stack>/,
// copied into each synthesized stack's folder so every `terraform init` (pipeline, laptop,
// `cdktf deploy`) selects exactly the locked provider versions and, once the file carries
// hashes, verifies the downloaded packages against them. Refresh online (docs/pipeline.md):
//   terraform -chdir=cdktf.out/stacks/<stack> providers lock \
//     -platform=linux_amd64 -platform=darwin_arm64 -platform=darwin_amd64
//   cp cdktf.out/stacks/<stack>/.terraform.lock.hcl stacks/locks/<stack>/
// The offline preview never uses these: offline-provider/plan-offline.ts copies a stack
// without its lock file and lets init lock the schema-only mirror in its own temp folder.
import { copyFileSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

export const LOCK_FILE = ".terraform.lock.hcl";
export const LOCK_DIR = join(__dirname, "locks");

/** The committed lock file of `stack`. */
export function lockFilePath(stack: string): string {
  return join(LOCK_DIR, stack, LOCK_FILE);
}

/**
 * Copies each stack's committed lock file into `<outdir>/stacks/<stack>/`. A stack without
 * one (a new environment, a test fixture) keeps Terraform's default: init writes a lock.
 */
export function installLockFiles(outdir: string): string[] {
  const stacksDir = join(outdir, "stacks");
  if (!existsSync(stacksDir)) return [];
  const installed: string[] = [];
  for (const stack of readdirSync(stacksDir)) {
    const lock = lockFilePath(stack);
    if (!existsSync(lock)) continue;
    copyFileSync(lock, join(stacksDir, stack, LOCK_FILE));
    installed.push(stack);
  }
  return installed;
}
