/**
 * Traffic demand of a network: how many vehicles want each movement of each approach.
 *
 * Demand is sized from the intersection's own (shipped) plan, the way a synthetic test bed is
 * calibrated: each movement's AM-peak flow is a target degree of saturation X (by road class
 * and movement type, e.g. 0.76 for an arterial through) times its capacity s·N·g/C under the
 * network's plan, times a seeded per-approach variation (±10 %). Hotspots (movements a legacy
 * plan serves badly, or quiet legs) set their X explicitly — see `tianjin-central.ts`. Demand
 * never depends on the plans a run is given, so a proposed plan is evaluated against the same demand.
 *
 * Flows must be consistent: what a link receives from the upstream intersection (the movements
 * leading there) cannot exceed what its approach passes. Where the targets disagree (three
 * upstream movements feeding one approach sized for less), the feeding movements are scaled
 * down until every approach receives at most its own flow (flows only decrease, so this
 * converges); hotspot movements keep their flow and the others give way (an approach fed by
 * more hotspot flow than it passes grows instead). The rest of each approach's flow comes from
 * outside the network or mid-block (parking, side streets): the "supplement".
 */
import { satFlowVphpl } from '../../geo/network/lanes.js';
import { bearingDifferenceDeg } from '../../geo/geometry.js';
import type { Network, ResolvedApproach, ResolvedIntersection } from '../../geo/network/load-network.js';
import type { CompassDirection, MovementType, RoadClass } from '../../geo/network/network.schema.js';
import { randomStream } from '../sim/rng.js';
import { routingTable } from '../sim/routing.js';
import type { DemandLevel } from './profiles.js';

/** Target degree of saturation in the AM peak under the shipped plan, by road class and movement. */
export const TARGET_X: Record<RoadClass, Record<MovementType, number>> = {
  expressway: { T: 0.8, L: 0.72, R: 0.6, U: 0.5 },
  arterial: { T: 0.76, L: 0.7, R: 0.58, U: 0.5 },
  collector: { T: 0.68, L: 0.62, R: 0.55, U: 0.45 },
  local: { T: 0.55, L: 0.5, R: 0.5, U: 0.4 },
};

/** Explicit target X per approach id and movement (hotspots, quiet legs); not varied, never scaled down. */
export type DemandOverrides = Readonly<Record<string, Partial<Record<MovementType, number>>>>;

export interface MovementDemand {
  type: MovementType;
  phase: number;
  /** Capacity under the network's plan, veh/h. */
  capacityVph: number;
  /** Wanted AM-peak flow: target X × capacity, veh/h. */
  targetVph: number;
  /** AM-peak flow after making the network's flows consistent, veh/h. */
  flowVph: number;
  /** Set by an override: kept when flows are balanced. */
  fixed: boolean;
}

export interface ApproachDemand {
  approachId: string;
  intersectionId: string;
  /** In the order of the approach's `movements`. */
  movements: MovementDemand[];
  /** AM-peak arrivals, veh/h (sum of the movements' flows). */
  flowVph: number;
  /** Of those, arrivals from upstream intersections, veh/h. */
  feedVph: number;
  /** Of those, arrivals from outside the network or mid-block, veh/h. */
  supplementVph: number;
  /** +1 when the approach travels along its corridor's main direction, −1 against it, 0 otherwise. */
  corridorSense: number;
}

export interface DemandOptions {
  seed: number;
  overrides?: DemandOverrides;
  /** Half-width of the seeded per-approach variation (default 0.1: ±10 %). */
  variation?: number;
}

const COMPASS_BEARING: Record<CompassDirection, number> = { N: 0, NE: 45, E: 90, SE: 135, S: 180, SW: 225, W: 270, NW: 315 };

/** Share of the tidal swing: in the morning the main direction carries 10 % more, the other 10 % less. */
export const TIDAL_AMPLITUDE = 0.1;

function greenS(intersection: ResolvedIntersection, phase: number): number {
  const timing = intersection.plan.phases.find((p) => p.phase === phase);
  return timing ? Math.max(0, timing.splitS - timing.yellowS - timing.allRedS) : 0;
}

