/**
 * The movement sums as stored (`movement_minutes` and its 15-minute and hourly roll-ups):
 * one snake_case column per field of `MovementSums`, read back in one place.
 */
import type { MovementSums } from '../../contracts/measures.js';

/** The columns every movement-sums row carries. */
export interface MovementSumsColumns {
  volume_veh: number;
  arrivals: number;
  arrivals_on_green: number;
  arrivals_on_red: number;
  arrivals_on_yellow: number;
  red_arrival_wait_s: number;
  green_s: number;
  cycles: number;
  cycle_s: number;
  cycle_effective_green_s: number;
  split_failures: number;
  queue_veh_sum: number;
  spillback_cycles: number;
}

/**
 * @example movementSumsOf(row).arrivalsOnGreen // row.arrivals_on_green
 */
export function movementSumsOf(r: MovementSumsColumns): MovementSums {
  return {
    volumeVeh: r.volume_veh,
    arrivals: r.arrivals,
    arrivalsOnGreen: r.arrivals_on_green,
    arrivalsOnRed: r.arrivals_on_red,
    arrivalsOnYellow: r.arrivals_on_yellow,
    redArrivalWaitS: r.red_arrival_wait_s,
    greenS: r.green_s,
    cycles: r.cycles,
    cycleS: r.cycle_s,
    cycleEffectiveGreenS: r.cycle_effective_green_s,
    splitFailures: r.split_failures,
    queueVehSum: r.queue_veh_sum,
    spillbackCycles: r.spillback_cycles,
  };
}
