// One cold synthesis, timed by bench/bench.ts in a fresh process.
// `--regions N` replaces production's regions with N generated ones, `--cells C` spreads
// them over C cells (us, eu, ap, … from the region table: a Neon project, database and
// geo-steered pools each). Railway has only four regions, so these configs cycle through
// them and skip the uniqueness rules — they measure how synth time grows with size, they
// are not deployable.
import { buildApp } from "../app";
import { ENVIRONMENT_SOURCES } from "../config";
import { validateEnvironments } from "../policy/config-guardrails";
import type { EnvironmentConfig } from "../config/schema";
import { REGION_TABLE } from "../config/regions";

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function withRegions(environments: EnvironmentConfig[], count: number, cellCount: number): EnvironmentConfig[] {
  // One jurisdiction per cell, in the table's order (us, eu, ap); regions dealt round-robin.
  const jurisdictions = [...new Set(REGION_TABLE.map((r) => r.jurisdiction))];
  const cells = Array.from({ length: cellCount }, (_, c) => {
    const jurisdiction = jurisdictions[c % jurisdictions.length];
    const rows = REGION_TABLE.filter((r) => r.jurisdiction === jurisdiction);
    const regions = Array.from({ length: count }, (_, i) => i)
      .filter((i) => i % cellCount === c)
      .map((i, k) => ({ name: `region-${i + 1}`, railwayRegion: rows[k % rows.length].railwayRegion, replicas: 1 }));
    const id = cellCount <= jurisdictions.length ? jurisdiction : `${jurisdiction}${c + 1}`;
    return {
      id,
      jurisdiction,
      residency: "none" as const,
      neonRegion: rows[0].nearestNeonRegion,
      regions,
      countries: [],
      pops: [],
      readReplicas: 1,
    };
  });
  return environments.map((env) =>
    env.tier !== "production" ? env : { ...env, cells, regions: cells.flatMap((c) => c.regions) },
  );
}

const outdir = argument("--outdir") ?? "cdktf.out";
const regions = argument("--regions");
const cells = argument("--cells");
let environments = validateEnvironments(ENVIRONMENT_SOURCES);
if (regions) environments = withRegions(environments, Number(regions), Number(cells ?? 1));
const app = buildApp(environments, { backend: "cloud", outdir });
app.synth();
