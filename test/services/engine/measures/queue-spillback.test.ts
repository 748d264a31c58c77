import { describe, expect, it } from 'vitest';
import { cycleQueue, queueLengthM, storageVeh } from '../../../../services/engine/measures/queue.js';
import { advanceOccupancySpillback, queueSpillback } from '../../../../services/engine/measures/spillback.js';
import { at } from '../../../fixtures/engine/event-builders.js';

describe('queue estimate', () => {
  it('adds red arrivals to the residual and carries what the green could not serve', () => {
    // residual 2 + 10 on red = 12 at green start; served 15 of 2 + 10 + 8 = 20 → residual 5
    expect(cycleQueue({ residualVeh: 2, arrivalsOnRed: 10, arrivalsOnGreen: 8, servedVeh: 15 })).toEqual({ maxQueueVeh: 12, residualVeh: 5 });
    // 12 vehicles on 2 lanes at 7 m → 42 m
    expect(queueLengthM(12, 2)).toBe(42);
  });

  it('caps the queue by the storage', () => {
    // 140 m × 2 lanes / 7 m = 40 vehicles of storage
    expect(storageVeh(140, 2)).toBe(40);
    expect(cycleQueue({ residualVeh: 30, arrivalsOnRed: 25, arrivalsOnGreen: 10, servedVeh: 20, storageVeh: 40 })).toEqual({ maxQueueVeh: 40, residualVeh: 40 });
  });

  it('is empty in a cycle with no vehicles', () => {
    expect(cycleQueue({ residualVeh: 0, arrivalsOnRed: 0, arrivalsOnGreen: 0, servedVeh: 20 })).toEqual({ maxQueueVeh: 0, residualVeh: 0 });
  });
});

describe('spillback', () => {
  it('holds when the queue reaches the advance detector or the link end', () => {
    expect(queueSpillback(139, { advanceDistanceM: 140, linkLengthM: 400 })).toBe(false);
    expect(queueSpillback(140, { advanceDistanceM: 140, linkLengthM: 400 })).toBe(true);
    expect(queueSpillback(300, { linkLengthM: 280 })).toBe(true);
    expect(queueSpillback(5000, {})).toBe(false);
  });

  it('holds when the advance detector is occupied ≥ 80 % of the last 30 s of green', () => {
    // green 0–60 s; last 30 s = 30–60 s. Occupied 30–54 s → 24 / 30 = 80 % → spillback.
    const green = { start: at(0), end: at(60) };
    expect(advanceOccupancySpillback([{ start: at(30), end: at(54) }], green)).toBe(true);
    // 30–53.9 s → 79.67 % → no
    expect(advanceOccupancySpillback([{ start: at(30), end: at(53.9) }], green)).toBe(false);
    // a 25 s green cannot show 30 s of occupancy
    expect(advanceOccupancySpillback([{ start: at(0), end: at(25) }], { start: at(0), end: at(25) })).toBe(false);
  });
});
