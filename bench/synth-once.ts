// One cold synthesis, timed by bench/bench.ts in a fresh process.
// `--regions N` replaces production's regions with N generated ones; Railway has only
// four regions, so these configs cycle through them and skip the uniqueness rule —
// they measure how synth time grows with size, they are not deployable.
import { buildApp } from "../app";
import { ENVIRONMENT_SOURCES } from "../config";
import { validateEnvironments } from "../policy/config-guardrails";
import type { EnvironmentConfig } from "../config/schema";
import { RAILWAY_REGIONS } from "../config/railway-regions";

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function withRegions(environments: EnvironmentConfig[], count: number): EnvironmentConfig[] {
  return environments.map((env) =>
    env.tier !== "production"
      ? env
      : {
          ...env,
          regions: Array.from({ length: count }, (_, i) => ({
            name: `region-${i + 1}`,
            railwayRegion: RAILWAY_REGIONS[i % RAILWAY_REGIONS.length],
            replicas: 1,
          })),
        },
  );
}

const outdir = argument("--outdir") ?? "cdktf.out";
const regions = argument("--regions");
let environments = validateEnvironments(ENVIRONMENT_SOURCES);
if (regions) environments = withRegions(environments, Number(regions));
const app = buildApp(environments, { backend: "cloud", outdir });
app.synth();
