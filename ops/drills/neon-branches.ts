// What the restore drill needs of a branch API: Neon's (vendors/neon/branches.ts) or the
// simulated account's (simulated-account.ts).
import type { Endpoint } from "../../vendors/neon/branches";

/** What the restore drill needs of a branch API (Neon, or the simulated account). */
export interface BranchApi {
  projectId(name: string): Promise<string>;
  branchId(projectId: string, name: string): Promise<string>;
  createBranch(
    projectId: string,
    request: { name: string; parentId: string; parentTimestamp: string },
  ): Promise<{ branchId: string; endpointId: string }>;
  endpoint(projectId: string, endpointId: string): Promise<Endpoint>;
  /** False when the branch was already gone. */
  deleteBranch(projectId: string, branchId: string): Promise<boolean>;
}
