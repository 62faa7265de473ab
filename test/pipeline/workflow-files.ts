// Reads the workflow files for the structural tests. No YAML parser is installed, and
// these files are plain enough (2-space indentation, one job per `  <id>:` line under
// `jobs:`) to split by indentation.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const ROOT = join(__dirname, "..", "..");
export const WORKFLOW_DIR = join(ROOT, ".github", "workflows");
export const ACTIONS_DIR = join(ROOT, ".github", "actions");

export interface WorkflowFile {
  name: string;
  path: string;
  text: string;
}

export function workflowFiles(): WorkflowFile[] {
  return readdirSync(WORKFLOW_DIR)
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => ({ name, path: join(WORKFLOW_DIR, name), text: readFileSync(join(WORKFLOW_DIR, name), "utf8") }));
}

export function actionFiles(): WorkflowFile[] {
  return readdirSync(ACTIONS_DIR).map((dir) => {
    const path = join(ACTIONS_DIR, dir, "action.yml");
    return { name: `${dir}/action.yml`, path, text: readFileSync(path, "utf8") };
  });
}

/** Job id → the job's lines (its block under `jobs:`). */
export function jobs(text: string): Map<string, string> {
  const lines = text.split("\n");
  const start = lines.indexOf("jobs:");
  if (start === -1) throw new Error("no jobs: section");
  const result = new Map<string, string>();
  let current: string | undefined;
  let block: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const job = /^ {2}([\w-]+):\s*$/.exec(line);
    if (job || /^\S/.test(line)) {
      if (current) result.set(current, block.join("\n"));
      current = job?.[1];
      block = [];
      if (!job) break;
      continue;
    }
    block.push(line);
  }
  if (current) result.set(current, block.join("\n"));
  return result;
}

/** The job's `permissions:` mapping as "scope: level" strings. */
export function jobPermissions(job: string): string[] | undefined {
  const match = /^ {4}permissions:\n((?: {6}.+\n?)+)/m.exec(job);
  return match?.[1]
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

export function secretsReferenced(text: string): string[] {
  return [...new Set([...text.matchAll(/secrets\.([A-Z0-9_]+)/g)].map((m) => m[1]))].sort();
}
