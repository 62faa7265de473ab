// Entry point for `npm run synth` and `cdktf synth`: synthesise the bundled environments.
// The config files are imported lazily so that one throwing at load (a bad value in a
// top-level expression) is one line naming the file (cli/load-error.ts), never a stack trace.
import { loadModule, ModuleLoadError } from "./cli/load-error";
import { UsageError } from "./cli/flags";
import { runCommand } from "./cli/run";
import { backendModeFromEnv } from "./stacks/backend";
import { isUserError, synthesize } from "./synthesize";

const USAGE = "usage: npm run synth (cdktf synth runs the same app; CDKTF_OUTDIR names the output folder)";

function backend(): ReturnType<typeof backendModeFromEnv> {
  try {
    return backendModeFromEnv(process.env.NEUROPILOT_BACKEND);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function main(): Promise<number> {
  const mode = backend();
  const { ENVIRONMENT_SOURCES } = await loadModule(() => import("./config"), __dirname);
  const { ADOPTION_SOURCES } = await loadModule(() => import("./config/adopt"), __dirname);
  // cdktf-cli passes its output directory through CDKTF_OUTDIR.
  synthesize(ENVIRONMENT_SOURCES, {
    backend: mode,
    outdir: process.env.CDKTF_OUTDIR,
    adoption: ADOPTION_SOURCES,
  });
  return 0;
}

runCommand(main, {
  name: "synth",
  usage: USAGE,
  isUserError: (error): error is Error => isUserError(error) || error instanceof ModuleLoadError,
});
