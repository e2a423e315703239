// ECharts in the browser with only the parts we use (radar, heat map, bar; SVG renderer), wrapped
// in a React component. The container is a labelled image; each chart also has a table version.
import { BarChart, HeatmapChart, RadarChart } from "echarts/charts";
import {
  GridComponent,
  LegendComponent,
  RadarComponent,
  TooltipComponent,
  VisualMapComponent,
} from "echarts/components";
import type { EChartsCoreOption } from "echarts/core";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

echarts.use([
  BarChart,
  HeatmapChart,
  RadarChart,
  GridComponent,
  LegendComponent,
  RadarComponent,
  TooltipComponent,
  VisualMapComponent,
  SVGRenderer,
]);

/** Font and colours shared by every chart (kept in step with styles/base.css). */
export const CHART_TEXT = {
  color: "#1f2933",
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
};

/** A chart drawn with SVG; `label` describes it for screen readers, `className` sets its size. */
export function Chart({
  option,
  label,
  className,
}: {
  option: EChartsCoreOption;
  label: string;
  className: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const instance = echarts.init(el, null, { renderer: "svg" });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption({ textStyle: CHART_TEXT, animation: false, ...option }, true);
  }, [option]);
  return <div ref={ref} className={`chart ${className}`} role="img" aria-label={label} />;
}
