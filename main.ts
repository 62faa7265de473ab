// Entry point for `npm run synth` and `cdktf synth`: validate config, build, synthesise.
// Validation happens before the App exists, so a bad config writes nothing.
import { buildApp } from "./app";
import { ENVIRONMENT_SOURCES } from "./config";
import { ConfigError, loadEnvironments } from "./config/load";
import { writeRailwayConfigFiles } from "./scripts/railway-config";
import { backendModeFromEnv } from "./stacks/backend";

function main(): void {
  const environments = loadEnvironments(ENVIRONMENT_SOURCES);
  const backend = backendModeFromEnv(process.env.NEUROPILOT_BACKEND);
  const app = buildApp(environments, { backend, outdir: process.env.CDKTF_OUTDIR });
  app.synth();
  writeRailwayConfigFiles(environments, app.outdir);
}

try {
  main();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
