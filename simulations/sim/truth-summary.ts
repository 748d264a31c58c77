/**
 * Roll-ups of the simulator's ground truth: per approach over longer bins (15 minutes is the
 * reporting default, DESIGN §6) and for the whole network, to check measures and compare plans.
 */
import type { GroundTruthMinute } from './types.js';

export interface TruthSummary {
  intersectionId: string;
  approachId: string;
  /** Bin start, epoch ms (aligned to the epoch, e.g. quarter hours). */
  ts: number;
  binMinutes: number;
  /** Minutes of truth the bin holds. */
  minutes: number;
  arrivals: number;
  departures: number;
  totalDelayS: number;
  /** Mean control delay per departed vehicle, s; null without departures. */
  meanDelayS: number | null;
  maxQueueVeh: number;
  maxQueueM: number;
  arrivalsOnGreen: number;
  aogShare: number | null;
  /** Minutes with spillback. */
  spillbackMinutes: number;
}

/**
 * Sums minutes into bins of `binMinutes` per approach; sorted by (ts, first appearance of the approach).
 *
 * @example summarizeTruth(chunk.truth, 15) // one row per approach per quarter hour
 */
export function summarizeTruth(minutes: readonly GroundTruthMinute[], binMinutes = 15): TruthSummary[] {
  const binMs = binMinutes * 60_000;
  const rows = new Map<string, TruthSummary>();
  for (const m of minutes) {
    const ts = Math.floor(m.ts / binMs) * binMs;
    const key = `${ts}|${m.approachId}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        intersectionId: m.intersectionId,
        approachId: m.approachId,
        ts,
        binMinutes,
        minutes: 0,
        arrivals: 0,
        departures: 0,
        totalDelayS: 0,
        meanDelayS: null,
        maxQueueVeh: 0,
        maxQueueM: 0,
        arrivalsOnGreen: 0,
        aogShare: null,
        spillbackMinutes: 0,
      };
      rows.set(key, row);
    }
    row.minutes++;
    row.arrivals += m.arrivals;
    row.departures += m.departures;
    row.totalDelayS += m.totalDelayS;
    row.maxQueueVeh = Math.max(row.maxQueueVeh, m.maxQueueVeh);
    row.maxQueueM = Math.max(row.maxQueueM, m.maxQueueM);
    row.arrivalsOnGreen += m.arrivalsOnGreen;
    if (m.spillback) row.spillbackMinutes++;
  }
  const out = [...rows.values()];
  for (const row of out) {
    row.totalDelayS = Math.round(row.totalDelayS * 1000) / 1000;
    row.meanDelayS = row.departures > 0 ? row.totalDelayS / row.departures : null;
    row.aogShare = row.arrivals > 0 ? row.arrivalsOnGreen / row.arrivals : null;
  }
  return out.sort((a, b) => a.ts - b.ts);
}

/**
 * Network mean control delay per stop-line crossing, s (0 without departures).
 *
 * @example networkMeanDelayS(chunk.truth) // e.g. 31.4
 */
export function networkMeanDelayS(minutes: readonly GroundTruthMinute[]): number {
  let delay = 0;
  let departures = 0;
  for (const m of minutes) {
    delay += m.totalDelayS;
    departures += m.departures;
  }
  return departures > 0 ? delay / departures : 0;
}
