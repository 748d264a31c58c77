/**
 * Measures over time for the engineer view: one line per approach (or the intersection),
 * gaps where a bucket has no value (no green observed, no data) rather than a misleading line.
 */
import { formatDateTime, formatMinute } from '../format/time.js';
import type { ChartPalette } from './chart-theme.js';
import type { ChartOption } from './echarts.js';

export interface MeasureLine {
  name: string;
  /** [bucket start (epoch ms), value or null]. */
  points: readonly (readonly [number, number | null])[];
}

/**
 * @example measureSeriesOption([{ name: '北进口', points }], { fromMs, toMs, yName: '控制延误（秒）', locale: 'zh-CN', palette })
 */
export function measureSeriesOption(
  lines: readonly MeasureLine[],
  options: { fromMs: number; toMs: number; yName: string; locale: string; palette: ChartPalette; digits?: number },
): ChartOption {
  const { palette, locale } = options;
  const font = palette.fontPx;
  const digits = options.digits ?? 1;
  return {
    animation: false,
    color: palette.series,
    grid: { left: font * 3.4, right: font * 1.2, top: font * 2.6, bottom: font * 2.2 },
    legend: { top: 0, textStyle: { color: palette.muted, fontSize: font * 0.8 } },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value) => (typeof value === 'number' ? value.toFixed(digits) : '–'),
      axisPointer: { label: { formatter: (p) => formatDateTime(Number(p.value), locale) } },
    },
    xAxis: {
      type: 'time',
      min: options.fromMs,
      max: options.toMs,
      axisLine: { lineStyle: { color: palette.axis } },
      axisLabel: { color: palette.muted, fontSize: font * 0.75, hideOverlap: true, formatter: (v: number) => formatMinute(v, locale) },
    },
    yAxis: {
      type: 'value',
      name: options.yName,
      nameTextStyle: { color: palette.muted, fontSize: font * 0.75, align: 'left' },
      axisLabel: { color: palette.muted, fontSize: font * 0.75 },
      splitLine: { lineStyle: { color: palette.grid } },
    },
    series: lines.map((line) => ({
      type: 'line' as const,
      name: line.name,
      showSymbol: line.points.length < 60,
      connectNulls: false,
      lineStyle: { width: font * 0.12 },
      data: line.points.map(([ts, value]) => [ts, value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits]),
    })),
  };
}
