// CLI: sets the trusted plan's required check on the PR's head commit (plan-pr.yml only).
//   GITHUB_TOKEN=… tsx pipeline/commit-status.ts --sha <head> --state success|failure|pending --description "…"
// The work is github/commit-status.ts.
import { main } from "./github/commit-status";
import { runAsEntry } from "./script-entry";

runAsEntry("commit-status", main);
