/**
 * What arriving vehicles are: when the next one comes, how long it is, which way it turns.
 */
import type { ApproachState, MovementState } from './model.js';
import type { RandomStream } from './rng.js';

/** Arrival processes give up looking this far ahead (an approach whose demand is zero for two days). */
const HORIZON_MINUTES = 2 * 1440;

/**
 * Time of the next arrival of a non-homogeneous Poisson process whose rate is constant within
 * each epoch minute: `work` (a unit-mean exponential draw; exactly 1 for evenly spaced
 * arrivals) is spent against the rate until it is used up. Integer epoch ms, or +Infinity.
 *
 * @example
 * // 360 veh/h = 0.1 veh/s: one unit of work lasts 10 s.
 * nextArrivalTime(0, 1, () => 360) // 10000
 */
export function nextArrivalTime(from: number, work: number, rateVphAt: (ts: number) => number): number {
  let remaining = work;
  let t = from;
  for (let minutes = 0; minutes < HORIZON_MINUTES; minutes++) {
    const minuteEnd = (Math.floor(t / 60_000) + 1) * 60_000;
    const perMs = rateVphAt(t) / 3_600_000;
    if (perMs > 0) {
      const needMs = remaining / perMs;
      if (t + needMs < minuteEnd) return Math.max(from, Math.round(t + needMs));
      remaining -= (minuteEnd - t) * perMs;
    }
    t = minuteEnd;
  }
  return Infinity;
}

/**
 * Vehicle length mix: 82 % cars (4–5 m), 12 % vans and minibuses (5.5–8 m), 6 % buses and
 * trucks (10–12 m), a typical urban arterial mix.
 *
 * @example drawVehicleLengthM(randomStream(1, 'x')) // e.g. 4.37
 */
export function drawVehicleLengthM(stream: RandomStream): number {
  const u = stream.next();
  if (u < 0.82) return stream.between(4.0, 5.0);
  if (u < 0.94) return stream.between(5.5, 8.0);
  return stream.between(10.0, 12.0);
}

/**
 * A movement of the approach, drawn by the movements' shares of its demand.
 *
 * @example drawMovement(approach, approach.routing).type // 'T' about 70 % of the time
 */
export function drawMovement(approach: ApproachState, stream: RandomStream): MovementState {
  let u = stream.next();
  for (const movement of approach.movements) {
    u -= movement.share;
    if (u < 0) return movement;
  }
  return approach.movements.at(-1) as MovementState;
}
