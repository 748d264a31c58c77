/**
 * Occupancy blocks and fault windows.
 */
import { describe, expect, it } from 'vitest';
import { applyFaults, faultWindow, mergeBlocks, subtractWindow } from '../../../simulations/sim/detector-faults.js';

describe('occupancy blocks', () => {
  it('merge overlapping and touching blocks, drop empty ones', () => {
    expect(mergeBlocks([[5, 9], [1, 3], [3, 4], [7, 7], [8, 12]])).toEqual([
      [1, 4],
      [5, 12],
    ]);
  });

  it('subtract a window', () => {
    expect(subtractWindow([[0, 10], [12, 14], [20, 30]], 4, 22)).toEqual([
      [0, 4],
      [22, 30],
    ]);
  });

  it('apply faults in order: stuck adds the window, dead removes it, chatter replaces it with pulses', () => {
    const physical: [number, number][] = [
      [0, 10],
      [100, 110],
    ];
    expect(applyFaults(physical, [{ kind: 'stuck-on', start: 5, end: 50, pulses: [] }])).toEqual([
      [0, 50],
      [100, 110],
    ]);
    expect(applyFaults(physical, [{ kind: 'dead', start: 5, end: 105, pulses: [] }])).toEqual([
      [0, 5],
      [105, 110],
    ]);
    expect(applyFaults(physical, [{ kind: 'chatter', start: 50, end: 150, pulses: [[60, 70], [120, 130]] }])).toEqual([
      [0, 10],
      [60, 70],
      [120, 130],
    ]);
  });
});

describe('fault windows', () => {
  it('chatter pulses: about two per second, inside the window, reproducible', () => {
    const fault = { detectorId: 'd', kind: 'chatter' as const, startTs: 1_000_000, durationS: 60 };
    const window = faultWindow(fault, 3);
    expect(window.pulses.length).toBeGreaterThan(100);
    expect(window.pulses.length).toBeLessThan(140);
    expect(window.pulses.every(([a, b]) => a >= 1_000_000 && b <= 1_060_000 && b > a)).toBe(true);
    expect(faultWindow(fault, 3)).toEqual(window);
    expect(faultWindow(fault, 4).pulses).not.toEqual(window.pulses);
  });
});
