export { ActionsPermissions, type ActionsPermissionsProps } from "./actions-permissions";
export { DeploymentEnvironment, type DeploymentEnvironmentProps } from "./deployment-environment";
export { MainBranchRuleset, type MainBranchRulesetProps } from "./main-branch-ruleset";
export { type EnvironmentSecrets, PipelineSecrets, type PipelineSecretsProps } from "./pipeline-secrets";
export { ReviewerDirectory } from "./reviewer-directory";
export * from "./workflow-contract";
export { PipelineLabel, type PipelineLabelProps } from "./pipeline-label";
