// Provider pins are checked on the written cdk.tf.json (checkSynthesizedStacks), which
// synthesize() runs on its staging folder before copying anything out.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkSynthesizedStacks, stackFactsOf } from "../../policy/check";
import { bundledSynth } from "../support/synth";

const scratch = mkdtempSync(join(tmpdir(), "np-synthesized-stacks-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of the bundled synthesis with one stack's JSON edited. */
function editedCopy(
  stack: string,
  edit: (json: { terraform: { required_providers: Record<string, { version?: string }> } }) => void,
): string {
  const dir = mkdtempSync(join(scratch, "out-"));
  cpSync(bundledSynth().outdir, dir, { recursive: true });
  const file = join(dir, "stacks", stack, "cdk.tf.json");
  const json = JSON.parse(readFileSync(file, "utf8"));
  edit(json);
  writeFileSync(file, JSON.stringify(json));
  return dir;
}

describe("checkSynthesizedStacks", () => {
  it("passes the bundled synthesis: every configured provider pinned exactly", () => {
    expect(checkSynthesizedStacks(bundledSynth().outdir).findings).toEqual([]);
  });

  it("names the stack and provider whose pin was removed from the written JSON", () => {
    const dir = editedCopy("neuropilot-staging", (json) => delete json.terraform.required_providers.neon.version);
    expect(checkSynthesizedStacks(dir).findings).toEqual([
      expect.objectContaining({
        rule: "providers-pinned",
        environment: "neuropilot-staging",
        path: "neuropilot-staging",
        message: "provider neon has no version in required_providers",
      }),
    ]);
  });

  it("flags a range where one exact version is required", () => {
    const dir = editedCopy(
      "neuropilot-platform",
      (json) => (json.terraform.required_providers.neon.version = "~> 0.15"),
    );
    expect(checkSynthesizedStacks(dir).findings.map((f) => f.message)).toEqual([
      'provider neon is constrained to "~> 0.15", not one exact version',
    ]);
  });
});

describe("stackFactsOf", () => {
  it("reads provider keys and required_providers as written", () => {
    const facts = stackFactsOf("s", {
      provider: { neon: [{}], cloudflare: [{}] },
      terraform: { required_providers: { neon: { source: "kislerdm/neon", version: "0.15.0" } } },
    });
    expect(facts).toEqual({
      name: "s",
      providers: ["neon", "cloudflare"],
      requiredProviders: { neon: { source: "kislerdm/neon", version: "0.15.0" } },
    });
  });

  it("has no required providers when the terraform block lacks them", () => {
    expect(stackFactsOf("s", {}).requiredProviders).toEqual({});
    expect(stackFactsOf("s", { terraform: { required_providers: "x" } }).requiredProviders).toEqual({});
  });
});
