// Validate → build → synthesise, shared by main.ts, the tests and the benchmark.
// Validation runs before the App exists, so a bad config writes nothing.
import { buildApp } from "./app";
import type { EnvironmentSource } from "./config/load";
import { loadEnvironments } from "./config/load";
import { writePricingContext } from "./cost/context";
import type { EnvironmentConfig } from "./config/schema";
import { enforcePolicy, type PolicyReport } from "./policy/check";
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
  /** Waived and not-yet-applicable policy rules (violations throw PolicyError instead). */
  policy: PolicyReport;
}

export function synthesize(sources: EnvironmentSource[], options: SynthesizeOptions): SynthesizeResult {
  const environments = loadEnvironments(sources);
  const app = buildApp(environments, options);
  // Policy violations throw here, before app.synth() writes any stack.
  const policy = enforcePolicy(app);
  app.synth();
  writeRailwayConfigFiles(environments, app.outdir);
  writePricingContext(environments, app.outdir);
  return { outdir: app.outdir, environments, policy };
}
