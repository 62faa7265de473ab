// Normalised digests of the bundled (single-cell) stacks, to prove the cells model changes
// nothing for a config without `cells` (issue 17). Normalisation drops only what issue 17
// changes on purpose: `grafana_slo` resources (new) and the dashboards' `config_json`
// ("Uptime by region" became a success ratio), and the CDK engine's version in the "//"
// metadata (cdktf 0.21.0 or CDK Terrain 0.24.0, issue 31: both must give these digests);
// everything else is compared byte for byte.
//
// Regenerate (only when a change to the bundled stacks is intended, and say so in the commit):
//   npx tsx test/stacks/single-cell-baseline.ts > test/stacks/fixtures/single-cell-baseline.json
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENVIRONMENT_SOURCES } from "../../config";
import { synthesize } from "../../synthesize";

type Json = {
  "//"?: { metadata?: { version?: string } };
  resource?: Record<string, Record<string, Record<string, unknown>>>;
};

/** The stack's JSON without the parts issue 17 changes deliberately, re-serialised as cdktf writes it. */
export function normalisedStack(raw: string): string {
  const json = JSON.parse(raw) as Json;
  if (json["//"]?.metadata) delete json["//"].metadata.version;
  if (json.resource) {
    delete json.resource.grafana_slo;
    for (const dashboard of Object.values(json.resource.grafana_dashboard ?? {})) delete dashboard.config_json;
  }
  return JSON.stringify(json, null, 2);
}

export function stackDigests(outdir: string): Record<string, string> {
  const digests: Record<string, string> = {};
  for (const stack of readdirSync(join(outdir, "stacks")).sort()) {
    const raw = readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8");
    digests[stack] = createHash("sha256").update(normalisedStack(raw)).digest("hex");
  }
  return digests;
}

if (process.argv[1]?.endsWith("single-cell-baseline.ts")) {
  const outdir = mkdtempSync(join(tmpdir(), "neuropilot-baseline-"));
  try {
    synthesize(ENVIRONMENT_SOURCES, { backend: "cloud", outdir });
    console.log(JSON.stringify(stackDigests(outdir), null, 2));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
