// A synth folder written by hand, shaped as `cdktf synth` leaves it (manifest.json naming each
// stack's cdk.tf.json and working directory, no dependencies): for the pipeline commands that
// read one (--synth, --base-synth) without synthesising the app.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { JsonObject } from "../../pipeline/synth/json";

/** Writes `stacks` (stack name → its cdk.tf.json) and their manifest under `dir`; returns `dir`. */
export function writeSynthFolder(dir: string, stacks: Record<string, JsonObject>): string {
  const manifest: JsonObject = { stacks: {} };
  for (const [name, json] of Object.entries(stacks)) {
    mkdirSync(join(dir, "stacks", name), { recursive: true });
    writeFileSync(join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(json));
    (manifest.stacks as JsonObject)[name] = {
      name,
      synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
      workingDirectory: `stacks/${name}`,
      dependencies: [],
    };
  }
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
  return dir;
}
