// The backend's Railway config-as-code files, generated from the same config as the
// stacks: the Railway provider has no health-check or restart-policy attributes, but
// Railway reads them from a config file in the backend repository
// (docs.railway.com/config-as-code/reference). Checked against the pinned provider:
// terraform-community-providers/railway v0.6.2 (b1cd755) internal/provider/resource_service.go
// declares no healthcheck_path / healthcheck_timeout (only Railway's GraphQL schema.graphql has
// healthcheckPath/healthcheckTimeout, which the provider does not expose), so the file is the
// only declarative place. Healthcheck + overlap + draining give zero-downtime deploys within a
// service (docs/rollout.md). Each regional service points at its own
// file (`config_path`), so one region's replica count cannot leak into another's.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

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
  /** Seconds the previous deployment keeps serving after the new one passed its healthcheck. */
  overlapSeconds: number;
  /** Seconds between SIGTERM and SIGKILL for the previous deployment. */
  drainingSeconds: number;
}

interface DeploySection {
  healthcheckPath: string;
  healthcheckTimeout: number;
  restartPolicyType: "ON_FAILURE";
  restartPolicyMaxRetries: number;
  overlapSeconds: number;
  drainingSeconds: number;
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
    overlapSeconds: s.overlapSeconds,
    drainingSeconds: s.drainingSeconds,
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

/** Where synth writes the files: copy `backend-repo/` over the backend repository's root. */
export const BACKEND_REPO_DIR = "backend-repo";

// Several stacks (environments) share one file per region. The first write of a file in a
// synthesis session starts it afresh (so a removed environment's block does not linger from
// an earlier synth); later writes in the same session merge their environment's block.
const writtenInSession = new WeakMap<object, Set<string>>();

/** Writes (or merges into) this environment's config-as-code files under `outdir`. */
export function writeRailwayConfigFiles(
  outdir: string,
  session: object,
  configDir: string,
  settings: RegionalDeploySettings[],
): string[] {
  const seen = writtenInSession.get(session) ?? new Set<string>();
  writtenInSession.set(session, seen);
  const written: string[] = [];
  for (const [path, content] of railwayConfigFiles(configDir, settings)) {
    const relativePath = join(BACKEND_REPO_DIR, path);
    const target = join(outdir, relativePath);
    const merged: RailwayConfigFile =
      seen.has(target) && existsSync(target)
        ? (JSON.parse(readFileSync(target, "utf8")) as RailwayConfigFile)
        : content;
    if (merged !== content) Object.assign(merged.environments, content.environments);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, `${JSON.stringify(merged, null, 2)}\n`);
    seen.add(target);
    written.push(relativePath);
  }
  return written;
}
