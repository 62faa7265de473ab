// The canary rollout loop: one region pool takes the configured traffic steps through the load
// balancer's pool weights, each step gated on that pool's burn rate and error rate
// (ops/rollout-gates.ts decides), rolled back when a gate fails, data stays missing, an API call
// fails or the operator interrupts. Rollback drains the canary (weight 0, the stable pools share
// all traffic) and leaves a "rolled-back" marker: the bad release is still on that pool, so the
// declared steering (which may send it traffic) comes back with the next apply after the pool is
// redeployed. At 100 % the declared steering is restored as it was read at the start.
import { markerTime, readMarker, type RolloutMarker, withMarker, withoutMarker } from "../config/rollout";
import type { CloudflareLoadBalancers, LiveLoadBalancer } from "../vendors/cloudflare/load-balancers";
import { decide, type GateReading, poolWeights, type RolloutGate } from "./rollout-gates";

export interface RolloutTarget {
  zoneId: string;
  accountId: string;
  /** The API host: the load balancer's name. */
  hostname: string;
  /** Our region name of the canary pool. */
  canary: string;
  /** Every region of the environment, in config order (pool names are `<host with -> -<region>`). */
  regions: readonly string[];
}

export interface RolloutDeps {
  cloudflare: CloudflareLoadBalancers;
  readGate: () => Promise<GateReading>;
  /** Waits, or rejects when the signal aborts. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  print: (line: string) => void;
  now: () => Date;
}

export interface RolloutSettings {
  steps: readonly number[];
  gate: RolloutGate;
  /** Time at each step before its gate is read. */
  stepWaitMs: number;
  /** Readings without data in a row before the rollout gives up and rolls back. */
  maxHolds: number;
}

export type RolloutOutcome = "done" | "rolled-back" | "interrupted";

const pct = (value: number) => `${Number((value * 100).toFixed(2))} %`;

function describeReading(reading: GateReading, gate: RolloutGate): string {
  const part = (name: string, value: number | null, limit: number, show: (v: number) => string) =>
    value === null ? `${name} no data` : `${name} ${show(value)} (limit ${show(limit)})`;
  return [
    part("burn rate", reading.burnRate, gate.maxBurnRate, (v) => String(Number(v.toFixed(3)))),
    part("error rate", reading.errorRate, gate.maxErrorRate, pct),
  ].join(", ");
}

/** Runs the rollout; throws VendorApiError before any change when the target cannot be used. */
export async function runRollout(
  target: RolloutTarget,
  settings: RolloutSettings,
  deps: RolloutDeps,
  signal: AbortSignal,
): Promise<RolloutOutcome> {
  const { cloudflare, print } = deps;
  const lb = await cloudflare.findLoadBalancer(target.zoneId, target.hostname);
  const existing = readMarker(lb.description);
  if (existing) {
    throw new RolloutRefused(
      `${target.hostname}: a rollout is already marked (${existing.state}, pool ${existing.pool} at ${existing.percent} %, since ${existing.since}); ` +
        "finish it, or apply the stack to restore the declared steering, then retry",
    );
  }
  if (lb.steeringPolicy === "geo" || lb.geoPools) {
    throw new RolloutRefused(
      `${target.hostname}: the load balancer steers by geography (cells); a weighted canary would send users to another cell's region. ` +
        "Roll out cell by cell with Railway's health-checked deploys instead (docs/rollout.md)",
    );
  }
  const plan = await poolPlan(cloudflare, target, lb);
  const since = markerTime(deps.now());
  const stableCount = plan.stable.length;

  const setPercent = async (percent: number, state: RolloutMarker["state"]) => {
    const weights = poolWeights(percent, stableCount);
    const poolWeightsById: Record<string, number> = { [plan.canary]: weights.canary };
    for (const id of plan.stable) poolWeightsById[id] = weights.stable;
    await cloudflare.setSteering(target.zoneId, lb.id, {
      steering_policy: "random",
      random_steering: { default_weight: 0, pool_weights: poolWeightsById },
      description: withMarker(lb.description, { state, pool: target.canary, percent, since }),
    });
  };

  const rollback = async (percent: number, reason: string): Promise<void> => {
    print(`rollback: ${reason}; draining ${target.canary} from ${percent} % to 0 %`);
    await setPercent(0, "rolled-back");
    print(
      `rolled back: ${target.canary} takes no traffic. Redeploy the previous release there, then apply the stack ` +
        "to restore the declared steering (the drift job reports the rolled-back marker until then).",
    );
  };

  let current = 0;
  try {
    for (let index = 0; index < settings.steps.length; index++) {
      const percent = settings.steps[index];
      await setPercent(percent, "in-progress");
      current = percent;
      const weights = poolWeights(percent, stableCount);
      print(
        `step ${index + 1}/${settings.steps.length}: ${target.canary} at ${percent} %` +
          (stableCount > 0 ? `, ${stableCount} stable pool(s) at ${pct(weights.stable)} each` : ""),
      );
      for (let holds = 0; ;) {
        await deps.sleep(settings.stepWaitMs, signal);
        const reading = await deps.readGate();
        const decision = decide(settings.steps, index, reading, settings.gate);
        print(`  gate: ${describeReading(reading, settings.gate)} → ${decision.action}`);
        if (decision.action === "hold") {
          holds++;
          if (holds >= settings.maxHolds) {
            await rollback(percent, `no reading ${holds} times in a row (${decision.reason})`);
            return "rolled-back";
          }
          continue;
        }
        if (decision.action === "rollback") {
          await rollback(percent, decision.reason);
          return "rolled-back";
        }
        break;
      }
    }
  } catch (error) {
    if (signal.aborted) {
      await rollback(current, "interrupted");
      return "interrupted";
    }
    // A failed API call mid-rollout: drain the canary if Cloudflare still answers, then report.
    if (current > 0) {
      try {
        await rollback(current, `error: ${(error as Error).message}`);
      } catch (second) {
        print(`rollback failed too: ${(second as Error).message}; drain ${target.canary} by hand`);
      }
    }
    throw error;
  }
  // Done: the canary has had all traffic and passed; the declared steering comes back as read.
  await cloudflare.setSteering(target.zoneId, lb.id, {
    steering_policy: lb.steeringPolicy,
    random_steering: lb.randomSteering,
    description: withoutMarker(lb.description),
  });
  print(`done: ${target.canary} passed every step; steering restored to "${lb.steeringPolicy || "off"}" as declared`);
  return "done";
}

/** A rollout that must not start: printed as one line, exit 1. */
export class RolloutRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RolloutRefused";
  }
}

async function poolPlan(
  cloudflare: CloudflareLoadBalancers,
  target: RolloutTarget,
  lb: LiveLoadBalancer,
): Promise<{ canary: string; stable: string[] }> {
  if (!target.regions.includes(target.canary)) {
    throw new RolloutRefused(
      `--pool ${target.canary} is not a region of this environment (${target.regions.join(", ")})`,
    );
  }
  const ids = await cloudflare.poolIds(target.accountId);
  const prefix = target.hostname.replace(/\./g, "-");
  const idOf = (region: string) => {
    const id = ids.get(`${prefix}-${region}`);
    if (!id) throw new RolloutRefused(`no Cloudflare pool named ${prefix}-${region}; apply the stack first`);
    if (!lb.defaultPools.includes(id)) {
      throw new RolloutRefused(`pool ${prefix}-${region} is not among ${target.hostname}'s default pools`);
    }
    return id;
  };
  return { canary: idOf(target.canary), stable: target.regions.filter((r) => r !== target.canary).map(idOf) };
}
