import { describe, expect, it } from 'vitest';
import { EventCode } from '../../../../services/contracts/records.js';
import { detectorActivations, stuckOnLimitS } from '../../../../services/engine/measures/detector-activations.js';
import { sortEvents } from '../../../../services/engine/measures/event-order.js';
import { countingDetectors, countVolume, flowVph, stopbarVehicles } from '../../../../services/engine/measures/volume.js';
import { at, ev, vehicle } from '../../../fixtures/engine/event-builders.js';

describe('detector activations', () => {
  it('pairs on and off per channel', () => {
    const events = sortEvents([...vehicle(3, 5, 0.6), ...vehicle(4, 5.2, 0.4), ...vehicle(3, 9, 1)]);
    const { activations, faults, onEvents } = detectorActivations(events, 3, { windowStart: at(0), windowEnd: at(60) });
    expect(faults).toEqual([]);
    expect(onEvents).toBe(2);
    expect(activations).toEqual([
      { channel: 3, onTs: at(5), offTs: at(5.6) },
      { channel: 3, onTs: at(9), offTs: at(10) },
    ]);
  });

  it('closes activations open at either edge of the window at the edge', () => {
    // off at 2 s with its on before the window → [0, 2); on at 58 s with no off before 60 s → [58, 60).
    const events = sortEvents([ev(2, EventCode.DETECTOR_OFF, 1), ev(58, EventCode.DETECTOR_ON, 1)]);
    expect(detectorActivations(events, 1, { windowStart: at(0), windowEnd: at(60) }).activations).toEqual([
      { channel: 1, onTs: at(0), offTs: at(2) },
      { channel: 1, onTs: at(58), offTs: at(60) },
    ]);
  });

  it('treats an on held longer than the stuck-on limit as a fault, not an activation', () => {
    // on at 10 s, off at 400 s: 390 s > 300 s → fault detected at 310 s; a later normal vehicle is an activation.
    const events = sortEvents([ev(10, EventCode.DETECTOR_ON, 2), ev(400, EventCode.DETECTOR_OFF, 2), ...vehicle(2, 420, 0.5)]);
    const { activations, faults } = detectorActivations(events, 2, { windowStart: at(0), windowEnd: at(600) });
    expect(faults).toEqual([{ channel: 2, onTs: at(10), detectedAt: at(310), offTs: at(400) }]);
    expect(activations).toEqual([{ channel: 2, onTs: at(420), offTs: at(420.5) }]);
  });

  it('reports a channel still stuck at the window end without an off', () => {
    const events = [ev(10, EventCode.DETECTOR_ON, 2)];
    expect(detectorActivations(events, 2, { windowStart: at(0), windowEnd: at(900) }).faults).toEqual([
      { channel: 2, onTs: at(10), detectedAt: at(310), offTs: null },
    ]);
    // the limit follows DESIGN §7: max(cycle, 300 s)
    expect(stuckOnLimitS(140)).toBe(300);
    expect(stuckOnLimitS(320)).toBe(320);
  });

  it('keeps the first on when an off was missed', () => {
    const events = sortEvents([ev(1, EventCode.DETECTOR_ON, 1), ev(3, EventCode.DETECTOR_ON, 1), ev(4, EventCode.DETECTOR_OFF, 1)]);
    const result = detectorActivations(events, 1, { windowStart: at(0), windowEnd: at(60) });
    expect(result.activations).toEqual([{ channel: 1, onTs: at(1), offTs: at(4) }]);
    expect(result.onEvents).toBe(2);
  });
});

describe('volume', () => {
  it('counts on-events per bin at the chosen channels and converts to veh/h', () => {
    // channel 1: vehicles at 5, 30, 65 s; channel 2 at 10 s; channel 9 (not chosen) at 20 s.
    const events = sortEvents([...vehicle(1, 5), ...vehicle(1, 30), ...vehicle(1, 65), ...vehicle(2, 10), ...vehicle(9, 20)]);
    const counts = countVolume(events, new Set([1, 2]), at(0), at(120), 60);
    expect(counts).toEqual([3, 1]);
    // 3 vehicles in 60 s = 180 veh/h
    expect(flowVph(3, 60)).toBe(180);
  });

  it('counts a minute with no vehicles as zero', () => {
    expect(countVolume([], new Set([1]), at(0), at(180), 60)).toEqual([0, 0, 0]);
  });

  it('counts each lane once: count detector, else advance, else stop bar', () => {
    const detectors = [
      { channel: 1, id: 'sb1', kind: 'stopbar' as const, lane: 1, distanceM: 0, lengthM: 8 },
      { channel: 2, id: 'sb2', kind: 'stopbar' as const, lane: 2, distanceM: 0, lengthM: 8 },
      { channel: 3, id: 'ad2', kind: 'advance' as const, lane: 2, distanceM: 120, lengthM: 2 },
      { channel: 4, id: 'c2', kind: 'count' as const, lane: 2, distanceM: 40, lengthM: 2 },
      { channel: 5, id: 'ad3', kind: 'advance' as const, lane: 3, distanceM: 120, lengthM: 2 },
    ];
    const chosen = countingDetectors(detectors);
    expect([...chosen.entries()].map(([lane, d]) => [lane, d.channel]).sort()).toEqual([
      [1, 1],
      [2, 4],
      [3, 5],
    ]);
  });
});

describe('stop-bar vehicle count', () => {
  const green = [{ start: at(60), end: at(102) }];
  it('counts a queue discharging over the zone at the saturation headway, less the start-up lost time', () => {
    // standing on the zone from 50 s, off at 80 s: discharge 60–80 s = 20 s − 2 s lost = 18 s; 18 / 2 s = 9 vehicles
    expect(stopbarVehicles({ start: at(50), end: at(80) }, green, { satFlowVphpl: 1800 })).toBe(9);
    // a turning lane at 1700 veh/h: headway 2.1176 s → 18 / 2.1176 = 8.5 → 9 (rounded half up)
    expect(stopbarVehicles({ start: at(50), end: at(80) }, green, { satFlowVphpl: 1700 })).toBe(9);
    // a continuous stream arriving in green (no standing queue at green start): 70–80 s = 10 s → 5 vehicles
    expect(stopbarVehicles({ start: at(70), end: at(80) }, green, { satFlowVphpl: 1800 })).toBe(5);
  });

  it('counts a single passing vehicle, or one stopped during red, as one', () => {
    expect(stopbarVehicles({ start: at(70), end: at(70.9) }, green, { satFlowVphpl: 1800 })).toBe(1);
    expect(stopbarVehicles({ start: at(20), end: at(25) }, green, { satFlowVphpl: 1800 })).toBe(1);
  });
});
