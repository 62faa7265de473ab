import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deployStacks, simulatorTerraform, stacksInOrder } from "../offline-provider/simulator/terraform-runs";
const ROOT = join(__dirname, "..");
function synth(variant: string, outdir: string): Promise<void> {
  return new Promise((res, rej) => {
    const c = spawn(process.execPath, [join(ROOT, "app-runner", "run-app.mjs"), "bench/synth-rehearsal.ts"], {
      cwd: ROOT,
      env: { ...process.env, CDKTF_OUTDIR: outdir, REHEARSAL_VARIANT: variant },
      stdio: "inherit",
    });
    c.on("close", (code) => (code === 0 ? res() : rej(new Error("synth"))));
  });
}
async function main() {
  const work = mkdtempSync(join(tmpdir(), "prof-"));
  await synth("base", join(work, "base"));
  await synth("pr", join(work, "head"));
  const tf = await simulatorTerraform(join(work, "account"), join(work, "base"));
  await deployStacks(tf, stacksInOrder(join(work, "base")), join(work, "base"));
  const s = "neuropilot-staging";
  await tf.stage([s], join(work, "head"));
  const t = async (label: string, args: string[]) => {
    const st = performance.now();
    const r = await tf.run(s, args);
    console.log(label.padEnd(30), ((performance.now() - st) / 1000).toFixed(2), "exit", r.code);
  };
  for (let i = 0; i < 2; i++) {
    await t("init", ["init", "-input=false", "-no-color"]);
    await t("validate", ["validate", "-no-color"]);
    await t("plan bare", ["plan", "-input=false", "-no-color", "-lock=false"]);
    await t("plan -out", ["plan", "-input=false", "-no-color", "-lock=false", "-detailed-exitcode", "-out=tfplan"]);
    await t("show -json", ["show", "-json", "tfplan"]);
    await t("plan -out -refresh=false", ["plan", "-input=false", "-no-color", "-lock=false", "-out=tfplan2"]);
  }
  tf.close();
}
main();
