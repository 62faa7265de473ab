export { ApprovalLabel, type ApprovalLabelProps } from "./approval-label";
export { DeploymentEnvironment, type DeploymentEnvironmentProps } from "./deployment-environment";
export { DriftLabel, type DriftLabelProps } from "./drift-label";
export { MainBranchRuleset, type MainBranchRulesetProps } from "./main-branch-ruleset";
export { PipelineSecrets, type PipelineSecretsProps } from "./pipeline-secrets";
export { ReviewerDirectory } from "./reviewer-directory";
export * from "./workflow-contract";
