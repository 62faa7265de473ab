// Service level objectives as code (issue 17): one Grafana SLO for availability and one for
// latency per environment, on the metric contract (dashboards/metrics.ts), each with the
// multi-window burn-rate alerts Grafana generates from it. Those alerts carry the same
// `severity` and `environment` labels as our rule groups, so the organization's notification
// policy (GrafanaFoundation) routes them like every other alert: fast burn pages, slow burn warns.
//
// grafana_slo, grafana/grafana 4.45.1 (providers/grafana.json, copied from the provider's
// provider_schema.json at v4.45.1; example usage in docs/resources/slo.md of that tag).
import { Construct } from "constructs";
import { Slo, type SloAlerting } from "../../.gen/providers/grafana/slo";
import { SEVERITY_LABEL } from "./grafana-foundation";

export interface ServiceLevelObjectivesProps {
  environment: string;
  objectives: {
    availabilityPct: number;
    /** Seeds' error-rate objective (0.5 means fewer than 0.5 % of requests answer 5xx). */
    errorRatePct: number;
    latencyMs: number;
    latencyTargetPct: number;
    window: string;
  };
  folderUid: string;
  /** Prometheus data source the SLO recording rules are written to. */
  datasourceUid: string;
  runbookUrl: string;
}

const REQUESTS = "neuropilot_http_requests_total";
const DURATION = "neuropilot_http_request_duration_seconds";

/** The success and total series of each objective, per region (the SLO dashboards filter by it). */
export function sloQueries(environment: string, latencyMs: number) {
  const env = `environment="${environment}"`;
  return {
    availability: { success: `${REQUESTS}{${env},status!~"5.."}`, total: `${REQUESTS}{${env}}` },
    latency: {
      // Prometheus formats bucket bounds as floats: 100 ms is le="0.1".
      success: `${DURATION}_bucket{${env},le="${latencyMs / 1000}"}`,
      total: `${DURATION}_count{${env}}`,
    },
  };
}

export class ServiceLevelObjectives extends Construct {
  readonly availability: Slo;
  readonly errorRate: Slo;
  readonly latency: Slo;

  constructor(scope: Construct, id: string, props: ServiceLevelObjectivesProps) {
    super(scope, id);
    const o = props.objectives;
    const queries = sloQueries(props.environment, o.latencyMs);
    const common = (anchor: string) => ({
      folderUid: props.folderUid,
      destinationDatasource: [{ uid: props.datasourceUid }],
      label: [{ key: "environment", value: props.environment }],
      alerting: [this.alerting(props, anchor)],
    });
    this.availability = new Slo(this, "availability", {
      name: `NeuroPilot ${props.environment} API availability`,
      description: `${o.availabilityPct} % of API requests in ${props.environment} answer without a 5xx, over ${o.window}.`,
      query: [
        {
          type: "ratio",
          ratio: [
            {
              successMetric: queries.availability.success,
              totalMetric: queries.availability.total,
              groupByLabels: ["region"],
            },
          ],
        },
      ],
      objectives: [{ value: fraction(o.availabilityPct), window: o.window }],
      ...common("slo-availability"),
    });
    // Same ratio as availability, its own objective: the seeds state "error rate < 0.5 %"
    // apart from availability, and Grafana reports and burn-alerts each SLO on its own.
    this.errorRate = new Slo(this, "error-rate", {
      name: `NeuroPilot ${props.environment} API error rate`,
      description: `Fewer than ${o.errorRatePct} % of API requests in ${props.environment} answer with a 5xx, over ${o.window}.`,
      query: [
        {
          type: "ratio",
          ratio: [
            {
              successMetric: queries.availability.success,
              totalMetric: queries.availability.total,
              groupByLabels: ["region"],
            },
          ],
        },
      ],
      objectives: [{ value: fraction(100 - o.errorRatePct), window: o.window }],
      ...common("slo-error-rate"),
    });
    this.latency = new Slo(this, "latency", {
      name: `NeuroPilot ${props.environment} API latency`,
      description: `${o.latencyTargetPct} % of API requests in ${props.environment} complete within ${o.latencyMs} ms (p${o.latencyTargetPct} < ${o.latencyMs} ms), over ${o.window}.`,
      query: [
        {
          type: "ratio",
          ratio: [
            { successMetric: queries.latency.success, totalMetric: queries.latency.total, groupByLabels: ["region"] },
          ],
        },
      ],
      objectives: [{ value: fraction(o.latencyTargetPct), window: o.window }],
      ...common("slo-latency"),
    });
  }

  private alerting(props: ServiceLevelObjectivesProps, anchor: string): SloAlerting {
    const labels = (severity: string) => [
      { key: SEVERITY_LABEL, value: severity },
      { key: "environment", value: props.environment },
    ];
    return {
      annotation: [{ key: "runbook_url", value: `${props.runbookUrl}#${anchor}` }],
      // Fast burn: the budget would be gone in days; page. Slow burn: weeks; warn.
      fastburn: [{ label: labels("critical") }],
      slowburn: [{ label: labels("warning") }],
    };
  }
}

/** 99.95 → 0.9995 without floating-point tails (99.95 / 100 = 0.9994999…). */
function fraction(pct: number): number {
  return Number((pct / 100).toFixed(6));
}
