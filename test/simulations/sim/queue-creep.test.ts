import { describe, expect, it } from 'vitest';
import { creepOverZone, frontAt } from '../../../simulations/sim/queue-creep.js';

// A move up from 77 m to 70 m (one jam spacing) starting at 0 and lasting one 2 s headway: 3.5 m/s.
const STEP = { fromM: 77, toM: 70, startAt: 0, durationMs: 2000 };

describe('queue creep', () => {
  it('moves the front at a constant pace over the step', () => {
    expect(frontAt(STEP, 77)).toBe(0);
    expect(frontAt(STEP, 73.5)).toBe(1000);
    expect(frontAt(STEP, 70)).toBe(2000);
    // outside the step: clamped to its ends
    expect(frontAt(STEP, 90)).toBe(0);
    expect(frontAt(STEP, 60)).toBe(2000);
  });

  it('puts a vehicle on a 2 m loop at 70 m when its front reaches 72 m, and off when its rear (4.5 m) passes 70 m', () => {
    const edges = { onAtM: 72, offAtM: 70 - 4.5 };
    // this step: front 77 → 70 reaches 72 m after 5/7 of 2 s = 1,429 ms; the rear is still over the loop
    expect(creepOverZone(STEP, edges, false)).toEqual({ onAt: 1429, offAt: undefined });
    // the next step, one wave later: 70 → 63, front at 65.5 m after 4.5/7 of 2 s = 1,286 ms → off at 60,000 + 1,286
    expect(creepOverZone({ fromM: 70, toM: 63, startAt: 60_000, durationMs: 2000 }, edges, true)).toEqual({ onAt: undefined, offAt: 61_286 });
    // a step that does not reach the loop changes nothing
    expect(creepOverZone({ fromM: 84, toM: 77, startAt: 0, durationMs: 2000 }, edges, false)).toEqual({ onAt: undefined, offAt: undefined });
  });

  it('lets a long step carry a vehicle over a short loop in one go', () => {
    // from 80 m to 60 m: on at 72 m (8/20 of 2 s), off when the front reaches 65.5 m (14.5/20 of 2 s)
    expect(creepOverZone({ fromM: 80, toM: 60, startAt: 0, durationMs: 2000 }, { onAtM: 72, offAtM: 65.5 }, false)).toEqual({ onAt: 800, offAt: 1450 });
  });
});
