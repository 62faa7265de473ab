// Entry point for `npm run synth` and `cdktf synth`: synthesise the bundled environments.
import { ENVIRONMENT_SOURCES } from "./config";
import { ADOPTION_SOURCES } from "./config/adopt";
import { backendModeFromEnv } from "./stacks/backend";
import { isUserError, synthesize } from "./synthesize";

try {
  // cdktf-cli passes its output directory through CDKTF_OUTDIR.
  synthesize(ENVIRONMENT_SOURCES, {
    backend: backendModeFromEnv(process.env.NEUROPILOT_BACKEND),
    outdir: process.env.CDKTF_OUTDIR,
    adoption: ADOPTION_SOURCES,
  });
} catch (error) {
  if (!isUserError(error)) throw error;
  console.error(error.message);
  process.exit(1);
}
