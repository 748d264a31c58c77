/**
 * The congestion-index trend of the command wall: 0–10 over the last hours, the line
 * coloured by level and the five level bands shaded behind it (the same colours as the map).
 */
import { formatClock, formatMinute } from '../format/time.js';
import { LEVEL_COLORS, LEVEL_LOWER_BOUNDS, LEVELS } from '../levels.js';
import type { ChartPalette } from './chart-theme.js';
import type { ChartOption } from './echarts.js';

export interface IndexPoint {
  /** Epoch ms. */
  ts: number;
  /** 0–10. */
  index: number;
}

export interface TrendSeries {
  name: string;
  points: readonly IndexPoint[];
}

const upperOf = (i: number) => (i + 1 < LEVELS.length ? (LEVEL_LOWER_BOUNDS[LEVELS[i + 1] as (typeof LEVELS)[number]] ?? 10) : 10);

/**
 * Option for one or more index series (city first, thicker) over [fromMs, toMs].
 *
 * @example indexTrendOption([{ name: '全市', points }], { fromMs, toMs, locale: 'zh-CN', palette })
 */
export function indexTrendOption(
  series: readonly TrendSeries[],
  options: { fromMs: number; toMs: number; locale: string; palette: ChartPalette },
): ChartOption {
  const { palette, locale } = options;
  const font = palette.fontPx;
  const bands = LEVELS.map((level, i) => [
    { yAxis: LEVEL_LOWER_BOUNDS[level], itemStyle: { color: LEVEL_COLORS[level], opacity: 0.07 } },
    { yAxis: upperOf(i) },
  ]);
  return {
    animation: false,
    grid: { left: font * 2.6, right: font * 1.2, top: font * (series.length > 1 ? 2.4 : 1), bottom: font * 2 },
    legend: series.length > 1 ? { top: 0, textStyle: { color: palette.muted, fontSize: font * 0.85 }, itemWidth: font * 1.4 } : { show: false },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value) => (typeof value === 'number' ? value.toFixed(1) : String(value)),
      axisPointer: { label: { formatter: (p) => formatClock(Number(p.value), locale) } },
    },
    xAxis: {
      type: 'time',
      min: options.fromMs,
      max: options.toMs,
      axisLine: { lineStyle: { color: palette.axis } },
      axisLabel: { color: palette.muted, fontSize: font * 0.8, hideOverlap: true, formatter: (value: number) => formatMinute(value, locale) },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: 10,
      interval: 2,
      axisLabel: { color: palette.muted, fontSize: font * 0.8 },
      splitLine: { lineStyle: { color: palette.grid } },
    },
    visualMap: {
      show: false,
      seriesIndex: 0,
      dimension: 1,
      pieces: LEVELS.map((level, i) => ({ gte: LEVEL_LOWER_BOUNDS[level], lt: i === LEVELS.length - 1 ? 10.001 : upperOf(i), color: LEVEL_COLORS[level] })),
    },
    series: series.map((entry, i) => ({
      type: 'line',
      name: entry.name,
      // a lone point (a freshly opened wall) is invisible as a line
      showSymbol: entry.points.length < 3,
      smooth: false,
      data: entry.points.map((p) => [p.ts, Math.round(p.index * 100) / 100]),
      lineStyle: { width: i === 0 ? font * 0.22 : font * 0.1, ...(i === 0 ? {} : { color: palette.series[i % palette.series.length] }) },
      ...(i === 0 ? { markArea: { silent: true, data: bands as never } } : { itemStyle: { color: palette.series[i % palette.series.length] } }),
    })),
  };
}
