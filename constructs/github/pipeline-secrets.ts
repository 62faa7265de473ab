// Actions secrets for the workflows. Every value comes from a sensitive Terraform
// variable of the same name (lower-case), supplied as TF_VAR_<name> when the stack is
// deployed from a laptop: no secret is ever a literal in code or synthesised JSON.
// (The provider stores the plaintext in this stack's state, which lives in Terraform Cloud.)
import { TerraformVariable } from "cdktf";
import { ActionsSecret } from "@cdktf/provider-github/lib/actions-secret";
import { Construct } from "constructs";
import type { SecretSpec } from "./workflow-contract";

export interface PipelineSecretsProps {
  repository: string;
  secrets: SecretSpec[];
}

export class PipelineSecrets extends Construct {
  /** Secret name → the Terraform variable supplying its value. */
  readonly variables = new Map<string, TerraformVariable>();

  constructor(scope: Construct, id: string, props: PipelineSecretsProps) {
    super(scope, id);
    for (const secret of props.secrets) {
      const variableName = secret.variable ?? secret.name.toLowerCase();
      const variable = new TerraformVariable(this, `${variableName}-value`, {
        type: "string",
        sensitive: true,
        nullable: false,
        description: `${secret.description} (GitHub Actions secret ${secret.name})`,
      });
      // A plain name, so a laptop deploy reads it from TF_VAR_<name>; for TF_VAR_* secrets
      // this is the same variable name the pipeline stacks declare.
      variable.overrideLogicalId(variableName);
      this.variables.set(secret.name, variable);
      new ActionsSecret(this, secret.name, {
        repository: props.repository,
        secretName: secret.name,
        plaintextValue: variable.stringValue,
      });
    }
  }
}
