// Panel factories on top of the Grafana Foundation SDK builders: one place decides how a
// time-series or stat panel of ours looks, so the dashboard file reads as a list of signals.
import type { DataSourceRef } from "@grafana/grafana-foundation-sdk/common";
import {
  BigValueColorMode,
  BigValueGraphMode,
  GraphDrawStyle,
  GraphThresholdsStyleConfigBuilder,
  GraphThresholdsStyleMode,
  LegendDisplayMode,
  LegendPlacement,
  ReduceDataOptionsBuilder,
  VizLegendOptionsBuilder,
} from "@grafana/grafana-foundation-sdk/common";
import { MappingType, ThresholdsConfigBuilder, ThresholdsMode } from "@grafana/grafana-foundation-sdk/dashboard";
import { DataqueryBuilder } from "@grafana/grafana-foundation-sdk/prometheus";
import { PanelBuilder as StatPanelBuilder } from "@grafana/grafana-foundation-sdk/stat";
import { PanelBuilder as TimeseriesPanelBuilder } from "@grafana/grafana-foundation-sdk/timeseries";

export interface PanelQuery {
  expr: string;
  legend: string;
}

export interface PanelSpec {
  /** Stable id: alert rules link to panels by it (`__panelId__`). */
  id: number;
  title: string;
  description: string;
  /** Grafana unit id, e.g. `reqps`, `ms`, `percent`, `currencyUSD`. */
  unit: string;
  queries: readonly PanelQuery[];
  width: number;
  /** Threshold steps above the base colour: [value, colour] (alert thresholds drawn on the panel). */
  thresholds?: ReadonlyArray<readonly [number, string]>;
  /** Relative time range of this panel instead of the dashboard's (e.g. `30d` for a history). */
  timeFrom?: string;
}

const HEIGHT = 8;
const REF_IDS = "ABCDEFGHIJ";

function targets(queries: readonly PanelQuery[], datasource: DataSourceRef): DataqueryBuilder[] {
  return queries.map((query, index) =>
    new DataqueryBuilder()
      .refId(REF_IDS[index])
      .datasource(datasource)
      .expr(query.expr)
      .legendFormat(query.legend)
      .range(),
  );
}

function thresholdsOf(spec: PanelSpec, base: string): ThresholdsConfigBuilder {
  const steps = [{ value: null, color: base }, ...(spec.thresholds ?? []).map(([value, color]) => ({ value, color }))];
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(steps);
}

export function timeseriesPanel(
  spec: PanelSpec,
  datasource: DataSourceRef,
  style: { bars?: boolean; points?: boolean } = {},
): TimeseriesPanelBuilder {
  const panel = new TimeseriesPanelBuilder()
    .id(spec.id)
    .title(spec.title)
    .description(spec.description)
    .datasource(datasource)
    .targets(targets(spec.queries, datasource))
    .unit(spec.unit)
    .span(spec.width)
    .height(HEIGHT)
    .drawStyle(style.bars ? GraphDrawStyle.Bars : style.points ? GraphDrawStyle.Points : GraphDrawStyle.Line)
    .fillOpacity(style.bars ? 80 : 10)
    .legend(
      new VizLegendOptionsBuilder()
        .displayMode(LegendDisplayMode.List)
        .placement(LegendPlacement.Bottom)
        .showLegend(true),
    )
    .thresholds(thresholdsOf(spec, "green"));
  if (spec.timeFrom) panel.timeFrom(spec.timeFrom);
  if (spec.thresholds?.length) {
    panel.thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed));
  }
  return panel;
}

export function statPanel(
  spec: PanelSpec,
  datasource: DataSourceRef,
  /** baseRed: red below the first threshold (a rate that must stay above its objective). */
  options: { upDown?: boolean; baseRed?: boolean } = {},
): StatPanelBuilder {
  const panel = new StatPanelBuilder()
    .id(spec.id)
    .title(spec.title)
    .description(spec.description)
    .datasource(datasource)
    .targets(targets(spec.queries, datasource))
    .unit(spec.unit)
    .span(spec.width)
    .height(HEIGHT)
    .graphMode(BigValueGraphMode.Area)
    .colorMode(BigValueColorMode.Background)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(["lastNotNull"]).values(false))
    .thresholds(thresholdsOf(spec, options.upDown || options.baseRed ? "red" : "green"));
  if (spec.timeFrom) panel.timeFrom(spec.timeFrom);
  if (options.upDown) {
    panel.mappings([
      {
        type: MappingType.ValueToText,
        options: { "0": { text: "DOWN", color: "red" }, "1": { text: "UP", color: "green" } },
      },
    ]);
  }
  return panel;
}
