/**
 * The simulator's small parts: random streams, the agenda, local time, routing, truth minutes.
 */
import { describe, expect, it } from 'vitest';
import { nextArrivalTime } from '../../../simulations/sim/arrivals.js';
import { EventQueue } from '../../../simulations/sim/event-queue.js';
import { localMidnight, localMinuteOfDay, utcOffsetMs } from '../../../simulations/sim/local-time.js';
import { randomStream } from '../../../simulations/sim/rng.js';
import { routingTable } from '../../../simulations/sim/routing.js';
import { ApproachTruth } from '../../../simulations/sim/truth.js';
import { summarizeTruth, networkMeanDelayS } from '../../../simulations/sim/truth-summary.js';
import { twoIntersectionNetwork } from '../../helpers/networks.js';

describe('random streams', () => {
  it('repeat for the same seed and name, differ otherwise, and have the right means', () => {
    const draw = (seed: number, name: string) => {
      const s = randomStream(seed, name);
      return Array.from({ length: 5 }, () => s.next());
    };
    expect(draw(1, 'a')).toEqual(draw(1, 'a'));
    expect(draw(1, 'a')).not.toEqual(draw(1, 'b'));
    expect(draw(1, 'a')).not.toEqual(draw(2, 'a'));
    const s = randomStream(9, 'means');
    let uniform = 0;
    let exponential = 0;
    for (let i = 0; i < 20_000; i++) {
      uniform += s.next();
      exponential += s.exponential();
    }
    expect(uniform / 20_000).toBeCloseTo(0.5, 1);
    expect(exponential / 20_000).toBeCloseTo(1, 1);
  });
});

describe('arrival times', () => {
  it('spend the unit of work against a rate that changes each minute', () => {
    // 360 veh/h = 0.1 veh/s: one unit lasts 10 s.
    expect(nextArrivalTime(0, 1, () => 360)).toBe(10_000);
    // From 55 s at 0.1 veh/s, 5 s use 0.5; the rest at 720 veh/h = 0.2 veh/s takes 2.5 s: 62.5 s.
    expect(nextArrivalTime(55_000, 1, (ts) => (ts < 60_000 ? 360 : 720))).toBe(62_500);
    // No demand for the first hour, then 3,600 veh/h: 0.5 units take 0.5 s.
    expect(nextArrivalTime(0, 0.5, (ts) => (ts < 3_600_000 ? 0 : 3600))).toBe(3_600_500);
    expect(nextArrivalTime(0, 1, () => 0)).toBe(Infinity);
  });
});

describe('agenda', () => {
  it('runs by time, then by insertion, including what actions schedule', () => {
    const queue = new EventQueue();
    const seen: string[] = [];
    queue.schedule(20, () => seen.push('b'));
    queue.schedule(10, () => {
      seen.push('a');
      queue.schedule(20, () => seen.push('c'));
    });
    queue.schedule(30, () => seen.push('d'));
    queue.runUntil(30);
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(() => queue.schedule(5, () => undefined)).toThrow(RangeError);
  });
});

describe('local time', () => {
  it('knows Tianjin is UTC+8 with no daylight saving', () => {
    const ts = Date.parse('2026-07-01T03:00:00Z');
    expect(utcOffsetMs(ts, 'Asia/Shanghai')).toBe(8 * 3_600_000);
    expect(localMidnight(ts, 'Asia/Shanghai')).toBe(Date.parse('2026-07-01T00:00:00+08:00'));
    expect(localMinuteOfDay(Date.parse('2026-11-27T07:30:00+08:00'), 'Asia/Shanghai')).toBe(450);
  });

  it('finds midnight on a daylight-saving day elsewhere', () => {
    // Berlin springs forward on 2026-03-29: midnight is still at +01:00.
    expect(localMidnight(Date.parse('2026-03-29T12:00:00+02:00'), 'Europe/Berlin')).toBe(Date.parse('2026-03-29T00:00:00+01:00'));
  });
});

describe('routing', () => {
  it('sends each movement to the approach it leads to, or out of the network', () => {
    const table = routingTable(twoIntersectionNetwork());
    // A-W travels east: through to B (B-W), left to the north leg (no neighbour: out), right to the south leg (out).
    expect(Object.fromEntries(table.get('A-W')!)).toEqual({ L: null, T: 'B-W', R: null });
    // B-E travels west: through to A (A-E); A-N travels south: its left turns east, towards B.
    expect(table.get('B-E')!.get('T')).toBe('A-E');
    expect(table.get('A-N')!.get('L')).toBe('B-W');
    expect(table.get('A-S')!.get('R')).toBe('B-W');
  });
});

describe('ground truth minutes', () => {
  const t0 = Date.parse('2026-11-27T07:30:00+08:00');

  it('counts, averages, carries queues and spillback across quiet minutes', () => {
    const truth = new ApproachTruth('A', 'A-W', ['L', 'T'], 7, t0);
    truth.arrival(t0 + 1_000, 1, true);
    truth.arrival(t0 + 2_000, 1, false);
    truth.arrival(t0 + 3_000, 0, true);
    truth.queue(t0 + 3_000, 5, 3);
    truth.full(t0 + 4_000, true);
    truth.departure(t0 + 30_000, 1, 12);
    truth.departure(t0 + 40_000, 0, 30);
    truth.queue(t0 + 50_000, 4, 2);
    // Minute 2 has no event: the queue of 4 (longest lane 2) and the full link carry over.
    truth.full(t0 + 150_000, false);
    const minutes = truth.finalize(t0 + 180_000);
    expect(minutes).toHaveLength(3);
    expect(minutes[0]).toMatchObject({ ts: t0, arrivals: 3, departures: 2, totalDelayS: 42, meanDelayS: 21, arrivalsOnGreen: 2, aogShare: 0.667, maxQueueVeh: 5, maxQueueM: 21, spillback: true });
    expect(minutes[0]!.movements).toEqual([
      { type: 'L', arrivals: 1, departures: 1, meanDelayS: 30 },
      { type: 'T', arrivals: 2, departures: 1, meanDelayS: 12 },
    ]);
    expect(minutes[1]).toMatchObject({ arrivals: 0, meanDelayS: null, aogShare: null, maxQueueVeh: 4, maxQueueM: 14, spillback: true });
    expect(minutes[2]).toMatchObject({ maxQueueVeh: 4, spillback: true });
    expect(truth.finalize(t0 + 240_000)[0]).toMatchObject({ spillback: false });
  });

  it('rolls minutes up into quarter hours and a network mean', () => {
    const truth = new ApproachTruth('A', 'A-W', ['T'], 7, t0);
    for (let m = 0; m < 30; m++) truth.departure(t0 + m * 60_000, 0, m < 15 ? 10 : 40);
    const minutes = truth.finalize(t0 + 30 * 60_000);
    const quarters = summarizeTruth(minutes, 15);
    expect(quarters.map((q) => [q.minutes, q.departures, q.meanDelayS])).toEqual([
      [15, 15, 10],
      [15, 15, 40],
    ]);
    expect(networkMeanDelayS(minutes)).toBe(25);
  });
});
