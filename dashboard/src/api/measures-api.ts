/**
 * Stored measures over a period (engine issue routes): approach series for the
 * engineer's time-series charts, per-cycle measures for the PCD and split monitor.
 */
import type { CycleMeasures } from '../../../services/contracts/live.js';
import type { ApproachSeries } from '../../../services/contracts/measures.js';
import { http } from './index.js';

export interface PeriodQuery {
  /** Epoch ms. */
  from: number;
  to: number;
}

/** `GET /api/v1/measures/approaches/:id?from&to&step` — buckets of `stepS` seconds. */
export function loadApproachSeries(approachId: string, period: PeriodQuery & { stepS: number }, signal?: AbortSignal): Promise<ApproachSeries> {
  return http.get<ApproachSeries>(`/api/v1/measures/approaches/${encodeURIComponent(approachId)}`, {
    query: { from: period.from, to: period.to, step: period.stepS },
    ...(signal ? { signal } : {}),
  });
}

/** `GET /api/v1/measures/intersections/:id/cycles?from&to[&phase]` — red-to-red cycles with their measures. */
export async function loadCycles(intersectionId: string, period: PeriodQuery, signal?: AbortSignal): Promise<CycleMeasures[]> {
  const answer = await http.get<{ cycles: CycleMeasures[] }>(`/api/v1/measures/intersections/${encodeURIComponent(intersectionId)}/cycles`, {
    query: { from: period.from, to: period.to },
    ...(signal ? { signal } : {}),
  });
  return answer.cycles;
}
