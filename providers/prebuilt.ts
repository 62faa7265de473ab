// The providers that also have prebuilt CDKTF packages on npm (frozen since CDKTF's archival):
// Cloudflare and GitHub. Their bindings can be generated from the offline snapshots the same
// way Grafana, Sentry, Railway and Neon's are, which is the way to a provider version newer
// than the last prebuilt package (docs/provider-upgrades.md).
import { join } from "node:path";
import { ROOT } from "./snapshots";

export interface PrebuiltProvider {
  /** The binding folder under .gen/providers and the prebuilt package's provider name. */
  name: "cloudflare" | "github";
  source: string;
  /** The prebuilt package and the version the program imports by deep path. */
  packageName: string;
  packageVersion: string;
  snapshotFile: string;
}

export const PREBUILT_PROVIDERS: readonly PrebuiltProvider[] = [
  {
    name: "cloudflare",
    source: "cloudflare/cloudflare",
    packageName: "@cdktf/provider-cloudflare",
    packageVersion: "13.9.1",
    snapshotFile: join(ROOT, "providers/offline/cloudflare.json"),
  },
  {
    name: "github",
    source: "integrations/github",
    packageName: "@cdktf/provider-github",
    packageVersion: "15.3.1",
    snapshotFile: join(ROOT, "providers/offline/github.json"),
  },
];

const DEEP_IMPORT = /^@cdktf\/provider-(cloudflare|github)\/lib\/([a-z0-9-]+)$/;

/**
 * Where a deep import of a prebuilt package lands among bindings generated into `genDir`
 * (`@cdktf/provider-cloudflare/lib/dns-record` → `<genDir>/providers/cloudflare/dns-record/index.ts`),
 * or undefined for any other import.
 */
export function generatedBindingPath(specifier: string, genDir: string): string | undefined {
  const match = DEEP_IMPORT.exec(specifier);
  return match ? join(genDir, "providers", match[1], match[2], "index.ts") : undefined;
}
