// Synth-time validations of a stack, minus cdktf's CloudBackend check of `terraform version`
// (>= 1.1). That check starts one `terraform` process per stack (≈ 0.15 s each here, most
// of synth's time over the floor) and makes synth fail on a machine without Terraform,
// which synth does not need. Terraform reads the cloud block itself and the README requires
// Terraform >= 1.6, so nothing is lost. Every other validation runs as cdktf runs them.
import { CloudBackend, type TerraformStack } from "cdktf";

export function runValidationsExceptTerraformVersion(stack: TerraformStack): void {
  const errors = stack.node
    .findAll()
    .filter((construct) => !(construct instanceof CloudBackend))
    .flatMap((construct) => construct.node.validate().map((message) => `[${construct.node.path}] ${message}`));
  if (errors.length > 0) {
    // The message cdktf's own runAllValidations throws.
    throw new Error(
      `Validation failed with the following errors:\n  ${errors.join("\n  ")}\n\n` +
        "If you wish to ignore these validations, pass 'skipValidation: true' to your App configuration.",
    );
  }
}
