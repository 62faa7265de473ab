// A drill's outcome as metrics (metrics.ts), in the Influx line protocol the Worker pushes
// (workers/autoheal/src/telemetry/influx.ts, reused), to the same Grafana Cloud endpoint with
// the same Basic auth: the environment's autoheal.telemetry pushUrl/pushUser (or
// GRAFANA_PUSH_URL/GRAFANA_PUSH_USER) and the token in GRAFANA_PUSH_TOKEN. Without a token or
// a URL the lines are printed instead of pushed.
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
      "neuropilot_drill_runs_total",
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

/** Where to push, or undefined (print instead): needs a token and a URL and user. */
export function pushTarget(env: NodeJS.ProcessEnv, config: EnvironmentConfig): PushTarget | undefined {
  const telemetry = config.autoheal.telemetry;
  const url = env.GRAFANA_PUSH_URL || telemetry?.pushUrl;
  const user = env.GRAFANA_PUSH_USER || telemetry?.pushUser;
  const token = env.GRAFANA_PUSH_TOKEN;
  return url && user && token ? { url, user, token } : undefined;
}

export type PushResult = { pushed: true; lines: string } | { pushed: false; lines: string; reason: string };

export async function publishOutcome(
  outcome: DrillOutcome,
  target: PushTarget | undefined,
  options: { nowMs: number; timeoutMs: number },
): Promise<PushResult> {
  const lines = toLineProtocol(drillPoints(outcome), options.nowMs);
  if (!target) return { pushed: false, lines, reason: "no GRAFANA_PUSH_TOKEN (or push URL): printed, not pushed" };
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
