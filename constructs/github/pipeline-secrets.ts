// Actions secrets for the workflows, all of them environment secrets: GitHub releases an
// environment secret only to a job running in that environment, so only from the branches
// its deployment policy allows (main) and after its required reviewers. No repository
// secrets: a same-repository pull request can edit its workflow and read those.
// Every value comes from a sensitive Terraform variable (SecretSpec.variable, default the
// lower-cased secret name), supplied as TF_VAR_<name> when the stack is deployed from a
// laptop: no secret is ever a literal in code or synthesised JSON. (The provider stores the
// plaintext in this stack's state, which lives in Terraform Cloud.)
import { TerraformVariable } from "cdktf";
import { ActionsEnvironmentSecret } from "@cdktf/provider-github/lib/actions-environment-secret";
import type { RepositoryEnvironment } from "@cdktf/provider-github/lib/repository-environment";
import { Construct } from "constructs";
import type { SecretSpec } from "./workflow-contract";

export interface EnvironmentSecrets {
  environment: RepositoryEnvironment;
  secrets: readonly SecretSpec[];
}

export interface PipelineSecretsProps {
  repository: string;
  environments: readonly EnvironmentSecrets[];
}

export class PipelineSecrets extends Construct {
  /** Terraform variable name → the variable. */
  readonly variables = new Map<string, TerraformVariable>();

  constructor(scope: Construct, id: string, props: PipelineSecretsProps) {
    super(scope, id);
    for (const { environment, secrets } of props.environments) {
      const prefix = environment.node.scope?.node.id ?? environment.node.id;
      for (const secret of secrets) {
        new ActionsEnvironmentSecret(this, `${prefix}-${secret.name}`, {
          repository: props.repository,
          environment: environment.environment,
          secretName: secret.name,
          plaintextValue: this.variableFor(secret).stringValue,
        });
      }
    }
  }

  private variableFor(secret: SecretSpec): TerraformVariable {
    const variableName = secret.variable ?? secret.name.toLowerCase();
    const existing = this.variables.get(variableName);
    if (existing) return existing;
    const variable = new TerraformVariable(this, `${variableName}-value`, {
      type: "string",
      sensitive: true,
      nullable: false,
      description: `${secret.description} (GitHub Actions secret ${secret.name})`,
    });
    // A plain name, so a laptop deploy reads it from TF_VAR_<name>; for TF_VAR_* secrets
    // this is the same variable name the pipeline stacks declare.
    variable.overrideLogicalId(variableName);
    this.variables.set(variableName, variable);
    return variable;
  }
}
