// CLI: creates or updates the sticky plan comment on the current pull request.
//   GITHUB_TOKEN=... tsx pipeline/post-comment.ts --body comment.md [--pr 42]
// The PR number defaults to the one in $GITHUB_EVENT_PATH. A read-only token (fork PRs)
// is a warning, not a failure: the job summary still has the plan.
import { readFileSync } from "node:fs";
import { Octokit } from "@octokit/rest";
import { commandLine, flag, requiredFlag, warning } from "./github/github-actions";
import { octokitCommentStore, repoFromEnv } from "./github/github-rest";
import { PLAN_MARKER } from "./comment/render";
import { processIo, runAsEntry, type ScriptIo } from "./script-entry";
import { upsertComment } from "./github/sticky-comment";

/** The command, in-process: `argv` and `env` as the workflow step passes them; returns the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv, io: ScriptIo = processIo): Promise<number> {
  const args = commandLine(argv, {
    command: "pipeline/post-comment.ts",
    flags: ["body", "pr", "marker"],
  });
  const body = readFileSync(requiredFlag(args, "body"), "utf8");
  const pr = Number(flag(args, "pr") ?? pullRequestNumberFromEvent(env));
  if (!Number.isInteger(pr) || pr <= 0)
    throw new Error("no pull request number: pass --pr or run on a pull_request event");
  const token = env.GITHUB_TOKEN;
  if (!token) throw new Error("GITHUB_TOKEN is not set");
  const store = octokitCommentStore(new Octokit({ auth: token, baseUrl: env.GITHUB_API_URL }), repoFromEnv(env));
  try {
    const outcome = await upsertComment(store, pr, body, flag(args, "marker") ?? PLAN_MARKER);
    io.log(`plan comment ${outcome.action} (id ${outcome.commentId}) on #${pr}`);
  } catch (error) {
    if (statusOf(error) === 403) {
      warning(
        "the token cannot comment on this PR (fork PRs get a read-only token); the plan is in the job summary",
        io.log,
      );
      return 0;
    }
    throw error;
  }
  return 0;
}

function pullRequestNumberFromEvent(env: NodeJS.ProcessEnv): number | undefined {
  const path = env.GITHUB_EVENT_PATH;
  if (!path) return undefined;
  const event: unknown = JSON.parse(readFileSync(path, "utf8"));
  if (typeof event !== "object" || event === null || !("pull_request" in event)) return undefined;
  const pr: unknown = event.pull_request;
  return typeof pr === "object" && pr !== null && "number" in pr && typeof pr.number === "number"
    ? pr.number
    : undefined;
}

function statusOf(error: unknown): number | undefined {
  return typeof error === "object" && error !== null && "status" in error && typeof error.status === "number"
    ? error.status
    : undefined;
}

runAsEntry("post-comment", main);
