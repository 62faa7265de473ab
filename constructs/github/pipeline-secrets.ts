// Actions secrets for the workflows, in two sets. Repository secrets (plan-only
// credentials, the stacks' TF_VAR_* inputs) are readable by every workflow run, pull
// requests included. Environment secrets (apply credentials) are released only to jobs
// running in a deployment environment, so only from main and after its required reviewers.
// Every value comes from a sensitive Terraform variable of the same name (lower-case),
// supplied as TF_VAR_<name> when the stack is deployed from a laptop: no secret is ever a
// literal in code or synthesised JSON. (The provider stores the plaintext in this stack's
// state, which lives in Terraform Cloud.)
import { TerraformVariable } from "cdktf";
import { ActionsEnvironmentSecret } from "@cdktf/provider-github/lib/actions-environment-secret";
import { ActionsSecret } from "@cdktf/provider-github/lib/actions-secret";
import type { RepositoryEnvironment } from "@cdktf/provider-github/lib/repository-environment";
import { Construct } from "constructs";
import type { SecretSpec } from "./workflow-contract";

export interface PipelineSecretsProps {
  repository: string;
  /** Readable by every workflow run, pull requests included: nothing that can apply. */
  repositorySecrets: readonly SecretSpec[];
  /** Apply credentials: one copy in each of `environments`. */
  environmentSecrets: readonly SecretSpec[];
  environments: readonly RepositoryEnvironment[];
  /** Secrets of one environment only (the auto-heal Worker's, set by its apply job). */
  scopedSecrets?: ReadonlyArray<{ environment: RepositoryEnvironment; secrets: readonly SecretSpec[] }>;
}

export class PipelineSecrets extends Construct {
  /** Secret name → the Terraform variable supplying its value. */
  readonly variables = new Map<string, TerraformVariable>();
  private readonly byVariable = new Map<string, TerraformVariable>();

  constructor(scope: Construct, id: string, props: PipelineSecretsProps) {
    super(scope, id);
    for (const secret of props.repositorySecrets) {
      new ActionsSecret(this, secret.name, {
        repository: props.repository,
        secretName: secret.name,
        plaintextValue: this.variableFor(secret).stringValue,
      });
    }
    for (const secret of props.environmentSecrets) {
      const value = this.variableFor(secret).stringValue;
      for (const environment of props.environments) {
        new ActionsEnvironmentSecret(this, `${environment.node.scope?.node.id ?? environment.node.id}-${secret.name}`, {
          repository: props.repository,
          environment: environment.environment,
          secretName: secret.name,
          plaintextValue: value,
        });
      }
    }
    for (const { environment, secrets } of props.scopedSecrets ?? []) {
      const scope = environment.node.scope?.node.id ?? environment.node.id;
      for (const secret of secrets) {
        new ActionsEnvironmentSecret(this, `${scope}-only-${secret.name}`, {
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
    const existing = this.byVariable.get(variableName);
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
    this.variables.set(secret.name, variable);
    this.byVariable.set(variableName, variable);
    return variable;
  }
}
