// GitHub: adoption discovery and the pipeline's comment and drift-issue calls against GitHub's
// REST description (@octokit/openapi 23.0.2, extract in contracts/descriptions/github.json).
import { GITHUB_PIPELINE_CALLS } from "../../pipeline/github/github-rest";
import { GITHUB_DISCOVERY_CALLS } from "../../vendors/github";
import { restContract } from "./support/vendor";

restContract("github", {
  "vendors/github.ts": GITHUB_DISCOVERY_CALLS,
  "pipeline/github/github-rest.ts": GITHUB_PIPELINE_CALLS,
});
