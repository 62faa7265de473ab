// CLI: sets the trusted plan's required check on the PR's head commit, as a commit status
// named TRUSTED_PLAN_CHECK. Only plan-pr.yml (main's definition, on workflow_run) calls it:
// a workflow_run's own jobs report on main's commit, not on the PR's.
//   GITHUB_TOKEN=… tsx pipeline/commit-status.ts --sha <head> --state success|failure|pending --description "…"
import { Octokit } from "@octokit/rest";
import { TRUSTED_PLAN_CHECK } from "../../constructs/github/workflow-contract";
import { commandLine, requiredFlag, runUrl } from "./github-actions";
import { repoFromEnv } from "./github-rest";
import { processIo, type ScriptIo } from "../script-entry";

const STATES = ["success", "failure", "pending", "error"] as const;
type State = (typeof STATES)[number];

/** GitHub cuts a status description at 140 characters; one line. */
export function statusDescription(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length <= 140 ? line : `${line.slice(0, 139)}…`;
}

export function parseState(value: string): State {
  const state = STATES.find((s) => s === value);
  if (state === undefined) throw new Error(`--state must be one of ${STATES.join(", ")}, got ${JSON.stringify(value)}`);
  return state;
}

/** The command, in-process: `argv` and `env` as the workflow step passes them; returns the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv, io: ScriptIo = processIo): Promise<number> {
  const args = commandLine(argv, {
    command: "pipeline/commit-status.ts",
    flags: ["sha", "state", "description"],
  });
  const sha = requiredFlag(args, "sha");
  if (!/^[0-9a-f]{40}$/.test(sha)) throw new Error(`--sha must be a full commit SHA, got ${JSON.stringify(sha)}`);
  const token = env.GITHUB_TOKEN;
  if (!token) throw new Error("GITHUB_TOKEN is not set");
  const state = parseState(requiredFlag(args, "state"));
  await new Octokit({ auth: token, baseUrl: env.GITHUB_API_URL }).rest.repos.createCommitStatus({
    ...repoFromEnv(env),
    sha,
    state,
    context: TRUSTED_PLAN_CHECK,
    description: statusDescription(requiredFlag(args, "description")),
    target_url: runUrl(env),
  });
  io.log(`${TRUSTED_PLAN_CHECK}: ${state} on ${sha.slice(0, 7)}`);
  return 0;
}
