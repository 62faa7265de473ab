// CLI: a pull request's synth artifact taken in as hostile data (pipeline/vet/import-synth.ts).
//   tsx pipeline/import-synth.ts --from untrusted/head --out cdktf.out [--optional]
// --optional: a missing artifact (the base did not synthesise) is no error and writes nothing.
// A refused artifact is one `::error` line (newlines folded: the artifact's text cannot start
// a workflow command of its own), exit 1. The plan job runs this with plan credentials in its
// environment, so every line is scrubbed of them first.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Redactor } from "../secrets/redact";
import { commandLine, flag, requiredFlag, warning } from "./github/github-actions";
import { knownSecrets } from "./plan/known-secrets";
import { processIo, runAsEntry, type ScriptIo } from "./script-entry";
import { importSynth } from "./vet/import-synth";

export async function main(argv: string[], env: NodeJS.ProcessEnv, io: ScriptIo = processIo): Promise<number> {
  const args = commandLine(argv, {
    command: "pipeline/import-synth.ts",
    flags: ["from", "out"],
    switches: ["optional"],
  });
  const from = requiredFlag(args, "from");
  const out = requiredFlag(args, "out");
  const redactor = new Redactor(knownSecrets(env));
  const log = (line: string) => io.log(redactor.scrub(line));
  if (flag(args, "optional") === "true" && !existsSync(join(from, "manifest.json"))) {
    log(`${from}: no synth artifact (the base did not synthesise); every stack counts as changed`);
    return 0;
  }
  let result: ReturnType<typeof importSynth>;
  try {
    result = importSynth(from, out);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    io.error(redactor.scrub(`::error title=Synth artifact refused::${reason}`).replace(/[\r\n]+/g, " "));
    return 1;
  }
  log(`imported ${result.stacks.join(", ") || "no stack"} from ${from} into ${out}`);
  if (result.skipped.length > 0)
    warning(
      `not main's stacks, not planned: ${result.skipped.map((s) => JSON.stringify(s.slice(0, 64))).join(", ")}`,
      log,
    );
  return 0;
}

runAsEntry("import-synth", main);
