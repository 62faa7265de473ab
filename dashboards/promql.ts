// Small PromQL helpers: build selectors from the produced series (dashboards/produced-series.ts), and read the vector
// selectors back out of an expression (so tests can check every query against the contract).
import type { ProducedMetricName as MetricName } from "./produced-series";

/**
 * Label matchers a query starts from: a dashboard's variables
 * (`environment="$environment"`, `region=~"$region"`) or an alert rule's fixed environment.
 */
export type Scope = readonly string[];

export type HistogramSeries = "_bucket" | "_sum" | "_count";

/** `metric{scope..., extra...}`; `series` picks one of a histogram's three series. */
export function selector(metric: MetricName, scope: Scope, extra: readonly string[] = [], series = ""): string {
  const matchers = [...scope, ...extra];
  return `${metric}${series}{${matchers.join(", ")}}`;
}

export function histogramQuantile(
  quantile: number,
  metric: MetricName,
  scope: Scope,
  window: string,
  by: readonly string[] = [],
): string {
  const buckets = selector(metric, scope, [], "_bucket");
  return `histogram_quantile(${quantile}, sum by (${["le", ...by].join(", ")}) (rate(${buckets}[${window}])))`;
}

export interface VectorSelector {
  metric: string;
  /** The text between the braces, or "" when the selector has none. */
  matchers: string;
}

// Words that look like identifiers but are operators, modifiers, literals or aggregations
// (an aggregation may be followed by `by (...)` before its parenthesis).
const KEYWORDS = new Set([
  ...["and", "or", "unless", "bool", "offset", "inf", "nan", "atan2"],
  ...["sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values"],
  ...["bottomk", "topk", "quantile", "limitk", "limit_ratio"],
]);
// Keywords followed by a parenthesised label list, which must not be read as metrics.
const LABEL_LIST_KEYWORDS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right"]);

/**
 * The vector selectors of a PromQL expression, in order. A small lexer rather than a full
 * parser: it skips strings, label lists, range brackets, numbers and durations, and treats
 * an identifier followed by `(` as a function. promtool checks the syntax separately.
 */
export function vectorSelectors(expr: string): VectorSelector[] {
  const found: VectorSelector[] = [];
  let i = 0;
  const skipSpaces = (): void => {
    while (i < expr.length && /\s/.test(expr[i])) i++;
  };
  const readEnclosed = (close: string): string => {
    const start = ++i;
    while (i < expr.length && expr[i] !== close) {
      if (expr[i] === '"' || expr[i] === "'" || expr[i] === "`") skipString();
      else i++;
    }
    return expr.slice(start, i++);
  };
  const skipString = (): void => {
    const quote = expr[i++];
    while (i < expr.length && expr[i] !== quote) i += expr[i] === "\\" ? 2 : 1;
    i++;
  };

  while (i < expr.length) {
    const ch = expr[i];
    if (ch === '"' || ch === "'" || ch === "`") {
      skipString();
    } else if (ch === "[") {
      readEnclosed("]");
    } else if (ch === "{") {
      // A selector without a metric name (`{__name__=~"..."}`) is reported with an empty name.
      found.push({ metric: "", matchers: readEnclosed("}") });
    } else if (ch === "$") {
      i++;
      while (i < expr.length && /\w/.test(expr[i])) i++; // a Grafana variable such as $__rate_interval
    } else if (/[0-9.]/.test(ch)) {
      while (i < expr.length && /[\w.]/.test(expr[i])) i++; // numbers, 1e3, durations like 5m
    } else if (/[A-Za-z_:]/.test(ch)) {
      const start = i;
      while (i < expr.length && /[\w:]/.test(expr[i])) i++;
      const word = expr.slice(start, i);
      skipSpaces();
      if (LABEL_LIST_KEYWORDS.has(word)) {
        if (expr[i] === "(") readEnclosed(")");
      } else if (expr[i] === "(" || KEYWORDS.has(word.toLowerCase())) {
        // function call or operator keyword
      } else {
        found.push({ metric: word, matchers: expr[i] === "{" ? readEnclosed("}") : "" });
      }
    } else {
      i++;
    }
  }
  return found;
}

/** Names of the metrics (series) an expression reads. */
export function metricNamesIn(expr: string): string[] {
  return [...new Set(vectorSelectors(expr).map((s) => s.metric))];
}
