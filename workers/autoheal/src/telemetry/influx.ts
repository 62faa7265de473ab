// Influx line protocol, the text format Grafana Cloud's Influx push endpoint
// (/api/v1/push/influx/write) ingests (docs.influxdata.com/influxdb/v2/reference/syntax/line-protocol/).
// Grafana Cloud turns each field of `measurement,tag=v field=1 <ns>` into the Prometheus
// series `measurement_field{tag="v"}`
// (grafana.com/docs/grafana-cloud/send-data/metrics/metrics-influxdb/push-from-telegraf/), so
// a metric name is sent split at its last underscore: `neuropilot_autoheal_actions total=3`
// arrives as `neuropilot_autoheal_actions_total`. Small enough to write out rather than add a
// client library to the Worker bundle.

export interface Point {
  name: string;
  labels: Record<string, string>;
  value: number;
}

// Measurement: escape commas and spaces; tag keys and values: commas, equals signs, spaces.
const escapeName = (text: string) => text.replace(/[, \\]/g, (c) => `\\${c}`);
const escapeTag = (text: string) => text.replace(/[,= \\]/g, (c) => `\\${c}`);

/** One line per point, every point stamped with the run's time in nanoseconds. */
export function toLineProtocol(points: readonly Point[], atMs: number): string {
  const ns = `${BigInt(Math.round(atMs)) * 1_000_000n}`;
  return points
    .filter((p) => Number.isFinite(p.value))
    .map((p) => {
      const tags = Object.entries(p.labels)
        .filter(([, v]) => v !== "")
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `,${escapeTag(k)}=${escapeTag(v)}`)
        .join("");
      const cut = p.name.lastIndexOf("_");
      const [measurement, field] = [p.name.slice(0, cut), p.name.slice(cut + 1)];
      return `${escapeName(measurement)}${tags} ${escapeTag(field)}=${p.value} ${ns}`;
    })
    .join("\n");
}
