import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Synthesising stacks is CPU-bound; two cores here, so keep forks to two.
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    // beforeAll hooks synthesise whole apps; on a loaded 2-core machine that can pass 10 s.
    hookTimeout: 60_000,
    // The skip reporter's line (suites skipped for a missing tool) comes last.
    reporters: ["default", "./test/support/skip-reporter.ts"],
  },
});
