// The floor for `npm run bench`: a process that loads cdktf and synthesises one empty
// stack. Nothing the program does can take less. `node bench/floor.mjs <outdir>`.
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

// An option is no output folder: --help answers, anything else is refused (exit 2).
const first = process.argv[2];
if (first?.startsWith("-")) {
  const usage = "usage: node bench/floor.mjs [outdir]  (npm run bench:floor; default: CDKTF_OUTDIR or a temp folder)";
  if (first === "--help" || first === "-h") console.log(usage);
  else console.error(`bench:floor: unknown option ${first}\n${usage}`);
  process.exit(first === "--help" || first === "-h" ? 0 : 2);
}
const { App, TerraformStack } = createRequire(import.meta.url)("cdktf");
// The cdktf CLI passes its output directory in CDKTF_OUTDIR.
const outdir = process.argv[2] ?? process.env.CDKTF_OUTDIR ?? mkdtempSync(join(tmpdir(), "neuropilot-floor-"));
const app = new App({ outdir });
new TerraformStack(app, "empty");
app.synth();
