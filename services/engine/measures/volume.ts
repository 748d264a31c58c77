/**
 * Volume (DESIGN §6): detector on-events (82) per lane per bin, as veh/h. Each lane is
 * counted at one detector — a count detector where there is one, else the advance
 * detector, else the stop-bar detector — so a vehicle crossing two zones counts once.
 */
import type { Detector, DetectorKind } from '../../../geo/network/network.schema.js';
import { EventCode } from '../../contracts/records.js';
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
