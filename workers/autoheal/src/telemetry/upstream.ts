// One call to an upstream API with a deadline, classified: a failure is a value the run
// counts (neuropilot_telemetry_upstream_failures_total), never an exception that would
// stop the other metrics.
import type { Fetch } from "../runtime";

export type Upstream = "railway" | "neon" | "grafana" | "slack";
export type FailureKind = "timeout" | "network" | "http_4xx" | "http_429" | "http_5xx" | "malformed";

export type Outcome<T> = { ok: true; value: T } | { ok: false; kind: FailureKind; detail: string };

export function failureKindOf(status: number): FailureKind {
  if (status === 429) return "http_429";
  return status >= 500 ? "http_5xx" : "http_4xx";
}

type Answer = { ok: true; text: string } | { ok: false; kind: FailureKind; detail: string };

async function request(fetcher: Fetch, url: string, init: RequestInit, timeoutMs: number): Promise<Answer> {
  let response: Response;
  try {
    response = await fetcher(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const name = error instanceof Error ? error.name : "";
    const timedOut = name === "TimeoutError" || name === "AbortError";
    return { ok: false, kind: timedOut ? "timeout" : "network", detail: String(error) };
  }
  const text = await response.text().catch(() => "");
  if (!response.ok) return { ok: false, kind: failureKindOf(response.status), detail: `HTTP ${response.status}` };
  return { ok: true, text };
}

/**
 * Fetches `url` and hands the JSON body to `read`, which returns the value or undefined
 * when the body has not the documented shape (`malformed`).
 */
export async function callJson<T>(
  fetcher: Fetch,
  url: string,
  init: RequestInit,
  timeoutMs: number,
  read: (body: unknown) => T | undefined,
): Promise<Outcome<T>> {
  const answer = await request(fetcher, url, init, timeoutMs);
  if (!answer.ok) return answer;
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    return { ok: false, kind: "malformed", detail: "body is not JSON" };
  }
  const value = read(body);
  return value === undefined ? { ok: false, kind: "malformed", detail: "unexpected body shape" } : { ok: true, value };
}

/** A call whose 2xx body does not matter (the Grafana push answers 204). */
export async function callNoBody(
  fetcher: Fetch,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<Outcome<true>> {
  const answer = await request(fetcher, url, init, timeoutMs);
  return answer.ok ? { ok: true, value: true } : answer;
}
