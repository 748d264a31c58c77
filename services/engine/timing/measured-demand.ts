/**
 * Optimiser demand from measured movement sums (DESIGN §8: "flow ratios y = v/s per movement
 * from the last 15 minutes"): the engine's additive per-movement minute records, summed over
 * the window, become one `MovementDemand` per movement — flow from the counted vehicles, the
 * platoon ratio from the advance-detector arrivals where there are enough of them. The network
 * says which phase, lanes and saturation flow serve each movement.
 *
 * A suggestion is only as good as its counts, so the window must be nearly complete; otherwise
 * there is no demand and the reason says why. Movements the engine marked degraded (a feeding
 * detector excluded as faulty) are listed with the demand, not refused by default: the engine
 * counts such a movement from its remaining detectors, and on congested approaches its watchdog
 * flags advance loops that a standing queue keeps occupied — exactly where a retiming matters
 * (in the simulator's AM peak their counts stayed within 3 % of the truth). `rejectDegraded`
 * makes them block the demand instead.
 */
import type { Approach, MovementType } from '../../../geo/network/network.schema.js';
import type { MovementDemand } from './demand.js';
import { movementDemands } from './demand-from-network.js';

/** One movement's sums over the window (what `movement_minutes` adds up to). */
export interface MovementWindowSums {
  approachId: string;
  movement: MovementType;
  /** Minutes of the window with a record. */
  minutes: number;
  /** Of those, minutes marked degraded (a feeding detector excluded as faulty). */
  degradedMinutes: number;
  volumeVeh: number;
  arrivals: number;
  arrivalsOnGreen: number;
  /** Displayed green of the movement's phase within those minutes, s. */
  greenS: number;
}

export interface MeasuredDemandOptions {
  /** Share of the window's minutes that must have records, 0–1 (default 0.8: 12 of 15). */
  minCoverage?: number;
  /** Share of a movement's minutes above which it is listed as degraded, 0–1 (default 0.2). */
  maxDegradedShare?: number;
  /** Refuse the demand when a movement is degraded (default false: list it and go on). */
  rejectDegraded?: boolean;
  /** Arrivals needed before a platoon ratio is trusted (default 20: about a dozen cycles' worth). */
  minArrivalsForPlatoonRatio?: number;
}

export interface DemandQuality {
  windowMinutes: number;
  /** Minutes with records (the best-covered movement). */
  coveredMinutes: number;
  /** `approach/movement` of network movements with no record in the window (left out of the demand). */
  missingMovements: string[];
  /** `approach/movement` with too many degraded minutes. */
  degradedMovements: string[];
}

export type MeasuredDemand =
  | { ok: true; demands: MovementDemand[]; quality: DemandQuality }
  | { ok: false; reason: 'no-data' | 'incomplete' | 'degraded'; quality: DemandQuality };

/**
 * @example
 * // 15 minutes, TJ01-W through: 180 vehicles → 720 veh/h; 150 arrivals, 90 on green, green 420 s of 900:
 * // Rp = (90/150) / (420/900) = 1.29
 * measuredDemand(tj01, sums, 15).demands // [{ approachId: 'TJ01-W', movement: 'T', flowVph: 720, platoonRatio: 1.286, ... }, ...]
 */
export function measuredDemand(
  intersection: { approaches: readonly Approach[] },
  sums: readonly MovementWindowSums[],
  windowMinutes: number,
  options: MeasuredDemandOptions = {},
): MeasuredDemand {
  const { minCoverage = 0.8, maxDegradedShare = 0.2, minArrivalsForPlatoonRatio = 20, rejectDegraded = false } = options;
  const byKey = new Map(sums.map((s) => [`${s.approachId}/${s.movement}`, s]));
  const networkKeys = intersection.approaches.flatMap((a) => a.movements.map((m) => `${a.id}/${m.type}`));
  const coveredMinutes = Math.max(0, ...sums.map((s) => s.minutes));
  const quality: DemandQuality = {
    windowMinutes,
    coveredMinutes,
    missingMovements: networkKeys.filter((k) => !(byKey.get(k)?.minutes)),
    degradedMovements: networkKeys.filter((k) => {
      const s = byKey.get(k);
      return s !== undefined && s.minutes > 0 && s.degradedMinutes / s.minutes > maxDegradedShare;
    }),
  };
  if (coveredMinutes === 0 || quality.missingMovements.length === networkKeys.length) return { ok: false, reason: 'no-data', quality };
  if (coveredMinutes < minCoverage * windowMinutes) return { ok: false, reason: 'incomplete', quality };
  if (rejectDegraded && quality.degradedMovements.length > 0) return { ok: false, reason: 'degraded', quality };

  const demands = movementDemands(intersection, (approach, movement) => {
    const s = byKey.get(`${approach.id}/${movement}`);
    // A rate over the minutes actually measured: a missing minute is unknown, not zero.
    return s && s.minutes > 0 ? (s.volumeVeh * 60) / s.minutes : undefined;
  }).map((demand) => {
    const s = byKey.get(`${demand.approachId}/${demand.movement}`) as MovementWindowSums;
    const greenShare = s.greenS / (s.minutes * 60);
    if (s.arrivals < minArrivalsForPlatoonRatio || !(greenShare > 0)) return demand;
    // DESIGN §6: Rp = %AoG ÷ (green / cycle).
    return { ...demand, platoonRatio: s.arrivalsOnGreen / s.arrivals / greenShare };
  });
  return { ok: true, demands, quality };
}
