/**
 * The default network: the 18 showcase intersections of Tianjin's central district
 * (geo/network/showcase/tianjin-central.json). These checks pin what the rest of
 * the product relies on: it loads cleanly, the corridors are plausible, every
 * phase can be measured (split failure needs stop-bar detection), and the
 * geography is self-consistent.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { arrivalBearingFromSide, bearingDifferenceDeg, distanceM, isInZone } from '../../geo/geometry.js';
import { movementLanes } from '../../geo/network/lanes.js';
import { formatNetworkFaults, type Network } from '../../geo/network/load-network.js';
import { indexNetwork, type NetworkIndex } from '../../geo/network/network-index.js';
import { readNetworkFile, SHOWCASE_NETWORK_PATH } from '../../geo/network/read-network-file.js';

/** How controller notes flag a plan that is deliberately left mistuned (a legacy plan for the optimiser to fix). */
const MISTUNED = /mistuned|配时失调/i;

let network: Network;
let index: NetworkIndex;

beforeAll(async () => {
  const result = await readNetworkFile(SHOWCASE_NETWORK_PATH);
  if (!result.ok) throw new Error(`showcase network has faults:\n${formatNetworkFaults(result.faults)}`);
  network = result.network;
  index = indexNetwork(network);
});

describe('showcase network (Tianjin central district)', () => {
  it('loads with no faults', async () => {
    const result = await readNetworkFile(SHOWCASE_NETWORK_PATH);
    expect(result.ok ? [] : result.faults).toEqual([]);
  });

  it('has exactly the 18 showcase intersections', () => {
    expect(network.intersections).toHaveLength(18);
    expect(index.intersections.size).toBe(18);
  });

  it('has at least three corridors of four or more intersections, 250–1,200 m apart', () => {
    const long = network.corridors.filter((c) => c.intersections.length >= 4);
    expect(long.length).toBeGreaterThanOrEqual(3);
    for (const corridor of network.corridors) {
      corridor.intersections.slice(1).forEach((id, k) => {
        const a = index.intersections.get(corridor.intersections[k] as string)!;
        const b = index.intersections.get(id)!;
        const gap = distanceM([a.lon, a.lat], [b.lon, b.lat]);
        expect(gap, `${corridor.id}: ${a.id} → ${b.id}`).toBeGreaterThanOrEqual(250);
        expect(gap, `${corridor.id}: ${a.id} → ${b.id}`).toBeLessThanOrEqual(1200);
      });
    }
  });

  it('links consecutive corridor intersections both ways through upstream references', () => {
    for (const corridor of network.corridors) {
      corridor.intersections.slice(1).forEach((id, k) => {
        const previous = corridor.intersections[k] as string;
        const upstreamsOf = (x: string) => index.intersections.get(x)!.approaches.map((a) => a.upstreamIntersection);
        expect(upstreamsOf(id), `${corridor.id}: ${id} should list ${previous} upstream`).toContain(previous);
        expect(upstreamsOf(previous), `${corridor.id}: ${previous} should list ${id} upstream`).toContain(id);
      });
    }
  });

  it('runs cycles of 90–160 s', () => {
    for (const intersection of network.intersections) {
      expect(intersection.plan.cycleS, intersection.id).toBeGreaterThanOrEqual(90);
      expect(intersection.plan.cycleS, intersection.id).toBeLessThanOrEqual(160);
    }
  });

  it('places every intersection inside its district polygon', () => {
    for (const intersection of network.intersections) {
      const district = index.districts.get(intersection.district)!;
      expect(isInZone([intersection.lon, intersection.lat], district.polygon), `${intersection.id} in ${district.id}`).toBe(true);
    }
  });

  it('has a stop-bar detector on every lane of every approach', () => {
    for (const { approach } of index.approaches.values()) {
      const lanes = movementLanes(approach).flatMap((m) => m.laneNumbers);
      const covered = new Set(approach.detectors.filter((d) => d.kind === 'stopbar').map((d) => d.lane));
      expect(lanes.filter((lane) => !covered.has(lane)), approach.id).toEqual([]);
    }
  });

  it('has stop-bar detection for every phase that serves a movement (split failure needs it)', () => {
    for (const intersection of network.intersections) {
      const detected = new Set<number>();
      const served = new Set<number>();
      for (const approach of intersection.approaches) {
        const stopBarLanes = new Set(approach.detectors.filter((d) => d.kind === 'stopbar').map((d) => d.lane));
        for (const { movement, laneNumbers } of movementLanes(approach)) {
          served.add(movement.phase);
          if (laneNumbers.some((lane) => stopBarLanes.has(lane))) detected.add(movement.phase);
        }
      }
      expect([...served].filter((phase) => !detected.has(phase)), intersection.id).toEqual([]);
    }
  });

  it('keeps advance detectors inside their link', () => {
    for (const { approach } of index.approaches.values()) {
      for (const detector of approach.detectors.filter((d) => d.kind === 'advance')) {
        expect(detector.distanceM, detector.id).toBeLessThan(approach.linkLengthM ?? Infinity);
      }
    }
  });

  it('gives pedestrian phases room for walk + clearance + yellow + all-red', () => {
    for (const intersection of network.intersections) {
      for (const timing of intersection.plan.phases) {
        const pedS = (timing.pedWalkS ?? 0) + (timing.pedClearS ?? 0);
        if (pedS === 0) continue;
        expect(timing.splitS, `${intersection.plan.id} phase ${timing.phase}`).toBeGreaterThanOrEqual(pedS + timing.yellowS + timing.allRedS);
      }
    }
  });

  it('flags at least three legacy plans as mistuned in the controller notes', () => {
    const flagged = network.intersections.filter((i) => MISTUNED.test(i.controller?.notes ?? ''));
    expect(flagged.length).toBeGreaterThanOrEqual(3);
  });

  it('computes bearings of upstream-linked approaches that agree with their entry side (within 45°)', () => {
    const linked = [...index.approaches.values()].filter(({ approach }) => approach.upstreamIntersection !== undefined);
    expect(linked.length).toBeGreaterThan(0);
    for (const { approach } of linked) {
      const off = bearingDifferenceDeg(approach.bearingDeg, arrivalBearingFromSide(approach.direction));
      expect(off, `${approach.id} bearing ${approach.bearingDeg.toFixed(0)}° from ${approach.direction}`).toBeLessThanOrEqual(45);
    }
  });
});
