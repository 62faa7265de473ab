// The floor for `npm run bench`: a process that loads cdktf and synthesises one empty
// stack. Nothing the program does can take less. `node bench/floor.mjs <outdir>`.
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const { App, TerraformStack } = createRequire(import.meta.url)("cdktf");
const app = new App({ outdir: process.argv[2] ?? mkdtempSync(join(tmpdir(), "neuropilot-floor-")) });
new TerraformStack(app, "empty");
app.synth();
