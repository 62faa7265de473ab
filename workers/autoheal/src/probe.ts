// Health probes of one region's origin. Probes go to the Railway domain directly, not
// through the edge, so they measure the origin and not Cloudflare's cache or failover.
import type { Fetch } from "./runtime";

export interface Sample {
  /** Epoch ms of the run that took the sample. */
  at: number;
  ok: boolean;
  /** Time to the response headers; null when the probe got no response. */
  ms: number | null;
}

export interface ProbeSettings {
  url: string;
  expectedStatus: number;
  timeoutMs: number;
}

/**
 * One probe: OK when the expected status arrives before the timeout. In Workers,
 * Date.now() advances only across I/O, which is exactly what brackets a fetch here.
 */
export async function probe(settings: ProbeSettings, at: number, fetcher: Fetch): Promise<Sample> {
  const started = Date.now();
  try {
    const response = await fetcher(settings.url, {
      headers: { "user-agent": "neuropilot-autoheal/1" },
      signal: AbortSignal.timeout(settings.timeoutMs),
    });
    const ms = Date.now() - started;
    await response.body?.cancel();
    return { at, ok: response.status === settings.expectedStatus, ms };
  } catch {
    return { at, ok: false, ms: null };
  }
}

/**
 * A run's probes, one after another so all but the first can reuse the warm connection
 * (the first pays for DNS, TCP and TLS from wherever the cron runs). A probe that gets
 * no answer at all ends the run: the rest would only wait out the same timeout, so they
 * count as failed unsent, and a run lasts at most about one timeout.
 */
export async function probeRegion(
  settings: ProbeSettings,
  count: number,
  at: number,
  fetcher: Fetch,
): Promise<Sample[]> {
  const samples: Sample[] = [];
  while (samples.length < count) {
    const sample = await probe(settings, at, fetcher);
    samples.push(sample);
    if (sample.ms === null) break;
  }
  while (samples.length < count) samples.push({ at, ok: false, ms: null });
  return samples;
}
