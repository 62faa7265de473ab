// The files plan-stacks.ts leaves in its output directory, one set per stack:
//   <stack>.result.json  status and workspace (safe to upload: no values)
//   <stack>.plan.json    `terraform show -json` output (holds sensitive values in clear: never upload)
//   <stack>.stderr.txt   Terraform's output when the plan failed
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";

export const PlanResultSchema = z.strictObject({
  stack: z.string(),
  workspace: z.string(),
  status: z.enum(["changes", "no-changes", "failed"]),
});

export type PlanResult = z.infer<typeof PlanResultSchema>;

export const planJsonFile = (dir: string, stack: string): string => join(dir, `${stack}.plan.json`);
export const stderrFile = (dir: string, stack: string): string => join(dir, `${stack}.stderr.txt`);
const resultFile = (dir: string, stack: string): string => join(dir, `${stack}.result.json`);

export function writePlanResult(dir: string, result: PlanResult): void {
  writeFileSync(resultFile(dir, result.stack), `${JSON.stringify(result, null, 2)}\n`);
}

export function readPlanResults(dir: string): PlanResult[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith(".result.json"))
    .map((name) => PlanResultSchema.parse(JSON.parse(readFileSync(join(dir, name), "utf8"))));
}
