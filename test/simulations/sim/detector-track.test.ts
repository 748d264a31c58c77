/**
 * Detector tracks: 82/81 edges from vehicle occupancies, the same whatever the flush windows;
 * aggregated samples worked by hand.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChannelTrack, SampleTrack, type ZoneOccupancy } from '../../../simulations/sim/detector-track.js';

type Edge = [ts: number, code: number];

function edges(occupancies: ZoneOccupancy[], cuts: number[], end: number): Edge[] {
  const track = new ChannelTrack(7, []);
  const out: Edge[] = [];
  // Occupancies are added by start once the window they start in is reached, as the simulator guarantees.
  const pending = [...occupancies].sort((a, b) => a.start - b.start);
  let from = 0;
  for (const to of [...cuts, end]) {
    while (pending.length > 0 && pending[0]!.start < to) track.add({ ...pending.shift()! });
    track.flush(from, to, (ts, code) => out.push([ts, code]));
    from = to;
  }
  return out;
}

describe('channel track', () => {
  it('reports the union of occupancies as on/off pairs', () => {
    const occupancies = [
      { start: 100, end: 300, speedKmh: 0 },
      { start: 250, end: 400, speedKmh: 0 },
      { start: 400, end: 450, speedKmh: 0 },
      { start: 600, end: 700, speedKmh: 0 },
    ];
    expect(edges(occupancies, [], 1000)).toEqual([
      [100, 82],
      [450, 81],
      [600, 82],
      [700, 81],
    ]);
  });

  it('never reports an activation that began before the first window', () => {
    const occupancies = [
      { start: -50, end: 120, speedKmh: 0 },
      { start: 110, end: 200, speedKmh: 0 },
      { start: 300, end: 350, speedKmh: 0 },
    ];
    expect(edges(occupancies, [150], 1000)).toEqual([
      [300, 82],
      [350, 81],
    ]);
  });

  it('gives the same edges however the run is cut into windows (property)', () => {
    const occupancy = fc.record({ start: fc.integer({ min: 0, max: 5000 }), length: fc.integer({ min: 1, max: 400 }) });
    fc.assert(
      fc.property(fc.array(occupancy, { maxLength: 40 }), fc.uniqueArray(fc.integer({ min: 1, max: 5999 }), { maxLength: 10 }), (raw, cuts) => {
        const list = raw.map((o) => ({ start: o.start, end: o.start + o.length, speedKmh: 0 }));
        const once = edges(list, [], 6000);
        expect(edges(list, [...cuts].sort((a, b) => a - b), 6000)).toEqual(once);
        once.forEach(([, code], i) => expect(code).toBe(i % 2 === 0 ? 82 : 81));
      }),
    );
  });
});

describe('sample track', () => {
  it('aggregates volume, occupancy and speed per interval', () => {
    // 60 s intervals from 0. Three vehicles enter in the first: 0.8 s at 36 km/h, 1.6 s at 18 km/h
    // and one at 9 km/h from 59 s to 61 s. First interval: occupancy (0.8 + 1.6 + 1.0) / 60 = 5.7 %,
    // mean speed (36 + 18 + 9) / 3 = 21 km/h. Second: no new vehicle, occupied 1.0 / 60 = 1.7 %.
    const track = new SampleTrack('cnt', 'X', 60_000, 0, []);
    track.add({ start: 10_000, end: 10_800, speedKmh: 36 });
    track.add({ start: 20_000, end: 21_600, speedKmh: 18 });
    track.add({ start: 59_000, end: 61_000, speedKmh: 9 });
    const out: Parameters<SampleTrack['flush']>[1] = [];
    track.flush(120_000, out);
    expect(out).toEqual([
      { detectorId: 'cnt', intersectionId: 'X', ts: 0, intervalS: 60, volume: 3, occupancyPct: 5.7, speedKmh: 21, queueM: null },
      { detectorId: 'cnt', intersectionId: 'X', ts: 60_000, intervalS: 60, volume: 0, occupancyPct: 1.7, speedKmh: null, queueM: null },
    ]);
  });

  it('sends nothing for an interval a dead detector touches', () => {
    const track = new SampleTrack('cnt', 'X', 60_000, 0, [{ kind: 'dead', start: 70_000, end: 80_000, pulses: [] }]);
    const out: Parameters<SampleTrack['flush']>[1] = [];
    track.flush(180_000, out);
    expect(out.map((s) => s.ts)).toEqual([0, 120_000]);
  });
});
