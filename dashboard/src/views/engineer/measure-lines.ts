/**
 * Approach series → chart lines for one measure. Pure.
 */
import type { ApproachPoint, ApproachSeries } from '../../../../services/contracts/measures.js';
import type { MeasureLine } from '../../charts/series-options.js';

/** Measures the engineer can plot over time, with their decimals. */
export const SERIES_MEASURES = ['flowVph', 'controlDelayS', 'vc', 'queueM', 'aogPct', 'congestionIndex'] as const;
export type SeriesMeasure = (typeof SERIES_MEASURES)[number];

export const MEASURE_DIGITS: Record<SeriesMeasure, number> = { flowVph: 0, controlDelayS: 1, vc: 2, queueM: 0, aogPct: 0, congestionIndex: 1 };

/**
 * One line per approach: the measure in each bucket, null where the bucket has none.
 *
 * @example measureLines(series, 'controlDelayS', (id) => names.get(id) ?? id)
 */
export function measureLines(series: readonly ApproachSeries[], measure: SeriesMeasure, nameOf: (approachId: string) => string): MeasureLine[] {
  return series.map((s) => ({
    name: nameOf(s.approachId),
    points: s.points.map((p: ApproachPoint) => [p.ts, p[measure]] as const),
  }));
}
