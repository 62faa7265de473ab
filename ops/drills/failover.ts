// The failover drill: take one region's load-balancer pool out (disable it), probe the public
// API host until another region serves it, measure how long that took, put the pool back, and
// judge the times against the targets. The pool is re-enabled in a finally (and on
// SIGINT/SIGTERM, guard.ts), whatever happened.
//
// Which region served an answer: the `x-neuropilot-region` response header (the backend's
// region name or Railway region id; docs/drills.md). Cloudflare adds no header naming the pool
// it chose, and a healthy answer alone cannot tell the old pool's last answers from the next
// pool's first ones.
//   detection: pool disabled → first expected-status answer naming another region;
//   recovery (MTTR): pool disabled → first answer of the first `stableProbes` consecutive
//     expected-status answers from other regions (service back, and it stayed back);
//   failback (reported, not judged): pool re-enabled → first answer from its region again,
//     when that region served before the drill (a standby's pool takes no traffic back).
import type { EnvironmentConfig } from "../../config/schema";
import { failoverDetectionSeconds } from "../../config/schema";
import { checkAborted, pause } from "./guard";
import { poolName, type PoolApi } from "./cloudflare-pools";

/** The seeds' objective: mean time to recover under 5 minutes (issue 29). */
export const MTTR_TARGET_SECONDS = 300;
export const REGION_HEADER = "x-neuropilot-region";

export interface ProbeAnswer {
  status: number;
  /** The region header's value; undefined when absent. */
  region?: string;
}

/** One GET of the public health URL; rejects on a network error or a timeout. */
export type Probe = () => Promise<ProbeAnswer>;

export interface FailoverSettings {
  /** Region whose pool goes out; default the primary (regions[0]). */
  region?: string;
  intervalMs: number;
  /** Give up waiting for traffic to move (or come back) after this long. */
  timeoutMs: number;
  /** Consecutive healthy answers from other regions that count as recovered. */
  stableProbes: number;
}

export interface FailoverDeps {
  pools: PoolApi;
  probe: Probe;
  /**
   * Before anything changes: why the drill must not start (the regions that would take the
   * traffic are unhealthy: npm run smoke's checks of their origins), or undefined.
   */
  precheck?: () => Promise<string | undefined>;
  /** Milliseconds, monotonic. */
  now: () => number;
  signal: AbortSignal;
  log: (line: string) => void;
}

export interface FailoverReport {
  environment: string;
  region: string;
  pool: string;
  success: boolean;
  detectionSeconds?: number;
  recoverySeconds?: number;
  failbackSeconds?: number;
  /** Configured: cloudflare.loadBalancer.failoverTargetSeconds. */
  targetSeconds: number;
  /** Worst case the monitor timing allows (interval + (retries + 1) × timeout). */
  worstCaseDetectionSeconds: number;
  mttrTargetSeconds: number;
  probes: number;
  failedProbes: number;
  unnamedProbes: number;
  problems: string[];
  restored: boolean;
}

type Classified = "moved" | "target" | "error" | "unnamed";

/** Our region names and Railway ids that count as the region taken out. */
function regionAliases(config: EnvironmentConfig, region: string): Set<string> {
  const r = config.regions.find((x) => x.name === region);
  return new Set([region, ...(r ? [r.railwayRegion] : [])].map((s) => s.toLowerCase()));
}

export class FailoverDrill {
  /** True once the disable was sent (even without an answer): the pool must be put back. */
  private disableSent = false;
  private restored = false;
  private poolId: string | undefined;

  constructor(
    private readonly config: EnvironmentConfig,
    private readonly settings: FailoverSettings,
    private readonly deps: FailoverDeps,
  ) {}

  get region(): string {
    return this.settings.region ?? this.config.regions[0].name;
  }

  /** Re-enables the pool when the drill disabled it (idempotent). The cleanup of guard.ts. */
  async restore(): Promise<void> {
    if (!this.disableSent || this.restored || this.poolId === undefined) return;
    this.deps.log(`restoring pool ${poolName(this.config.cloudflare.hosts.api, this.region)} (enabled: true)`);
    await this.deps.pools.setEnabled(this.poolId, true);
    this.restored = true;
  }

