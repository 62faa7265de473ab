// One provider's CDKTF bindings from a schema snapshot, offline, into <outDir>/providers/<name>.
import { existsSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SchemaSnapshot } from "./snapshots";

/** The generator shells out to `terraform version`: give it an empty CLI config when none exists. */
function quietTerraform(): void {
  const configured = process.env.TF_CLI_CONFIG_FILE;
  if (!configured || !existsSync(configured)) {
    const cliConfig = join(tmpdir(), "neuropilot-empty.tfrc");
    writeFileSync(cliConfig, "");
    process.env.TF_CLI_CONFIG_FILE = cliConfig;
  }
  process.env.CHECKPOINT_DISABLE = "1";
}

/**
 * Generates the bindings of the snapshot's provider. With a `constraint`
 * ("integrations/github@6.9.0") the generator runs as `cdktf get` does for a cdktf.json entry:
 * the bindings name the provider by the constraint's source (`integrations/github`), as the
 * prebuilt packages do. Without one it names the snapshot's full address
 * (`registry.terraform.io/kislerdm/neon`), which Terraform resolves to the same provider.
 */
export async function generateBindingsFromSnapshot(
  outDir: string,
  snapshot: SchemaSnapshot,
  constraint?: string,
): Promise<void> {
  quietTerraform();
  // Loaded lazily: requiring the generator costs ~1 s, wasted when bindings are current.
  const { CodeMaker, TerraformProviderGenerator } = await import("@cdktf/provider-generator");
  const { ConstructsMakerProviderTarget, LANGUAGES, TerraformProviderConstraint } = await import("@cdktf/commons");
  // The generator reads the schema only; our provenance block is not part of it.
  const schema: Omit<SchemaSnapshot, "provenance"> & { provenance?: unknown } = { ...snapshot };
  delete schema.provenance;
  // The generator's type only names the format versions it was written against (0.1/0.2);
  // Terraform 1.x emits "1.0" with the same shape.
  type GeneratorSchema = ConstructorParameters<typeof TerraformProviderGenerator>[1];
  const code = new CodeMaker();
  const generator = new TerraformProviderGenerator(code, schema as unknown as GeneratorSchema);
  if (constraint === undefined) generator.generateAll();
  else generator.generate(new ConstructsMakerProviderTarget(new TerraformProviderConstraint(constraint), LANGUAGES[0]));
  await code.save(outDir);
}
