// The three query stages of a Grafana-managed alert rule, in the shape Grafana's alerting
// API expects (see the grafana_rule_group docs and Grafana's Terraform provisioning guide):
//   A  the Prometheus instant query,
//   B  a server-side "reduce" expression (last value per series),
//   C  a "threshold" expression over B; C is the rule's condition.
// Expression stages use the special data source uid `__expr__`.
import type { RuleGroupRuleData } from "../../.gen/providers/grafana/rule-group";
import type { Comparator } from "../../dashboards/alert-rules";

export const EXPRESSION_DATASOURCE_UID = "__expr__";
export const CONDITION_REF_ID = "C";

/** How far back the query stage may look; covers the longest range in our expressions (1h). */
const QUERY_LOOKBACK_SECONDS = 3600;

export interface RuleQuery {
  expr: string;
  comparator: Comparator;
  threshold: number;
  datasourceUid: string;
}

export function ruleData(query: RuleQuery): RuleGroupRuleData[] {
  const expressionSource = { type: "__expr__", uid: EXPRESSION_DATASOURCE_UID };
  return [
    {
      refId: "A",
      datasourceUid: query.datasourceUid,
      relativeTimeRange: { from: QUERY_LOOKBACK_SECONDS, to: 0 },
      model: JSON.stringify({
        refId: "A",
        datasource: { type: "prometheus", uid: query.datasourceUid },
        editorMode: "code",
        expr: query.expr,
        instant: true,
        range: false,
        intervalMs: 1000,
        maxDataPoints: 43200,
      }),
    },
    {
      refId: "B",
      datasourceUid: EXPRESSION_DATASOURCE_UID,
      relativeTimeRange: { from: 0, to: 0 },
      model: JSON.stringify({
        refId: "B",
        datasource: expressionSource,
        type: "reduce",
        expression: "A",
        reducer: "last",
      }),
    },
    {
      refId: CONDITION_REF_ID,
      datasourceUid: EXPRESSION_DATASOURCE_UID,
      relativeTimeRange: { from: 0, to: 0 },
      model: JSON.stringify({
        refId: CONDITION_REF_ID,
        datasource: expressionSource,
        type: "threshold",
        expression: "B",
        conditions: [{ evaluator: { type: query.comparator, params: [query.threshold] } }],
      }),
    },
  ];
}
