import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Synthesising stacks is CPU-bound; two cores here, so keep forks to two.
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    // The skip reporter's line (suites skipped for a missing tool) comes last.
    reporters: ["default", "./test/support/skip-reporter.ts"],
  },
});
