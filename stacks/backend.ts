// Where a stack keeps its state: Terraform Cloud by default (one workspace per stack,
// which also gives locking), or a local file when NEUROPILOT_BACKEND=local (offline
// previews, tests, experiments). The variable is read once, in main.ts.
import { CloudBackend, LocalBackend, NamedCloudWorkspace, type TerraformStack } from "cdktf";

export type BackendMode = "cloud" | "local";

export function backendModeFromEnv(value: string | undefined): BackendMode {
  if (value === undefined || value === "" || value === "cloud") return "cloud";
  if (value === "local") return "local";
  throw new Error(`NEUROPILOT_BACKEND must be "cloud" or "local", got "${value}"`);
}

export function configureBackend(
  stack: TerraformStack,
  stackName: string,
  organization: string,
  mode: BackendMode,
): void {
  if (mode === "local") {
    // Relative to the stack's own folder (cdktf.out/stacks/<stack>), spelled via the parent
    // folder so that the same string also resolves from a sibling stack reading this
    // state through a cross-stack reference (terraform_remote_state).
    new LocalBackend(stack, { path: `../${stackName}/terraform.${stackName}.tfstate` });
    return;
  }
  new CloudBackend(stack, { organization, workspaces: new NamedCloudWorkspace(stackName) });
}
