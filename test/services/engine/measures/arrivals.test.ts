import { describe, expect, it } from 'vitest';
import { adjustedArrivalMs, advanceTravelMs, classifyArrivals, platoonRatio } from '../../../../services/engine/measures/arrivals.js';
import { atspmApproachDelay } from '../../../../services/engine/measures/atspm-delay.js';
import { at } from '../../../fixtures/engine/event-builders.js';

const CYCLE = { cycleStart: at(0), greenStart: at(60), yellowStart: at(100), redStart: at(103) };

describe('adjusted arrivals', () => {
  it('adds the travel time from the advance detector at the speed limit and removes the latency', () => {
    // 125 m at 50 km/h (13.889 m/s) = 9.0 s; latency 0.5 s → 8.5 s
    expect(advanceTravelMs({ distanceM: 125, speedLimitKmh: 50 })).toBe(9000);
    expect(adjustedArrivalMs(at(10), { distanceM: 125, speedLimitKmh: 50, latencyS: 0.5 })).toBe(at(18.5));
    // 145 m at 50 km/h = 10.44 s
    expect(advanceTravelMs({ distanceM: 145, speedLimitKmh: 50 })).toBe(10_440);
  });
});

describe('arrivals on green', () => {
  it('classifies by green and yellow start, half-open', () => {
    // arrivals at 10 (red), 60 (green: green start is inclusive), 80 (green), 99.9 (green), 100 (yellow), 102 (yellow), 103 (next cycle)
    const result = classifyArrivals([10, 60, 80, 99.9, 100, 102, 103].map(at), CYCLE);
    expect([result.onRed, result.onGreen, result.onYellow]).toEqual([1, 3, 2]);
    // %AoG = 3 / 6 = 50 %; green 40 s of a 103 s cycle → g/C = 0.38835; Rp = 0.5 / 0.38835 = 1.2875
    expect(result.aogPct).toBeCloseTo(50, 10);
    expect(result.platoonRatio).toBeCloseTo(1.2875, 4);
    expect(result.offsetsS).toEqual([10, 60, 80, 99.9, 100, 102]);
  });

  it('has no ratio in a cycle with no vehicles', () => {
    expect(classifyArrivals([], CYCLE)).toEqual({ onGreen: 0, onRed: 0, onYellow: 0, aogPct: null, platoonRatio: null, offsetsS: [] });
  });

  it('computes Rp from the AoG share and the green ratio', () => {
    // 60 % on green with 40 s of a 100 s cycle → 1.5
    expect(platoonRatio(0.6, 40, 100)).toBeCloseTo(1.5, 10);
    expect(platoonRatio(0.6, 0, 100)).toBeNull();
  });
});

describe('ATSPM approach delay', () => {
  it('sums the wait of red arrivals until green and divides by all arrivals', () => {
    // arrivals 10 s and 40 s wait 50 s and 20 s for the 60 s green; 70 s arrives on green → 70 s / 3 veh
    const result = atspmApproachDelay([10, 40, 70].map(at), at(60));
    expect(result.totalS).toBeCloseTo(70, 10);
    expect(result.perVehicleS).toBeCloseTo(23.333, 3);
  });
});