function corridorSense(network: Network, intersection: ResolvedIntersection, approach: ResolvedApproach): number {
  for (const corridor of network.corridors) {
    if (!corridor.intersections.includes(intersection.id)) continue;
    const difference = bearingDifferenceDeg(approach.bearingDeg, COMPASS_BEARING[corridor.direction]);
    if (difference <= 45) return 1;
    if (difference >= 135) return -1;
  }
  return 0;
}

/**
 * The demand of every approach, by approach id.
 *
 * @example buildDemand(network, { seed: 7 }).get('A-W')?.flowVph // ≈ 1,200 veh/h
 */
export function buildDemand(network: Network, options: DemandOptions): Map<string, ApproachDemand> {
  const { seed, overrides = {}, variation = 0.1 } = options;
  const demand = new Map<string, ApproachDemand>();
  for (const intersection of network.intersections) {
    for (const approach of intersection.approaches) {
      const spread = randomStream(seed, `variation:${approach.id}`).between(1 - variation, 1 + variation);
      const movements = approach.movements.map((movement): MovementDemand => {
        const capacityVph = (satFlowVphpl(movement) * movement.lanes * greenS(intersection, movement.phase)) / intersection.plan.cycleS;
        const override = overrides[approach.id]?.[movement.type];
        const x = override ?? TARGET_X[approach.roadClass][movement.type] * spread;
        return { type: movement.type, phase: movement.phase, capacityVph, targetVph: x * capacityVph, flowVph: x * capacityVph, fixed: override !== undefined };
      });
      demand.set(approach.id, {
        approachId: approach.id,
        intersectionId: intersection.id,
        movements,
        flowVph: 0,
        feedVph: 0,
        supplementVph: 0,
        corridorSense: corridorSense(network, intersection, approach),
      });
    }
  }
  balanceFlows(network, demand);
  return demand;
}

/** Scales feeding movements down until no approach receives more than it passes; sets feeds and supplements. */
function balanceFlows(network: Network, demand: Map<string, ApproachDemand>): void {
  const routes = routingTable(network);
  const feeders = new Map<string, MovementDemand[]>();
  for (const [id, d] of demand) {
    for (const m of d.movements) {
      const to = routes.get(id)?.get(m.type);
      if (to) feeders.set(to, [...(feeders.get(to) ?? []), m]);
    }
  }
  const out = (d: ApproachDemand) => d.movements.reduce((s, m) => s + m.flowVph, 0);
  const inflow = (id: string) => (feeders.get(id) ?? []).reduce((s, m) => s + m.flowVph, 0);
  for (let round = 0; round < 1000; round++) {
    let scaled = false;
    for (const [id, d] of demand) {
      const received = inflow(id);
      const passed = out(d);
      if (received > passed * (1 + 1e-9)) {
        const feeding = feeders.get(id) ?? [];
        const fixedIn = feeding.filter((m) => m.fixed).reduce((s, m) => s + m.flowVph, 0);
        const flexible = received - fixedIn;
        if (fixedIn < passed) {
          for (const m of feeding) if (!m.fixed) m.flowVph *= (passed - fixedIn) / flexible;
        } else {
          for (const m of feeding) if (!m.fixed) m.flowVph = 0;
          const growth = fixedIn / passed;
          for (const m of d.movements) if (!m.fixed) m.flowVph *= growth;
        }
        scaled = true;
      }
    }
    if (!scaled) break;
  }
  for (const [id, d] of demand) {
    d.flowVph = out(d);
    d.feedVph = Math.min(d.flowVph, inflow(id));
    d.supplementVph = d.flowVph - d.feedVph;
  }
}

/**
 * Supplement (boundary + mid-block) arrival rate of an approach at a demand level, veh/h.
 *
 * @example supplementRateVph(demand, { level: 1, tidal: 1 }, 1) // the AM-peak supplement, +10 % in the main direction
 */
export function supplementRateVph(approach: ApproachDemand, level: DemandLevel, fluctuation: number): number {
  return approach.supplementVph * level.level * (1 + TIDAL_AMPLITUDE * level.tidal * approach.corridorSense) * fluctuation;
}
