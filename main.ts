// Entry point for `npm run synth` and `cdktf synth`: synthesise the bundled environments.
import { ENVIRONMENT_SOURCES } from "./config";
import { ConfigError } from "./config/load";
import { PolicyError } from "./policy/check";
import { backendModeFromEnv } from "./stacks/backend";
import { synthesize } from "./synthesize";

try {
  // cdktf-cli passes its output directory through CDKTF_OUTDIR.
  synthesize(ENVIRONMENT_SOURCES, {
    backend: backendModeFromEnv(process.env.NEUROPILOT_BACKEND),
    outdir: process.env.CDKTF_OUTDIR,
  });
} catch (error) {
  if (error instanceof ConfigError || error instanceof PolicyError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
