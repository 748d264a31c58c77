/**
 * The shortest split a phase may get: its minimum green or its pedestrian time,
 * whichever is longer, plus its yellow and all-red.
 *
 * Pedestrian rule (explicit, conservative by default): the walk and the pedestrian
 * clearance (flashing green in China, flashing DON'T WALK in the US) both end no later
 * than the start of the vehicle yellow, so green ≥ walk + clearance. This is the common
 * controller setting in China and the US. MUTCD 2009 §4E.06 also allows the clearance to
 * run on into the yellow + all-red "buffer"; `pedClearanceIntoChangeInterval: true`
 * applies that rule instead (green ≥ walk + clearance − yellow − all-red).
 */
import type { PhaseTiming } from '../../../geo/network/network.schema.js';

export interface PhaseMinimumOptions {
  /** Let the pedestrian clearance overlap the vehicle yellow and all-red (MUTCD buffer rule). Default false. */
  pedClearanceIntoChangeInterval?: boolean;
}

/** What sets a phase's minimum. */
export type MinimumSource = 'min-green' | 'pedestrian';

export interface PhaseMinimum {
  phase: number;
  /** Shortest green, s. */
  greenS: number;
  /** Shortest whole-second split, s: ⌈green + yellow + all-red⌉ (controllers take whole seconds). */
  splitS: number;
  /** Which requirement set `greenS` (pedestrian when it is strictly longer than the min green). */
  source: MinimumSource;
}

/**
 * Green pedestrians need in a phase, s (0 when the phase has no pedestrian timing).
 *
 * @example pedestrianGreenS({ pedWalkS: 8, pedClearS: 20, yellowS: 3, allRedS: 2 }) // 28
 * @example pedestrianGreenS({ pedWalkS: 8, pedClearS: 20, yellowS: 3, allRedS: 2 }, { pedClearanceIntoChangeInterval: true }) // 23
 */
export function pedestrianGreenS(
  timing: Pick<PhaseTiming, 'pedWalkS' | 'pedClearS' | 'yellowS' | 'allRedS'>,
  options: PhaseMinimumOptions = {},
): number {
  const walkAndClear = (timing.pedWalkS ?? 0) + (timing.pedClearS ?? 0);
  if (walkAndClear === 0) return 0;
  const overlap = options.pedClearanceIntoChangeInterval ? Math.min(timing.pedClearS ?? 0, timing.yellowS + timing.allRedS) : 0;
  return walkAndClear - overlap;
}

/**
 * Minimum green and split of a phase.
 *
 * @example phaseMinimum({ phase: 2, minGreenS: 15, pedWalkS: 8, pedClearS: 20, yellowS: 3, allRedS: 3, splitS: 50 })
 * // { phase: 2, greenS: 28, splitS: 34, source: 'pedestrian' }
 */
export function phaseMinimum(timing: PhaseTiming, options: PhaseMinimumOptions = {}): PhaseMinimum {
  const pedestrian = pedestrianGreenS(timing, options);
  const source: MinimumSource = pedestrian > timing.minGreenS ? 'pedestrian' : 'min-green';
  const greenS = Math.max(timing.minGreenS, pedestrian);
  // A hair of tolerance so 3.1 + 1.9 + 25 does not round up to 31 through floating error.
  const splitS = Math.ceil(greenS + timing.yellowS + timing.allRedS - 1e-9);
  return { phase: timing.phase, greenS, splitS, source };
}
