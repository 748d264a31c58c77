/**
 * Vehicle trajectories reconstructed from the queue model, checked on hand-computed cases.
 */
import { describe, expect, it } from 'vitest';
import { frontReachesAt, timeFromStandstillS, zoneOccupancy } from '../../../simulations/sim/trajectory.js';

describe('time from standstill', () => {
  it('accelerates then cruises', () => {
    // a = 2 m/s², v = 14 m/s: accelerating takes 7 s over 49 m.
    expect(timeFromStandstillS(4, 2, 14)).toBeCloseTo(2, 9); // √(2·4/2)
    expect(timeFromStandstillS(49, 2, 14)).toBeCloseTo(7, 9);
    expect(timeFromStandstillS(63, 2, 14)).toBeCloseTo(8, 9); // 7 s + 14 m at 14 m/s
    expect(timeFromStandstillS(0, 2, 14)).toBe(0);
  });
});

describe('front positions', () => {
  it('free flow: distance / speed before the stop line', () => {
    const passage = { joinAt: 100_000, crossAt: 100_000, stopDistanceM: 0, speedMps: 10 };
    expect(frontReachesAt(passage, 150)).toBe(85_000);
    expect(frontReachesAt(passage, -5)).toBe(100_500);
  });

  it('stopped in a queue: free flow to the stop, then off from standstill to cross on time', () => {
    // Waits 14 m upstream (third in the queue), crosses 30 s after its free-flow arrival.
    // From standstill at 2 m/s² (v = 10 m/s, 25 m to reach it): 14 m takes √14 = 3.742 s, so it
    // moves off at 130 − 3.742 = 126.258 s; it reaches 6 m upstream after √8 = 2.828 s more.
    const passage = { joinAt: 100_000, crossAt: 130_000, stopDistanceM: 14, speedMps: 10 };
    expect(frontReachesAt(passage, 20)).toBe(98_000);
    expect(frontReachesAt(passage, 6)).toBeCloseTo(126_258.3 + 2_828.4, 0);
    expect(frontReachesAt(passage, 0)).toBeCloseTo(130_000, 6);
  });

  it('slowed behind a platoon: a short delay spent at the stop position', () => {
    // Moving off from standstill over 14 m costs 3.742 s against 1.4 s at free flow: 2.342 s.
    // A delay of 0.8 s is less, so the vehicle never stopped: it slowed, dwelling 0.8 s at 14 m.
    const passage = { joinAt: 100_000, crossAt: 100_800, stopDistanceM: 14, speedMps: 10 };
    expect(frontReachesAt(passage, 20)).toBe(98_000);
    expect(frontReachesAt(passage, 0)).toBeCloseTo(100_800, 6);
  });

  it('zone occupancy: front enters the far edge, rear leaves the near edge', () => {
    // Stop bar 0–8 m, 4.5 m car, free flow at 10 m/s: on 0.8 s before the stop line, off 0.45 s after.
    const passage = { joinAt: 100_000, crossAt: 100_000, stopDistanceM: 0, speedMps: 10 };
    expect(zoneOccupancy(passage, 0, 8, 4.5)).toEqual([99_200, 100_450]);
  });
});