  async run(): Promise<FailoverReport> {
    const { config, settings, deps } = this;
    const lb = config.cloudflare.loadBalancer;
    const region = this.region;
    const name = poolName(config.cloudflare.hosts.api, region);
    const report: FailoverReport = {
      environment: config.name,
      region,
      pool: name,
      success: false,
      targetSeconds: lb.failoverTargetSeconds,
      worstCaseDetectionSeconds: failoverDetectionSeconds(lb),
      mttrTargetSeconds: MTTR_TARGET_SECONDS,
      probes: 0,
      failedProbes: 0,
      unnamedProbes: 0,
      problems: [],
      restored: false,
    };
    const pools = await deps.pools.listPools();
    const pool = pools.find((p) => p.name === name);
    if (!pool) throw new DrillRefused(`no load-balancer pool named ${name}; deploy the stack first`);
    if (!pool.enabled)
      throw new DrillRefused(
        `pool ${name} is already disabled: another drill or an operator has it out; nothing changed`,
      );
    const others = config.regions
      .filter((r) => r.name !== region)
      .map((r) => pools.find((p) => p.name === poolName(config.cloudflare.hosts.api, r.name)))
      .filter((p) => p?.enabled);
    if (others.length === 0)
      throw new DrillRefused(`no other enabled pool would take ${name}'s traffic; nothing changed`);
    const before = await this.classify(report);
    if (before === "error") throw new DrillRefused(`the public host is unhealthy before the drill; nothing changed`);
    const refusal = await deps.precheck?.();
    if (refusal !== undefined) throw new DrillRefused(`${refusal}; nothing changed`);

    this.poolId = pool.id;
    const started = deps.now();
    this.disableSent = true;
    deps.log(`disabling pool ${name} (${pool.id})`);
    await deps.pools.setEnabled(pool.id, false);

    let stableSince: number | undefined;
    let stableCount = 0;
    const deadline = started + settings.timeoutMs;
    while (report.recoverySeconds === undefined) {
      checkAborted(deps.signal);
      if (deps.now() > deadline) {
        report.problems.push(
          report.detectionSeconds === undefined
            ? `traffic did not move off ${region} within ${settings.timeoutMs / 1000} s`
            : `not ${settings.stableProbes} healthy answers in a row from other regions within ${settings.timeoutMs / 1000} s`,
        );
        break;
      }
      const at = deps.now();
      const kind = await this.classify(report);
      if (kind === "moved") {
        report.detectionSeconds ??= seconds(at - started);
        stableSince ??= at;
        stableCount++;
        if (stableCount >= settings.stableProbes) report.recoverySeconds = seconds(stableSince - started);
      } else {
        stableSince = undefined;
        stableCount = 0;
      }
      if (report.recoverySeconds === undefined) await pause(settings.intervalMs, deps.signal);
    }

    await this.restore();
    report.restored = true;
    // Failback only means something when the region was serving before the drill.
    if (report.recoverySeconds !== undefined && before === "target") await this.failback(report);

    if (report.unnamedProbes > 0 && report.detectionSeconds === undefined)
      report.problems.push(
        `${report.unnamedProbes} answers named no region (${REGION_HEADER}); the backend must set it (docs/drills.md)`,
      );
    if (report.detectionSeconds !== undefined && report.detectionSeconds > report.targetSeconds)
      report.problems.push(`detection ${report.detectionSeconds} s is over the ${report.targetSeconds} s target`);
    if (report.recoverySeconds !== undefined && report.recoverySeconds > MTTR_TARGET_SECONDS)
      report.problems.push(`recovery ${report.recoverySeconds} s is over the ${MTTR_TARGET_SECONDS} s MTTR target`);
    report.success =
      report.detectionSeconds !== undefined && report.recoverySeconds !== undefined && report.problems.length === 0;
    return report;
  }

  /** After the restore: how long until the region serves again (reported only). */
  private async failback(report: FailoverReport): Promise<void> {
    const restoredAt = this.deps.now();
    while (this.deps.now() - restoredAt <= this.settings.timeoutMs) {
      checkAborted(this.deps.signal);
      const at = this.deps.now();
      if ((await this.classify(report)) === "target") {
        report.failbackSeconds = seconds(at - restoredAt);
        return;
      }
      await pause(this.settings.intervalMs, this.deps.signal);
    }
  }

  private async classify(report: FailoverReport): Promise<Classified> {
    report.probes++;
    let answer: ProbeAnswer;
    try {
      answer = await this.deps.probe();
    } catch {
      report.failedProbes++;
      return "error";
    }
    if (answer.status !== this.config.healthCheck.expectedStatus) {
      report.failedProbes++;
      return "error";
    }
    if (answer.region === undefined || answer.region === "") {
      report.unnamedProbes++;
      return "unnamed";
    }
    return regionAliases(this.config, this.region).has(answer.region.toLowerCase()) ? "target" : "moved";
  }
}

/** The drill would not start: nothing was changed. */
export class DrillRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DrillRefused";
  }
}

const seconds = (ms: number) => Math.round(ms / 100) / 10;
