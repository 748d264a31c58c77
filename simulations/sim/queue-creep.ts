/**
 * How a standing queue moves up, for the detectors upstream of the stop line.
 *
 * The queue model (`traffic.ts`) is a point queue: a vehicle's place is decided when it
 * joins, and it crosses when the stop line serves it. Between the two, a real queue moves
 * up one place each time a vehicle ahead leaves: the start-up wave reaches the n-th waiting
 * vehicle about a second per place later, and it rolls forward one jam spacing. Loops far
 * upstream (advance, count, speed detectors) see exactly that: a queue over the loop
 * switches it off and on as the vehicles move up, and holds it on only while nothing moves.
 * Zones near the stop line keep the point-queue trajectory of `trajectory.ts` (the stop
 * bar sees the discharge itself).
 */

/** Zones at least this far upstream are crossed by the creeping queue (stop-bar zones are closer). */
export const CREEP_MIN_DISTANCE_M = 20;
/** Start-up wave: the n-th waiting vehicle starts moving about n seconds after the departure (HCM ≈ 1 s per vehicle). */
export const START_UP_WAVE_MS_PER_PLACE = 1000;

/** One move up of a waiting vehicle: from `fromM` to `toM` (m upstream of the stop line), at a constant pace. */
export interface CreepStep {
  fromM: number;
  toM: number;
  startAt: number;
  durationMs: number;
}

/**
 * When, during a step, the vehicle's front reaches `positionM` (which lies within the step).
 *
 * @example frontAt({ fromM: 70, toM: 63, startAt: 1000, durationMs: 2000 }, 66.5) // 2000
 */
export function frontAt(step: CreepStep, positionM: number): number {
  const travelled = (step.fromM - positionM) / (step.fromM - step.toM);
  return step.startAt + Math.min(1, Math.max(0, travelled)) * step.durationMs;
}

/** A zone's edges as the creep sees them: the front enters at `onAtM`, the rear leaves at `offAtM` (front position). */
export interface CreepZoneEdges {
  onAtM: number;
  offAtM: number;
}

/**
 * What one step does to a zone: the time the front enters it (when it had not yet) and the
 * time the rear leaves it (when it does within the step). Times are whole milliseconds.
 *
 * @example creepOverZone({ fromM: 77, toM: 70, startAt: 0, durationMs: 2000 }, { onAtM: 72, offAtM: 65.5 }, false) // { onAt: 1429, offAt: undefined }
 */
export function creepOverZone(step: CreepStep, edges: CreepZoneEdges, entered: boolean): { onAt: number | undefined; offAt: number | undefined } {
  const onAt = !entered && step.toM <= edges.onAtM ? Math.round(frontAt(step, edges.onAtM)) : undefined;
  const inside = entered || onAt !== undefined;
  const offAt = inside && step.toM <= edges.offAtM ? Math.round(frontAt(step, edges.offAtM)) : undefined;
  return { onAt, offAt };
}
