// Reads every stack cdktf wrote under <outdir>/stacks/<stack>/cdk.tf.json.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { asTfJson, type TfJson } from "../terraform-json/tf-json";

export function readStacks(outdir: string): Map<string, TfJson> {
  const root = join(outdir, "stacks");
  if (!existsSync(root)) throw new Error(`${outdir} has no stacks/ folder; run npm run synth first`);
  const stacks = new Map<string, TfJson>();
  for (const name of readdirSync(root).sort()) {
    const file = join(root, name, "cdk.tf.json");
    if (existsSync(file)) stacks.set(name, asTfJson(JSON.parse(readFileSync(file, "utf8")), file));
  }
  return stacks;
}
