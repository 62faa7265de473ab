// `npm run simulate -- cdktf-env`: the export lines under which `npx cdktf deploy '*'` deploys
// to the simulated account (docs/simulator.md): the offline providers' mirror, the account, the
// local backend, and a placeholder for each input variable without a default, shell-quoted.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cdktfEnv } from "../../offline-provider/simulator/cli";

// A quote in the folder name: the lines must survive `eval`.
const dir = mkdtempSync(join(tmpdir(), "np-it's-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("cdktf-env", () => {
  it("exports the mirror's CLI config, the account and a placeholder per variable without a default", async () => {
    const stack = join(dir, "cdktf.out", "stacks", "neuropilot-staging");
    mkdirSync(stack, { recursive: true });
    const variable = { sentry_dsn: { type: "string", sensitive: true }, level: { type: "string", default: "info" } };
    writeFileSync(join(stack, "cdk.tf.json"), JSON.stringify({ variable }));
    const lines = await cdktfEnv(dir, false);
    const quoted = dir.replace(/'/g, "'\\''");
    expect(lines[0]).toBe(`export NEUROPILOT_SIMULATOR_DIR='${quoted}' NEUROPILOT_BACKEND=local`);
    expect(lines).toContain(`export TF_CLI_CONFIG_FILE='${quoted}/.providers/terraformrc'`);
    expect(readFileSync(join(dir, ".providers", "terraformrc"), "utf8")).toContain("filesystem_mirror");
    expect(lines.filter((l) => l.startsWith("export TF_VAR_"))).toEqual([
      expect.stringMatching(/^export TF_VAR_sentry_dsn='[^']+'$/),
    ]);
  });

  it("refuses --no-synth without a synthesised output, naming the folder", async () => {
    const empty = mkdtempSync(join(tmpdir(), "np-cdktf-env-"));
    try {
      await expect(cdktfEnv(empty, false)).rejects.toThrow(`${join(empty, "cdktf.out", "stacks")} not found`);
      expect(existsSync(join(empty, ".providers"))).toBe(false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
