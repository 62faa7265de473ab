// CLI: the pull request a trusted plan (plan-pr.yml, on workflow_run) is for, found by the
// run's head commit through the API.
//   GITHUB_TOKEN=… tsx pipeline/find-pull-request.ts --head <workflow_run.head_sha> --out pull-request.json
// The work, and why nothing the PR controls is read, is github/find-pull-request.ts.
import { main } from "./github/find-pull-request";
import { runAsEntry } from "./script-entry";

runAsEntry("find-pull-request", main);
