// Writes the backend's Railway config-as-code files next to the synthesised stacks
// (cdktf.out/backend-repo/<configDir>/<region>.json), from the validated config.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { EnvironmentConfig } from "../config/schema";
import { type RegionalDeploySettings, railwayConfigFiles } from "../constructs/railway/config-as-code";

export function regionalDeploySettings(environments: EnvironmentConfig[]): RegionalDeploySettings[] {
  return environments.flatMap((env) =>
    env.regions.map((region) => ({
      environmentName: env.railway.environmentName,
      regionName: region.name,
      railwayRegion: region.railwayRegion,
      replicas: region.replicas,
      healthcheckPath: env.healthCheck.path,
      healthcheckTimeoutSeconds: env.healthCheck.timeoutSeconds,
      restartPolicyMaxRetries: env.railway.restartPolicyMaxRetries,
    })),
  );
}

/** Returns the paths written, relative to `outdir`. */
export function writeRailwayConfigFiles(environments: EnvironmentConfig[], outdir: string): string[] {
  const configDir = environments[0].railway.backend.configDir;
  const files = railwayConfigFiles(configDir, regionalDeploySettings(environments));
  const written: string[] = [];
  for (const [path, content] of files) {
    // Mirrors the backend repository's layout: copy backend-repo/ over its root.
    const target = join(outdir, "backend-repo", path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, `${JSON.stringify(content, null, 2)}\n`);
    written.push(join("backend-repo", path));
  }
  return written;
}
