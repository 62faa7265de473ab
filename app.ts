// Builds the App from validated configuration. Kept apart from main.ts so tests and
// the benchmark build the same thing main.ts synthesises.
import { App, Aspects } from "cdktf";
import { silenceCdktfIsArrayDeprecation } from "./stacks/cdktf-deprecation";
import type { LoadedAdoption } from "./config/adoption";
import type { EnvironmentConfig } from "./config/schema";
import { estimateEnvironment } from "./cost/estimate";
import { usageFromConfig } from "./cost/from-config";
import { workerPrices } from "./cost/telemetry-prices";
import { PolicyAspect } from "./policy/aspect";
import { policySubject } from "./policy/subject";
import { adoptExisting } from "./stacks/adoption";
import type { BackendMode } from "./stacks/backend";
import { GITHUB_STACK_NAME, PLATFORM_STACK_NAME, stackNameFor } from "./stacks/catalog";
import { EnvironmentStack } from "./stacks/environment-stack";
import { GitHubStack } from "./stacks/github-stack";
import { PlatformStack } from "./stacks/platform-stack";

export interface BuildOptions {
  outdir?: string;
  backend: BackendMode;
  /** Existing resources to import instead of create (config/adopt/), validated. */
  adoption?: readonly LoadedAdoption[];
}

export function buildApp(environments: EnvironmentConfig[], options: BuildOptions): App {
  silenceCdktfIsArrayDeprecation();
  const app = new App({ outdir: options.outdir ?? "cdktf.out", skipValidation: false });
  // Live values adoption recorded for the platform stack's resources, which it builds with.
  const adopted = new Map(
    (options.adoption ?? [])
      .filter(({ list }) => list.stack === PLATFORM_STACK_NAME)
      .flatMap(({ list }) => list.resources.flatMap((r) => (r.live ? [[r.path, r.live] as const] : []))),
  );
  const platform = new PlatformStack(app, PLATFORM_STACK_NAME, { environments, backend: options.backend, adopted });
  // Policy as code (policy/): each stack's resources are gathered for the rules, which
  // synthesize() evaluates before anything is written.
  Aspects.of(platform).add(new PolicyAspect());
  for (const config of environments) {
    // The auto-heal Worker prices live usage with the same figures as the cost model.
    const usage = usageFromConfig(config);
    const telemetryPrices = workerPrices(estimateEnvironment(usage), usage.neonPlan, usage.ownsPlatform);
    const stack = new EnvironmentStack(app, stackNameFor(config.name), {
      config,
      backend: options.backend,
      platform,
      telemetryPrices,
    });
    stack.addDependency(platform);
    Aspects.of(stack).add(new PolicyAspect(policySubject(config)));
  }
  const github = new GitHubStack(app, GITHUB_STACK_NAME, { environments, backend: options.backend });
  Aspects.of(github).add(new PolicyAspect());
  adoptExisting(app, options.adoption ?? []);
  return app;
}
