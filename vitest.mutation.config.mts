// The suite Stryker runs against each mutant: the unit tests of the modules in
// stryker.config.json's `mutate`. The synth, Miniflare and offline-provider suites also reach
// this code, but a synth per mutant made a full run ~80 min on 2 cores; a mutant must be
// killed by a fast behaviour test of its own module.
import { defineConfig } from "vitest/config";
import base from "./vitest.config.mts";

export default defineConfig({
  ...base,
  // Not mergeConfig: it would append to the base `include` instead of replacing it.
  test: {
    ...base.test,
    include: [
      "test/secrets/patterns.test.ts",
      "test/secrets/redact.test.ts",
      "test/secrets/pattern-kinds.test.ts",
      "test/cost/budget.test.ts",
      "test/cost/cost-model.test.ts",
      "test/cost/cost-profiles.test.ts",
      "test/cost/from-config-cells.test.ts",
      "test/policy/waivers.test.ts",
      "test/policy/api-constraints.test.ts",
      "test/policy/api-constraints-edges.test.ts",
      "test/pipeline/fair-share.test.ts",
      "test/pipeline/render.test.ts",
      "test/pipeline/render-size-guard.test.ts",
      "test/pipeline/render-truncation.test.ts",
      "test/pipeline/render-imports.test.ts",
      "test/pipeline/sticky-comment.test.ts",
      "test/pipeline/plan-secrets.test.ts",
      "test/workers/autoheal-assess.test.ts",
      "test/pipeline/stack-diff.test.ts",
      "test/config/apply-time.test.ts",
      "test/config/neon-limits.test.ts",
      "test/policy/rules/zone.test.ts",
      "test/policy/rules/residency.test.ts",
      "test/policy/rules/resilience.test.ts",
      "test/policy/rules/observability.test.ts",
      "test/pipeline/plan-digest.test.ts",
      "test/pipeline/attribute-diff.test.ts",
      "test/adopt/match.test.ts",
      "test/config/cross-field.test.ts",
    ],
    reporters: ["default"],
  },
});
