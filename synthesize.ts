// Validate → build → synthesise, shared by main.ts, the tests and the benchmark.
// Validation runs before the App exists, so a bad config writes nothing.
import { buildApp } from "./app";
import type { EnvironmentSource } from "./config/load";
import { loadEnvironments } from "./config/load";
import type { EnvironmentConfig } from "./config/schema";
import { writeRailwayConfigFiles } from "./scripts/railway-config";
import type { BackendMode } from "./stacks/backend";

export interface SynthesizeOptions {
  backend: BackendMode;
  /** Defaults to cdktf.out (or CDKTF_OUTDIR when run by cdktf-cli). */
  outdir?: string;
}

export interface SynthesizeResult {
  outdir: string;
  environments: EnvironmentConfig[];
}

export function synthesize(sources: EnvironmentSource[], options: SynthesizeOptions): SynthesizeResult {
  const environments = loadEnvironments(sources);
  const app = buildApp(environments, options);
  app.synth();
  writeRailwayConfigFiles(environments, app.outdir);
  return { outdir: app.outdir, environments };
}
