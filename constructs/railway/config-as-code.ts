// The backend's Railway config-as-code files, generated from the same config as the
// stacks: the Railway provider has no health-check or restart-policy attributes, but
// Railway reads them from a config file in the backend repository
// (docs.railway.com/config-as-code/reference). Each regional service points at its own
// file (`config_path`), so one region's replica count cannot leak into another's.
export const RAILWAY_SCHEMA_URL = "https://railway.com/railway.schema.json";

export interface RegionalDeploySettings {
  /** Railway environment name (the default environment of the environment's project). */
  environmentName: string;
  /** Our region name; the file is named after it. */
  regionName: string;
  railwayRegion: string;
  replicas: number;
  healthcheckPath: string;
  healthcheckTimeoutSeconds: number;
  restartPolicyMaxRetries: number;
}

interface DeploySection {
  healthcheckPath: string;
  healthcheckTimeout: number;
  restartPolicyType: "ON_FAILURE";
  restartPolicyMaxRetries: number;
  multiRegionConfig: Record<string, { numReplicas: number }>;
}

export interface RailwayConfigFile {
  $schema: string;
  environments: Record<string, { deploy: DeploySection }>;
}

export function configPathFor(configDir: string, regionName: string): string {
  return `${configDir.replace(/\/$/, "")}/${regionName}.json`;
}

function deploySection(s: RegionalDeploySettings): DeploySection {
  return {
    healthcheckPath: s.healthcheckPath,
    healthcheckTimeout: s.healthcheckTimeoutSeconds,
    restartPolicyType: "ON_FAILURE",
    restartPolicyMaxRetries: s.restartPolicyMaxRetries,
    multiRegionConfig: { [s.railwayRegion]: { numReplicas: s.replicas } },
  };
}

/**
 * One file per region, keyed by its path under `configDir`. Settings sit under
 * `environments.<name>` because the same file serves every environment that runs
 * in that region, and Railway applies the block matching the deploying environment.
 */
export function railwayConfigFiles(
  configDir: string,
  settings: RegionalDeploySettings[],
): Map<string, RailwayConfigFile> {
  const files = new Map<string, RailwayConfigFile>();
  for (const s of settings) {
    const path = configPathFor(configDir, s.regionName);
    const file = files.get(path) ?? { $schema: RAILWAY_SCHEMA_URL, environments: {} };
    file.environments[s.environmentName] = { deploy: deploySection(s) };
    files.set(path, file);
  }
  return files;
}
