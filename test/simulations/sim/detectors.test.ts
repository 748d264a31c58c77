/**
 * Detectors in the simulator: consistent on/off pairs, counts that match the vehicles,
 * occupancy that tells queues apart from free flow, aggregated samples, and injected faults.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Network } from '../../../geo/network/load-network.js';
import type { ControllerEvent } from '../../../services/contracts/records.js';
import { createSimulation } from '../../../simulations/sim/simulation.js';
import type { DetectorFault, SimulationChunk } from '../../../simulations/sim/types.js';
import { AM_PEAK_START, showcaseNetwork, singleApproachNetwork } from './synthetic-networks.js';
import { detectorViolations, of } from './stream-checks.js';

let showcase: Network;
let peak: SimulationChunk;

beforeAll(async () => {
  showcase = await showcaseNetwork();
  peak = createSimulation({ network: showcase, scenario: 'am-peak', seed: 4, startTs: AM_PEAK_START }).runFor(1800);
});

const onsOf = (events: readonly ControllerEvent[], channel: number, from = -Infinity, to = Infinity) =>
  events.filter((e) => e.code === 82 && e.param === channel && e.ts >= from && e.ts < to);

describe('detector events', () => {
  it('pair up: per channel 82 then 81, strictly later, never overlapping', () => {
    for (const intersection of showcase.intersections) {
      expect(detectorViolations(of(peak.events, intersection.id)), intersection.id).toEqual([]);
    }
    expect(peak.events.filter((e) => e.code === 82).length).toBeGreaterThan(50_000);
  });

  it('use only configured channels of stop-bar and advance detectors', () => {
    for (const intersection of showcase.intersections) {
      const wired = new Set(
        intersection.approaches.flatMap((a) => a.detectors.filter((d) => d.kind === 'stopbar' || d.kind === 'advance').map((d) => d.channel)),
      );
      const used = new Set(of(peak.events, intersection.id).filter((e) => e.code === 81 || e.code === 82).map((e) => e.param));
      expect([...used].filter((c) => !wired.has(c)), intersection.id).toEqual([]);
    }
  });

  it('count every vehicle at advance detectors', () => {
    // One lane, advance detector 150 m upstream; at X = 0.6 queues stay well short of it, so each
    // vehicle gives exactly one activation: on-events = arrivals (free-flow arrivals at the stop line).
    const sim = createSimulation({ network: singleApproachNetwork({ lanes: 1 }), scenario: 'am-peak', seed: 8, startTs: AM_PEAK_START, demandOverrides: { 'X-W': { T: 0.6 } } });
    const { events, truth } = sim.runFor(3600);
    const arrivals = truth.reduce((s, m) => s + m.arrivals, 0);
    expect(arrivals).toBeGreaterThan(400);
    // Passing the detector ends 150 m ≈ 10.8 s before the stop line: a few vehicles straddle the hour's ends.
    expect(Math.abs(onsOf(events, 11).length - arrivals)).toBeLessThanOrEqual(3);
  });

  it('see a queue standing over an advance loop move up: off and on with each wave, never one endless activation', () => {
    // One lane, C = 60 s with 30 s split, demand 1.4 × capacity: within minutes the queue stands past the advance loop
    // (150 m, channel 11) for the rest of the hour. Each green moves it up ≈ 12 places (84 m), so the loop's vehicles
    // leave it and the next ones roll on: activations last about one red, not the whole oversaturated period.
    const sim = createSimulation({ network: singleApproachNetwork({ lanes: 1, cycleS: 60, splitS: 30 }), scenario: 'am-peak', seed: 11, startTs: AM_PEAK_START, demandOverrides: { 'X-W': { T: 1.4 } } });
    const { events, truth } = sim.runFor(3600);
    const minutesOverLoop = truth.filter((m) => m.maxQueueM > 160).length;
    expect(minutesOverLoop).toBeGreaterThan(30);
    const advance = events.filter((e) => e.param === 11 && (e.code === 81 || e.code === 82));
    const longest = advance.reduce((max, e, i) => (e.code === 81 && advance[i - 1]?.code === 82 ? Math.max(max, e.ts - (advance[i - 1] as ControllerEvent).ts) : max), 0);
    expect(longest).toBeGreaterThan(10_000); // vehicles do stand on it through red
    expect(longest).toBeLessThan(60_000); // and move off within a cycle
    // every green moves the queue: the loop sees vehicles in most minutes while it stands over it
    expect(onsOf(events, 11).length).toBeGreaterThan(minutesOverLoop * 4);
  });

  it('keep stop-bar zones occupied through red and during queue discharge', () => {
    // One lane, stop-bar channel 1, phase 2 (C = 60 s, green 25 s).
    const sim = createSimulation({ network: singleApproachNetwork({ lanes: 1, cycleS: 60, splitS: 30 }), scenario: 'am-peak', seed: 9, startTs: AM_PEAK_START, demandOverrides: { 'X-W': { T: 0.9 } } });
    const { events } = sim.runFor(1800);
    const greens = events.filter((e) => e.code === 1 && e.param === 2).map((e) => e.ts);
    const reds = events.filter((e) => e.code === 9 && e.param === 2).map((e) => e.ts);
    const occupied = (from: number, to: number) => {
      let total = 0;
      let onAt: number | undefined;
      for (const e of events) {
        if (e.param !== 1 || (e.code !== 81 && e.code !== 82)) continue;
        if (e.code === 82) onAt = e.ts;
        else if (onAt !== undefined) {
          total += Math.max(0, Math.min(e.ts, to) - Math.max(onAt, from));
          onAt = undefined;
        }
      }
      return total / (to - from);
    };
    // Red of phase 2 (end of yellow to next green): 30 s per cycle. At X = 0.9 a queue stands on the
    // stop bar through most of it. When a queue waits at green start, its first vehicle crosses
    // after l1 + h = 4 s and needs ≈ 2 s more to clear the zone from standstill: the first 5 s of
    // green are fully occupied.
    const ror = reds.slice(1, -1).map((r) => occupied(r + 10_000, r + 25_000));
    const queued = greens.slice(1, -1).filter((g) => occupied(g - 1_000, g) === 1);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(ror)).toBeGreaterThan(0.7);
    expect(queued.length).toBeGreaterThan(10);
    expect(queued.map((g) => occupied(g, g + 5_000))).toEqual(queued.map(() => 1));
  });
});

describe('aggregated samples', () => {
  it('report every minute for count detectors with volume, occupancy and speed', () => {
    const countDetectors = showcase.intersections.flatMap((i) => i.approaches.flatMap((a) => a.detectors.filter((d) => d.kind === 'count' || d.kind === 'speed')));
    expect(peak.samples).toHaveLength(countDetectors.length * 30);
    for (const sample of peak.samples) {
      expect(sample.intervalS).toBe(60);
      expect(sample.ts % 60_000).toBe(0);
      expect(sample.occupancyPct).toBeGreaterThanOrEqual(0);
      expect(sample.occupancyPct).toBeLessThanOrEqual(100);
    }
    const volume = peak.samples.reduce((s, x) => s + x.volume, 0);
    expect(volume).toBeGreaterThan(countDetectors.length * 30 * 3);
    expect(peak.samples.some((s) => s.speedKmh !== null && s.speedKmh > 20)).toBe(true);
  });
});

describe('injected detector faults', () => {
  const network = singleApproachNetwork({ lanes: 2 });
  const startTs = AM_PEAK_START;
  const window = { startTs: startTs + 600_000, durationS: 600 };
  const end = window.startTs + 600_000;
  const run = (faults: DetectorFault[]) =>
    createSimulation({ network, scenario: 'am-peak', seed: 12, startTs, detectorFaults: faults, demandOverrides: { 'X-W': { T: 0.7 } } }).runFor(1800).events;
  const healthy = run([]);

  it('stuck on: one activation spanning the window', () => {
    const events = run([{ detectorId: 'X-W-AD1', kind: 'stuck-on', ...window }]);
    const channel = events.filter((e) => e.param === 11 && (e.code === 81 || e.code === 82));
    const inside = channel.filter((e) => e.ts >= window.startTs && e.ts < end);
    expect(inside.map((e) => e.code)).toEqual(inside.length === 0 ? [] : [82]);
    const on = channel.filter((e) => e.code === 82 && e.ts <= window.startTs).at(-1)!;
    const off = channel.find((e) => e.code === 81 && e.ts > on.ts)!;
    expect(off.ts).toBeGreaterThanOrEqual(end);
    expect(detectorViolations(events)).toEqual([]);
  });

  it('dead: nothing in the window, normal before and after', () => {
    const events = run([{ detectorId: 'X-W-AD1', kind: 'dead', ...window }]);
    expect(events.filter((e) => e.param === 11 && e.code === 82 && e.ts >= window.startTs && e.ts < end)).toEqual([]);
    expect(onsOf(events, 11, startTs, window.startTs)).toEqual(onsOf(healthy, 11, startTs, window.startTs));
    expect(onsOf(events, 11, end + 60_000)).toEqual(onsOf(healthy, 11, end + 60_000));
    expect(detectorViolations(events)).toEqual([]);
  });

  it('chatter: far more on-events than a lane can produce (> 40 per minute)', () => {
    const events = run([{ detectorId: 'X-W-SB2', kind: 'chatter', ...window }]);
    const perMinute = onsOf(events, 2, window.startTs, end).length / 10;
    expect(perMinute).toBeGreaterThan(80);
    expect(onsOf(healthy, 2, window.startTs, end).length / 10).toBeLessThan(20);
    expect(detectorViolations(events)).toEqual([]);
  });

  it('reported faults log the fault code at the start and 83 (restored) at the end', () => {
    const events = run([{ detectorId: 'X-W-AD2', kind: 'dead', reported: true, ...window }]);
    expect(events.filter((e) => e.code >= 83 && e.code <= 88)).toEqual([
      { intersectionId: 'X', ts: window.startTs, code: 86, param: 12 },
      { intersectionId: 'X', ts: end, code: 83, param: 12 },
    ]);
  });
});
