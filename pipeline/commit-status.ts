// CLI: sets the trusted plan's required check on the PR's head commit (plan-pr.yml only).
//   GITHUB_TOKEN=… tsx pipeline/commit-status.ts --sha <head> --state success|failure|pending --description "…"
// The work is github/commit-status.ts.
import { main } from "./github/commit-status";

if (process.argv[1]?.endsWith("commit-status.ts")) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
