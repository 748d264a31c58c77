/**
 * Volume (DESIGN §6): detector on-events (82) per lane per bin, as veh/h. Each lane is
 * counted at one detector — a count detector where there is one (its events, or its
 * aggregated samples), else the advance detector, else the stop-bar detector — so a
 * vehicle crossing two zones counts once.
 *
 * A stop-bar presence zone is a poor counter: a queue discharging over it keeps it
 * occupied, so one activation covers many vehicles (in the simulator, on-events alone
 * miss about a fifth of stop-bar lanes' traffic). `stopbarVehicles` counts such an
 * activation as the vehicles a lane discharges in its occupied green time: saturation
 * headway 3600 / s, less the start-up lost time when the queue stood there at green start
 * (HCM 2000 Ch. 16: l1 ≈ 2 s; discharge continues e ≈ 2 s into yellow).
 */
import type { Detector, DetectorKind } from '../../../geo/network/network.schema.js';
import { EventCode } from '../../contracts/records.js';
import type { TimeInterval } from './occupancy.js';
import type { PhaseEvent } from './phase-intervals.js';

const COUNTING_PREFERENCE: readonly DetectorKind[] = ['count', 'advance', 'stopbar'];

/**
 * The detector that counts each lane: count, else advance, else stop-bar (speed detectors never count).
 *
 * @example countingDetectors(approach.detectors) // Map { 1 → stop-bar ch 1, 2 → advance ch 6, ... }
 */
export function countingDetectors(detectors: readonly Detector[]): Map<number, Detector> {
  const byLane = new Map<number, Detector>();
  for (const kind of COUNTING_PREFERENCE) {
    for (const detector of detectors) {
      if (detector.kind === kind && !byLane.has(detector.lane)) byLane.set(detector.lane, detector);
    }
  }
  return byLane;
}

/**
 * Vehicles in a bin expressed as an hourly flow.
 *
 * @example flowVph(25, 300) // 300 veh/h
 */
export function flowVph(vehicles: number, binS: number): number {
  return binS > 0 ? (vehicles * 3600) / binS : 0;
}

/**
 * On-events per bin for a set of channels: bins of `binS` from `from` (epoch ms) up to `to`.
 *
 * @example countVolume(events, new Set([1, 2]), 0, 120_000, 60) // [count in 0–60 s, count in 60–120 s]
 */
export function countVolume(events: readonly PhaseEvent[], channels: ReadonlySet<number>, from: number, to: number, binS: number): number[] {
  const binMs = binS * 1000;
  const counts = new Array<number>(Math.max(0, Math.ceil((to - from) / binMs))).fill(0);
  for (const event of events) {
    if (event.code !== EventCode.DETECTOR_ON || !channels.has(event.param) || event.ts < from || event.ts >= to) continue;
    const bin = Math.floor((event.ts - from) / binMs);
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return counts;
}

export interface StopbarCountOptions {
  satFlowVphpl: number;
  /** Start-up lost time of a standing queue, s (HCM l1, default 2). */
  startupLostS?: number;
}

/**
 * Vehicles behind one stop-bar activation: at least one; when it overlaps the discharge
 * intervals of its phase (green plus the extension of effective green into yellow), the
 * vehicles a lane discharges at saturation flow in that overlap.
 *
 * @param activation  the occupancy [on, off), epoch ms
 * @param discharges  the phase's discharge intervals [green start, yellow start + e), epoch ms
 * @example
 * // queue on the zone from 50 s, green 60–102 s, off at 80 s: (20 s − 2 s lost) / 2 s = 9 vehicles
 * stopbarVehicles({ start: 50_000, end: 80_000 }, [{ start: 60_000, end: 102_000 }], { satFlowVphpl: 1800 }) // 9
 */
export function stopbarVehicles(activation: TimeInterval, discharges: readonly TimeInterval[], options: StopbarCountOptions): number {
  const { satFlowVphpl, startupLostS = 2 } = options;
  const headwayMs = 3_600_000 / satFlowVphpl;
  let dischargeMs = 0;
  for (const d of discharges) {
    const overlap = Math.min(activation.end, d.end) - Math.max(activation.start, d.start);
    if (overlap <= 0) continue;
    dischargeMs += activation.start < d.start ? Math.max(0, overlap - startupLostS * 1000) : overlap;
  }
  return Math.max(1, Math.round(dischargeMs / headwayMs));
}
