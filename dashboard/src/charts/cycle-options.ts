/**
 * Per-cycle charts of the engineer view, drawn the way ATSPM draws them so engineers
 * who know ATSPM read them at once:
 * - Purdue Coordination Diagram: every arrival at its time of day (x) and its time in the
 *   red-to-red cycle (y), over the green-start, yellow-start and cycle-end lines;
 * - split monitor: the green each cycle got, coloured by how the green ended, against the
 *   programmed green (split − yellow − all-red).
 */
import type { CycleMeasures, GreenTermination } from '../../../services/contracts/live.js';
import { formatClock, formatMinute } from '../format/time.js';
import type { ChartPalette } from './chart-theme.js';
import type { ChartOption } from './echarts.js';

export interface PcdLabels {
  greenStart: string;
  yellowStart: string;
  cycleEnd: string;
  arrivals: string;
  secondsInCycle: string;
}

/** Tooltip text of one [time, seconds] point. */
const pointText = (locale: string) => (params: unknown) => {
  const value = (params as { value?: unknown }).value;
  if (!Array.isArray(value)) return '';
  return `${formatClock(Number(value[0]), locale)} · ${String(value[1])} s`;
};

const secondsAfter = (from: number, to: number) => Math.round((to - from) / 100) / 10;

/**
 * Arrivals on green of a set of cycles, percent (null without arrivals).
 *
 * @example aogShare([{ arrivalsOnGreen: 30, arrivalsOnRed: 10, arrivalsOnYellow: 0 }]) // 75
 */
export function aogShare(cycles: readonly Pick<CycleMeasures, 'arrivalsOnGreen' | 'arrivalsOnRed' | 'arrivalsOnYellow'>[]): number | null {
  let green = 0;
  let all = 0;
  for (const c of cycles) {
    green += c.arrivalsOnGreen;
    all += c.arrivalsOnGreen + c.arrivalsOnRed + c.arrivalsOnYellow;
  }
  return all === 0 ? null : (green / all) * 100;
}

/**
 * The Purdue Coordination Diagram of one phase's cycles.
 *
 * @example pcdOption(cycles, { locale: 'zh-CN', palette, labels })
 */
export function pcdOption(cycles: readonly CycleMeasures[], options: { locale: string; palette: ChartPalette; labels: PcdLabels }): ChartOption {
  const { palette, labels, locale } = options;
  const font = palette.fontPx;
  const sorted = [...cycles].sort((a, b) => a.cycleStart - b.cycleStart);
  const arrivals: [number, number][] = [];
  for (const cycle of sorted) for (const offsetS of cycle.arrivalOffsetsS) arrivals.push([cycle.cycleStart + offsetS * 1000, offsetS]);
  const line = (name: string, colour: string, at: (c: CycleMeasures) => number) => ({
    type: 'line' as const,
    name,
    step: 'end' as const,
    showSymbol: false,
    lineStyle: { color: colour, width: font * 0.12 },
    itemStyle: { color: colour },
    data: sorted.map((c) => [c.cycleStart, secondsAfter(c.cycleStart, at(c))]),
  });
  return {
    ...cycleChartFrame(palette, locale, labels.secondsInCycle),
    series: [
      line(labels.greenStart, palette.green, (c) => c.greenStart),
      line(labels.yellowStart, palette.yellow, (c) => c.yellowStart),
      line(labels.cycleEnd, palette.red, (c) => c.redStart),
      { type: 'scatter', name: labels.arrivals, symbolSize: Math.max(3, font * 0.28), itemStyle: { color: palette.text, opacity: 0.75 }, data: arrivals, large: true },
    ],
  };
}

/** What the per-cycle charts share: time along x, seconds up y, legend on top, the dashboard palette. */
function cycleChartFrame(palette: ChartPalette, locale: string, yName: string) {
  const font = palette.fontPx;
  return {
    animation: false,
    grid: { left: font * 3.2, right: font, top: font * 2.4, bottom: font * 2.2 },
    legend: { top: 0, textStyle: { color: palette.muted, fontSize: font * 0.8 } },
    tooltip: { trigger: 'item' as const, formatter: pointText(locale) },
    xAxis: {
      type: 'time' as const,
      axisLabel: { color: palette.muted, fontSize: font * 0.75, hideOverlap: true, formatter: (v: number) => formatMinute(v, locale) },
      axisLine: { lineStyle: { color: palette.axis } },
    },
    yAxis: {
      type: 'value' as const,
      name: yName,
      nameTextStyle: { color: palette.muted, fontSize: font * 0.75 },
      min: 0,
      axisLabel: { color: palette.muted, fontSize: font * 0.75 },
      splitLine: { lineStyle: { color: palette.grid } },
    },
  };
}

export interface SplitMonitorLabels {
  greenS: string;
  programmedSplit: string;
  termination: Record<GreenTermination, string>;
}

const TERMINATION_COLOURS: Record<GreenTermination, string> = { 'gap-out': '#2fbf5b', 'max-out': '#e03131', 'force-off': '#3ea6ff', unknown: '#93a4bf' };

/**
 * The split monitor of one phase: green per cycle by termination type, with the programmed green.
 *
 * @example splitMonitorOption(cycles, { programmedGreenS: 42, locale: 'en', palette, labels })
 */
export function splitMonitorOption(
  cycles: readonly CycleMeasures[],
  options: { programmedGreenS: number | null; locale: string; palette: ChartPalette; labels: SplitMonitorLabels },
): ChartOption {
  const { palette, labels, locale } = options;
  const font = palette.fontPx;
  const terminations = Object.keys(TERMINATION_COLOURS) as GreenTermination[];
  return {
    ...cycleChartFrame(palette, locale, labels.greenS),
    series: terminations.map((termination, i) => ({
      type: 'scatter' as const,
      name: labels.termination[termination],
      symbolSize: Math.max(4, font * 0.4),
      itemStyle: { color: TERMINATION_COLOURS[termination] },
      data: cycles.filter((c) => c.termination === termination).map((c) => [c.greenStart, Math.round(c.greenS * 10) / 10]),
      ...(i === 0 && options.programmedGreenS !== null
        ? {
            markLine: {
              silent: true,
              symbol: 'none',
              label: { formatter: labels.programmedSplit, color: palette.muted, fontSize: font * 0.75 },
              lineStyle: { color: palette.yellow, type: 'dashed' as const, width: font * 0.1 },
              data: [{ yAxis: options.programmedGreenS }],
            },
          }
        : {}),
    })),
  };
}
