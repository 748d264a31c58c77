/**
 * The optimiser on the 18 showcase intersections of Tianjin's central district with plausible
 * AM-peak-like demand: every intersection — three-leg junctions with a single phase per ring
 * between barriers, six- and eight-phase dual rings, a two-phase plan — gets a valid plan that
 * respects every minimum, and every corridor gets a common cycle and a green band.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { formatNetworkFaults, type Network, type ResolvedIntersection } from '../../../../geo/network/load-network.js';
import { indexNetwork, type NetworkIndex } from '../../../../geo/network/network-index.js';
import { barrierGroups, checkPlan } from '../../../../geo/network/plan-rules.js';
import { readNetworkFile, SHOWCASE_NETWORK_PATH } from '../../../../geo/network/read-network-file.js';
import { corridorGeometry } from '../../../../services/engine/timing/corridor/corridor-geometry.js';
import { corridorMembers, optimiseCorridor } from '../../../../services/engine/timing/corridor/optimise-corridor.js';
import { optimiseIntersection } from '../../../../services/engine/timing/optimise-intersection.js';
import { phaseMinimum } from '../../../../services/engine/timing/phase-minimums.js';
import { showcaseAmDemand } from './timing-fixtures.js';

let network: Network;
let index: NetworkIndex;

beforeAll(async () => {
  const result = await readNetworkFile(SHOWCASE_NETWORK_PATH);
  if (!result.ok) throw new Error(`showcase network has faults:\n${formatNetworkFaults(result.faults)}`);
  network = result.network;
  index = indexNetwork(network);
});

describe('timing optimiser on the showcase network', () => {
  it('proposes a valid plan that respects every minimum at all 18 intersections', () => {
    expect(network.intersections).toHaveLength(18);
    for (const intersection of network.intersections) {
      const s = optimiseIntersection(intersection, showcaseAmDemand(intersection));
      expect(checkPlan(s.proposedPlan), intersection.id).toEqual([]);
      for (const t of s.proposedPlan.phases) {
        expect(Number.isInteger(t.splitS), `${intersection.id} phase ${t.phase}`).toBe(true);
        expect(t.splitS, `${intersection.id} phase ${t.phase}`).toBeGreaterThanOrEqual(phaseMinimum(t).splitS);
      }
      expect(s.cycle.proposedS, intersection.id).toBeGreaterThanOrEqual(60);
      expect(s.cycle.proposedS, intersection.id).toBeLessThanOrEqual(180);
      expect(s.delay.current.delayS, intersection.id).toBeGreaterThan(0);
      // Every proposal that is made carries its reason and the expected effect.
      if (s.decision.propose && s.decision.reason === 'delay-improves') {
        expect(s.delay.proposed.delayS, intersection.id).toBeLessThanOrEqual(0.95 * s.delay.current.delayS);
      }
    }
  });

  it('covers the special layouts: three-leg junctions, six-phase and two-phase plans', () => {
    const byShape = (test: (i: ResolvedIntersection) => boolean) => network.intersections.filter(test).map((i) => i.id);
    const singlePhaseRingGroup = (i: ResolvedIntersection) =>
      (barrierGroups(i.plan) ?? []).some((group) => group.some((ring) => ring.length === 1) && group.some((ring) => ring.length > 1));
    const threeLeg = byShape((i) => i.approaches.length === 3 && singlePhaseRingGroup(i));
    const sixPhase = byShape((i) => i.plan.phases.length === 6);
    const twoPhase = byShape((i) => (barrierGroups(i.plan) ?? []).every((group) => group.every((ring) => ring.length === 1)));
    expect(threeLeg.length).toBeGreaterThan(0);
    expect(sixPhase.length).toBeGreaterThan(0);
    expect(twoPhase.length).toBeGreaterThan(0);
    for (const id of [...threeLeg, ...sixPhase, ...twoPhase]) {
      const intersection = index.intersections.get(id) as ResolvedIntersection;
      const s = optimiseIntersection(intersection, showcaseAmDemand(intersection));
      expect(checkPlan(s.proposedPlan), id).toEqual([]);
      // Ring-barrier structure, phase order and change intervals are kept: only cycle and splits move.
      expect(s.proposedPlan.rings, id).toEqual(intersection.plan.rings);
      expect(s.proposedPlan.barriers, id).toEqual(intersection.plan.barriers);
      expect(s.proposedPlan.phases.map((p) => [p.phase, p.yellowS, p.allRedS]), id).toEqual(intersection.plan.phases.map((p) => [p.phase, p.yellowS, p.allRedS]));
    }
  });

  it('coordinates every corridor with a common cycle and a main-direction band', () => {
    for (const corridor of network.corridors) {
      const geometry = corridorGeometry(corridor, index.intersections);
      if (!geometry.ok) throw new Error(`${corridor.id}: ${formatNetworkFaults(geometry.faults)}`);
      expect(geometry.stops.map((s) => s.intersection.id)).toEqual(corridor.intersections);
      geometry.stops.slice(1).forEach((stop, k) => expect(stop.distanceM, corridor.id).toBeGreaterThan((geometry.stops[k] as { distanceM: number }).distanceM));
      const timing = optimiseCorridor(corridor, corridorMembers(geometry.stops, showcaseAmDemand));
      expect(timing.cycleS, corridor.id).toBe(Math.max(...timing.intersections.map((i) => i.needS)));
      for (const i of timing.intersections) {
        expect(checkPlan(i.proposedPlan), `${corridor.id} ${i.intersectionId}`).toEqual([]);
        expect([timing.cycleS, timing.cycleS / 2]).toContain(i.proposedPlan.cycleS);
      }
      expect(timing.bandwidth.outbound.widthS, corridor.id).toBeGreaterThan(0);
      const objective = (b: { outbound: { widthS: number }; inbound: { widthS: number } | null }) => 2 * b.outbound.widthS + (b.inbound?.widthS ?? 0);
      expect(objective(timing.bandwidth), corridor.id).toBeGreaterThanOrEqual(objective(timing.bandwidth.oneWay) - 1e-9);
      expect(timing.diagram.intersections, corridor.id).toHaveLength(corridor.intersections.length);
    }
  });
});
