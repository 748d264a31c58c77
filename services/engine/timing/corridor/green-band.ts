/**
 * Offsets for a corridor green band (DESIGN §8).
 *
 * One way (the main direction): the through green of intersection i starts when the band
 * leaving the first intersection arrives — offset_i = (travel time from the first
 * intersection) mod C, corrected for where the main phase sits relative to the offset
 * reference phase at each end: o_i = o_0 + a_0 − a_i + x_i / v (mod c_i), a = green start of
 * the main phase after the reference phase. This gives the widest possible one-way band
 * (the narrowest main green). Offsets are rounded to whole seconds (controllers take
 * integers), so the band may lose up to a second to rounding.
 *
 * Two way: maximise w_out · b_out + w_in · b_in over whole-second offsets of every
 * intersection but the first (whose offset stays, so the corridor does not drift against
 * its neighbours). Exhaustive grid search when the grid is small enough (three intersections
 * at C = 140 s: 19,600 points), otherwise coordinate search — every second of one intersection's offset, and of
 * that intersection shifted together with all downstream of it, repeated until nothing
 * improves — started from the outbound and from the inbound one-way solutions. Ties keep the offsets closest to the one-way solution,
 * so an unweighted trade-off never moves the main band for nothing. Deterministic.
 */
import { bandDirections, bandFor, travelTimeS, type Band, type BandNode } from './bandwidth.js';
import { mod } from './phase-timeline.js';

export interface BandWeights {
  outbound: number;
  inbound: number;
}

export interface OffsetSearchOptions {
  /** Search for a two-way band (default true; needs an inbound phase at every intersection). */
  twoWay?: boolean;
  /** Weights of the directional bandwidths (default outbound 2, inbound 1: the main direction counts double). */
  weights?: BandWeights;
  /** Largest grid searched exhaustively (default 50,000 offset combinations: three intersections up to C = 220 s). */
  exhaustiveLimit?: number;
  /** Coordinate-search passes at most (default 50). */
  maxPasses?: number;
}

export type OffsetMethod = 'one-way' | 'two-way-exhaustive' | 'two-way-coordinate';

export interface OffsetSolution {
  /** Offset per intersection, whole seconds in [0, node cycle). */
  offsetsS: number[];
  outbound: Band;
  inbound: Band | null;
  method: OffsetMethod;
  /** w_out · b_out + w_in · b_in, s. */
  objective: number;
}

/**
 * Offsets that start each main-direction green as the band arrives (first offset kept).
 *
 * @example
 * // three intersections at 0, 400, 900 m, 40 km/h, phase 2 coordinated everywhere, C = 100, o_0 = 0:
 * oneWayOffsets(nodes, 40) // [0, 36, 81]  (36.0 s and 81.0 s of travel)
 */
export function oneWayOffsets(nodes: readonly BandNode[], speedKmh: number): number[] {
  const first = nodes[0];
  if (!first) return [];
  return nodes.map((node, i) =>
    i === 0 ? first.offsetS : mod(Math.round(first.offsetS + first.outbound.startS - node.outbound.startS + travelTimeS(node.distanceM, speedKmh)), node.cycleS),
  );
}

/**
 * Offsets that give the inbound direction the one-way band (first offset kept); null when an
 * intersection has no inbound phase.
 *
 * @example inboundOffsets(nodes, 40) // [0, 64, 19]
 */
export function inboundOffsets(nodes: readonly BandNode[], speedKmh: number): number[] | null {
  const first = nodes[0];
  if (!first?.inbound || nodes.some((n) => !n.inbound)) return null;
  const firstStart = first.inbound.startS;
  return nodes.map((node, i) =>
    i === 0
      ? first.offsetS
      : mod(Math.round(first.offsetS + firstStart - (node.inbound?.startS ?? 0) - travelTimeS(node.distanceM, speedKmh)), node.cycleS),
  );
}

/**
 * Best offsets for the corridor.
 *
 * @example searchOffsets(nodes, 100, 40).outbound.widthS // 40
 */
