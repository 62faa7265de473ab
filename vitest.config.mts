import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Synthesising stacks is CPU-bound; two cores here, so keep forks to two.
    pool: "forks",
    maxWorkers: 2,
    // Test files share their worker's module cache: loading cdktf, the bindings and the
    // gRPC stack once per worker instead of once per file halves the suite's CPU time.
    // Files must not leave global state behind (env, timers, mocks); setup.ts stops what
    // a file started for the process.
    isolate: false,
    setupFiles: ["./test/support/setup.ts"],
    testTimeout: 30_000,
    // beforeAll hooks synthesise whole apps; on a loaded 2-core machine that can pass 10 s.
    hookTimeout: 60_000,
    // The skip reporter's line (suites skipped for a missing tool) comes last.
    reporters: ["default", "./test/support/skip-reporter.ts"],
  },
});
