import { describe, expect, it } from 'vitest';
import { occupiedMs, unionIntervals } from '../../../../services/engine/measures/occupancy.js';
import { splitFailure } from '../../../../services/engine/measures/split-failure.js';
import { at } from '../../../fixtures/engine/event-builders.js';

const iv = (from: number, to: number) => ({ start: at(from), end: at(to) });

describe('occupancy', () => {
  it('merges the lanes of a phase into one union', () => {
    // lane 1 occupied 0–5 s, lane 2 3–8 s, lane 1 again 10–12 s → union 0–8 and 10–12: 10 s
    const lanes = [iv(0, 5), iv(3, 8), iv(10, 12)];
    expect(unionIntervals(lanes)).toEqual([iv(0, 8), iv(10, 12)]);
    expect(occupiedMs(lanes, at(0), at(20))).toBe(10_000);
    // clipped to 2–11 s: 2–8 + 10–11 = 7 s
    expect(occupiedMs(lanes, at(2), at(11))).toBe(7_000);
  });
});

describe('split failure (GOR / ROR5)', () => {
  it('fails a cycle whose green and first 5 s of red are both occupied over 79 %', () => {
    // green 60–100 s (40 s); lane 1 occupied 60–96 s, lane 2 62–97 s → union 60–97 → 37 s → GOR 0.925
    // yellow 100–103, red from 103; occupied 103–107.5 s → 4.5 / 5 = ROR5 0.9 → split failure
    const result = splitFailure([iv(60, 96), iv(62, 97), iv(103, 107.5)], iv(60, 100), at(103));
    expect(result.gor).toBeCloseTo(0.925, 10);
    expect(result.ror5).toBeCloseTo(0.9, 10);
    expect(result.failed).toBe(true);
  });

  it('does not fail when only the green is busy (the queue cleared)', () => {
    // GOR 0.925 as above, red 103–108 s with 1 s occupied → ROR5 0.2
    const result = splitFailure([iv(60, 97), iv(104, 105)], iv(60, 100), at(103));
    expect(result.ror5).toBeCloseTo(0.2, 10);
    expect(result.failed).toBe(false);
  });

  it('uses strict thresholds: exactly 79 % is not a failure', () => {
    // green 0–100 s occupied 0–79 s → GOR 0.79; red 103–108 occupied 103–106.95 → 0.79
    const result = splitFailure([iv(0, 79), iv(103, 106.95)], iv(0, 100), at(103));
    expect(result.gor).toBeCloseTo(0.79, 10);
    expect(result.failed).toBe(false);
  });

  it('reads a detector stuck on through red as a failure of every cycle it spans', () => {
    // stuck on 50–400 s: green 60–100 s fully occupied (GOR 1), red 103–108 s fully occupied (ROR5 1)
    const stuck = [iv(50, 400)];
    expect(splitFailure(stuck, iv(60, 100), at(103))).toEqual({ gor: 1, ror5: 1, failed: true });
    // the next green 163–203 s too: the watchdog (DESIGN §7) must flag and exclude such a detector
    expect(splitFailure(stuck, iv(163, 203), at(206)).failed).toBe(true);
  });

  it('has zero occupancy in a cycle with no vehicles', () => {
    expect(splitFailure([], iv(60, 100), at(103))).toEqual({ gor: 0, ror5: 0, failed: false });
  });
});
