// The restore drill: branch the environment's database at a point in time into a new Neon
// branch with its own read-write endpoint, wait until the endpoint is ready, check it accepts
// connections (a TCP connect to its host on 5432, no SQL: the drill holds no database
// password), report the time taken, and delete the branch — in a finally, and on
// SIGINT/SIGTERM (guard.ts). The point in time must lie inside the project's history
// (neon.historyRetentionSeconds): Neon cannot branch from before it.
import { UsageError } from "../../cli/flags";
import type { EnvironmentConfig } from "../../config/schema";
import { checkAborted, pause } from "./guard";
import type { BranchApi } from "./neon-branches";

/** Neon endpoint states that serve connections (EndpointState: init | active | idle; idle wakes on connect). */
const READY_STATES = new Set(["active", "idle"]);

export interface RestoreSettings {
  /** The cell whose database is restored; default the first. */
  cell?: string;
  /** The point in time, ms since the epoch. */
  atMs: number;
  intervalMs: number;
  timeoutMs: number;
}

export interface RestoreDeps {
  branches: BranchApi;
  /** Wall clock, ms since the epoch (names the branch, checks the point in time). */
  wallClock: () => number;
  /** Monotonic ms, for the measurement. */
  now: () => number;
  /** Resolves when the host accepts connections; the simulated account skips it. */
  ready: (host: string, signal: AbortSignal) => Promise<void>;
  signal: AbortSignal;
  log: (line: string) => void;
}

export interface RestoreReport {
  environment: string;
  project: string;
  parentBranch: string;
  branch: string;
  pointInTime: string;
  success: boolean;
  restoreSeconds?: number;
  deleted: boolean;
  problems: string[];
}

/** The Neon project of a cell, as stacks/platform-stack.ts names it. */
export function cellProject(config: EnvironmentConfig, cellId?: string): string {
  const cells = config.cells;
  const cell = cellId === undefined ? cells[0] : cells.find((c) => c.id === cellId);
  if (!cell) throw new UsageError(`--cell ${cellId}: no such cell (known: ${cells.map((c) => c.id).join(", ")})`);
  return cell === cells[0] ? config.neon.projectName : `${config.neon.projectName}-${cell.id}`;
}

/** Refuses (as bad usage of --at/--ago-s) a point in time in the future or before the project's history. */
export function checkPointInTime(config: EnvironmentConfig, atMs: number, nowMs: number): void {
  const retention = config.neon.historyRetentionSeconds;
  if (atMs > nowMs)
    throw new UsageError(`--at/--ago-s: the point in time ${iso(atMs)} is in the future; pick a past time`);
  if (nowMs - atMs > retention * 1000)
    throw new UsageError(
      `--at/--ago-s: the point in time ${iso(atMs)} is ${Math.round((nowMs - atMs) / 1000)} s ago, before the project's ${retention} s of history (neon.historyRetentionSeconds); pick a later time`,
    );
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

export class RestoreDrill {
  private created: { projectId: string; branchId: string } | undefined;
  /** The project a create was sent to, even if its answer never came: the branch may exist. */
  private createSentTo: string | undefined;
  private deleted = false;
  readonly branchName: string;

  constructor(
    private readonly config: EnvironmentConfig,
    private readonly settings: RestoreSettings,
    private readonly deps: RestoreDeps,
  ) {
    const stamp = iso(deps.wallClock()).replace(/[-:]/g, "").replace("T", "-").replace("Z", "");
    this.branchName = `drill-restore-${config.name}-${stamp}`;
  }

  /** Deletes the drill's branch when one was created (idempotent). The cleanup of guard.ts. */
  async cleanup(): Promise<void> {
    if (!this.created && this.createSentTo !== undefined && !this.deleted) {
      // The create's answer was lost: the branch may exist all the same. Find it by its
      // unique name; none means Neon did not create it.
      const projectId = this.createSentTo;
      const branchId = await this.deps.branches.branchId(projectId, this.branchName).catch(() => undefined);
      if (branchId === undefined) return;
      this.created = { projectId, branchId };
    }
    if (!this.created || this.deleted) return;
    this.deps.log(`deleting branch ${this.branchName} (${this.created.branchId})`);
    await this.deps.branches.deleteBranch(this.created.projectId, this.created.branchId);
    this.deleted = true;
  }

  async run(): Promise<RestoreReport> {
    const { config, settings, deps } = this;
    const project = cellProject(config, settings.cell);
    checkPointInTime(config, settings.atMs, deps.wallClock());
    const report: RestoreReport = {
      environment: config.name,
      project,
      parentBranch: config.neon.branchName,
      branch: this.branchName,
      pointInTime: iso(settings.atMs),
      success: false,
      deleted: false,
      problems: [],
    };
    const projectId = await deps.branches.projectId(project);
    const parentId = await deps.branches.branchId(projectId, config.neon.branchName);
    checkAborted(deps.signal);
    const started = deps.now();
    deps.log(`branching ${project}/${config.neon.branchName} at ${report.pointInTime} into ${this.branchName}`);
    this.createSentTo = projectId;
    const created = await deps.branches.createBranch(projectId, {
      name: this.branchName,
      parentId,
      parentTimestamp: report.pointInTime,
    });
    this.created = { projectId, branchId: created.branchId };

    const deadline = started + settings.timeoutMs;
    for (;;) {
      checkAborted(deps.signal);
      if (deps.now() > deadline) {
        report.problems.push(`the branch's endpoint was not ready within ${settings.timeoutMs / 1000} s`);
        break;
      }
      const endpoint = await deps.branches.endpoint(projectId, created.endpointId);
      if (READY_STATES.has(endpoint.state)) {
        try {
          await deps.ready(endpoint.host, deps.signal);
          report.restoreSeconds = Math.round((deps.now() - started) / 100) / 10;
          break;
        } catch (error) {
          checkAborted(deps.signal);
          deps.log(`endpoint ${endpoint.state} but not accepting connections yet (${(error as Error).message})`);
        }
      }
      await pause(settings.intervalMs, deps.signal);
    }
    await this.cleanup();
    report.deleted = true;
    report.success = report.restoreSeconds !== undefined && report.problems.length === 0;
    return report;
  }
}
