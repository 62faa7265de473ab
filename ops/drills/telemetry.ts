// A drill's outcome as metrics (metrics.ts), in the Influx line protocol the Worker pushes
// (workers/autoheal/src/telemetry/influx.ts, reused), to the same Grafana Cloud endpoint with
// the same Basic auth (pushTarget) and the token in GRAFANA_PUSH_TOKEN (in CI, the
// environment's CI_METRICS_PUSH_TOKEN: drill.yml). Without a token the lines are printed
// instead of pushed, under one line saying so (cli.ts: a warning annotation in Actions).
import type { EnvironmentConfig } from "../../config/schema";
import { type Point, toLineProtocol } from "../../workers/autoheal/src/telemetry/influx";
import type { DrillMetricName } from "./metrics";

export type DrillName = "failover" | "restore";

export interface DrillOutcome {
  environment: string;
  drill: DrillName;
  success: boolean;
  /** Failover: first answer from another region, seconds after the pool went out. */
  detectionSeconds?: number;
  /** Failover: healthy from another region for the whole stable window (MTTR). */
  recoverySeconds?: number;
  /** Restore: the point-in-time branch's endpoint ready. */
  restoreSeconds?: number;
}

export function drillPoints(outcome: DrillOutcome): Point[] {
  const point = (name: DrillMetricName, labels: Record<string, string>, value: number): Point => ({
    name,
    labels: { environment: outcome.environment, ...labels },
    value,
  });
  const points = (["success", "failure"] as const).map((result) =>
    point(
      "neuropilot_drill_runs",
      { drill: outcome.drill, result },
      (result === "success") === outcome.success ? 1 : 0,
    ),
  );
  if (outcome.detectionSeconds !== undefined)
    points.push(point("neuropilot_drill_detection_seconds", {}, outcome.detectionSeconds));
  if (outcome.recoverySeconds !== undefined)
    points.push(point("neuropilot_drill_recovery_seconds", {}, outcome.recoverySeconds));
  if (outcome.restoreSeconds !== undefined)
    points.push(point("neuropilot_drill_restore_seconds", {}, outcome.restoreSeconds));
  return points;
}

export interface PushTarget {
  url: string;
  user: string;
  token: string;
}

/**
 * Where to push, or undefined without a token (print instead). URL and user: the environment's
 * (GRAFANA_PUSH_URL/GRAFANA_PUSH_USER), else the Worker's (autoheal.telemetry), else derived
 * from the environment's Grafana stack the way config/production.ts derives the Worker's: the
 * Prometheus host's origin + /api/v1/push/influx/write, its metrics instance id as the user.
 */
export function pushTarget(env: NodeJS.ProcessEnv, config: EnvironmentConfig): PushTarget | undefined {
  const telemetry = config.autoheal.telemetry;
  const url =
    env.GRAFANA_PUSH_URL ||
    telemetry?.pushUrl ||
    `${new URL(config.grafana.prometheusUrl).origin}/api/v1/push/influx/write`;
  const user = env.GRAFANA_PUSH_USER || telemetry?.pushUser || config.grafana.prometheusUser;
  const token = env.GRAFANA_PUSH_TOKEN;
  return token ? { url, user, token } : undefined;
}

/** Why nothing was pushed without a token, naming the variable and, for CI, the secret behind it. */
export const NO_TOKEN = "no GRAFANA_PUSH_TOKEN (in CI: the environment's CI_METRICS_PUSH_TOKEN secret)";

export type PushResult = { pushed: true; lines: string } | { pushed: false; lines: string; reason: string };

export async function publishOutcome(
  outcome: DrillOutcome,
  target: PushTarget | undefined,
  options: { nowMs: number; timeoutMs: number },
): Promise<PushResult> {
  const lines = toLineProtocol(drillPoints(outcome), options.nowMs);
  if (!target) return { pushed: false, lines, reason: NO_TOKEN };
  try {
    const response = await fetch(target.url, {
      method: "POST",
      headers: {
        "content-type": "text/plain; charset=utf-8",
        authorization: `Basic ${Buffer.from(`${target.user}:${target.token}`).toString("base64")}`,
      },
      body: lines,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    await response.arrayBuffer();
    return response.ok
      ? { pushed: true, lines }
      : { pushed: false, lines, reason: `Grafana push answered ${response.status}` };
  } catch (error) {
    return { pushed: false, lines, reason: `Grafana push failed (${(error as Error).name})` };
  }
}