export function searchOffsets(nodes: readonly BandNode[], cycleS: number, speedKmh: number, options: OffsetSearchOptions = {}): OffsetSolution {
  const { twoWay = true, weights = { outbound: 2, inbound: 1 }, exhaustiveLimit = 50_000, maxPasses = 50 } = options;
  const directions = bandDirections(nodes, speedKmh);
  const evaluate = (offsetsS: readonly number[]) => {
    const outbound = bandFor(directions.outbound, offsetsS, cycleS);
    const inbound = directions.inbound ? bandFor(directions.inbound, offsetsS, cycleS) : null;
    return { outbound, inbound, objective: weights.outbound * outbound.widthS + weights.inbound * (inbound?.widthS ?? 0) };
  };
  const oneWay = oneWayOffsets(nodes, speedKmh);
  const oneWayResult = { offsetsS: oneWay, ...evaluate(oneWay), method: 'one-way' as const };
  const inboundStart = inboundOffsets(nodes, speedKmh);
  if (!twoWay || !inboundStart || nodes.length < 2) return oneWayResult;

  const deviation = (offsetsS: readonly number[]) =>
    offsetsS.reduce((sum, o, i) => {
      const c = (nodes[i] as BandNode).cycleS;
      const d = mod(o - (oneWay[i] as number), c);
      return sum + Math.min(d, c - d);
    }, 0);
  const better = (a: { objective: number; offsetsS: readonly number[] }, b: { objective: number; offsetsS: readonly number[] }) =>
    a.objective > b.objective + 1e-9 || (Math.abs(a.objective - b.objective) <= 1e-9 && deviation(a.offsetsS) < deviation(b.offsetsS));

  const gridSize = nodes.slice(1).reduce((product, n) => product * n.cycleS, 1);
  if (gridSize <= exhaustiveLimit) {
    let best: OffsetSolution = oneWayResult;
    let bestDeviation = 0;
    const offsets = nodes.map((n, i) => (i === 0 ? n.offsetS : 0));
    for (;;) {
      const trial = evaluate(offsets);
      if (trial.objective > best.objective - 1e-9) {
        const trialDeviation = deviation(offsets);
        if (trial.objective > best.objective + 1e-9 || trialDeviation < bestDeviation) {
          best = { offsetsS: [...offsets], ...trial, method: 'two-way-exhaustive' };
          bestDeviation = trialDeviation;
        }
      }
      let k = 1;
      while (k < nodes.length && (offsets[k] as number) + 1 >= (nodes[k] as BandNode).cycleS) offsets[k++] = 0;
      if (k >= nodes.length) break;
      (offsets[k] as number)++;
    }
    return best;
  }

  let best: OffsetSolution = oneWayResult;
  for (const start of [oneWay, inboundStart]) {
    const offsets = [...start];
    let current = evaluate(offsets);
    for (let pass = 0; pass < maxPasses; pass++) {
      let changed = false;
      for (let i = 1; i < nodes.length; i++) {
        // Two kinds of move: intersection i alone, and i with everything downstream of it shifted together
        // (keeps the downstream band intact while the block slides against the upstream part).
        for (const block of [false, true]) {
          if (block && i === nodes.length - 1) continue;
          const kept = [...offsets];
          let bestShift = 0;
          for (let shift = 1; shift < (nodes[i] as BandNode).cycleS; shift++) {
            for (let j = i; j < (block ? nodes.length : i + 1); j++) offsets[j] = mod((kept[j] as number) + shift, (nodes[j] as BandNode).cycleS);
            const trial = evaluate(offsets);
            if (trial.objective > current.objective + 1e-9) {
              current = trial;
              bestShift = shift;
            }
          }
          for (let j = i; j < (block ? nodes.length : i + 1); j++) offsets[j] = mod((kept[j] as number) + bestShift, (nodes[j] as BandNode).cycleS);
          if (bestShift !== 0) changed = true;
        }
      }
      if (!changed) break;
    }
    const candidate = { offsetsS: [...offsets], ...current };
    if (better(candidate, best)) best = { ...candidate, method: 'two-way-coordinate' };
  }
  return best;
}
