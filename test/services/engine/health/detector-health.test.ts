import { describe, expect, it } from 'vitest';
import { EventCode } from '../../../../services/contracts/records.js';
import { DetectorHealthMonitor, type HealthChannel } from '../../../../services/engine/health/detector-health.js';
import { countMismatch, isChatter, isFaultCode, isNoData, storageBetween, stuckOnEvidence } from '../../../../services/engine/health/detector-rules.js';
import { at } from '../../../fixtures/engine/event-builders.js';

// Approach 0: a through movement on lanes 2 and 3 (channels 2, 3) and a left lane (channel 1), all phase 2/5.
const CHANNELS: HealthChannel[] = [
  { channel: 1, detectorId: 'L1', approachIndex: 0, comparisonGroup: '0:L:stopbar', phases: [5], kind: 'stopbar', lane: 1, distanceM: 0 },
  { channel: 2, detectorId: 'T2', approachIndex: 0, comparisonGroup: '0:T:stopbar', phases: [2], kind: 'stopbar', lane: 2, distanceM: 0 },
  { channel: 3, detectorId: 'T3', approachIndex: 0, comparisonGroup: '0:T:stopbar', phases: [2], kind: 'stopbar', lane: 3, distanceM: 0 },
];

describe('detector rules (DESIGN §7)', () => {
  it('recognises the controller fault codes 84–88', () => {
    expect([83, 84, 85, 86, 87, 88, 89].map(isFaultCode)).toEqual([false, true, true, true, true, true, false]);
  });

  it('calls more than 40 on-events in a minute chatter', () => {
    expect([isChatter(40), isChatter(41)]).toEqual([false, true]);
  });

  it('needs green and vehicles to be seen before calling silence a fault', () => {
    expect(isNoData({ silentS: 601, phaseHadGreen: true, expectedVehicles: 8 })).toBe(true);
    expect(isNoData({ silentS: 600, phaseHadGreen: true, expectedVehicles: 8 })).toBe(false);
    expect(isNoData({ silentS: 3600, phaseHadGreen: false, expectedVehicles: 100 })).toBe(false);
    // fewer than 8 expected: a Poisson lane sees none with P = e^−7.9 > 0.03 % — a quiet lane, not a fault
    expect(isNoData({ silentS: 3600, phaseHadGreen: true, expectedVehicles: 7.9 })).toBe(false);
  });

  it('calls a held loop stuck only when more vehicles passed its lane witness than fit between the loops', () => {
    // 110 m between a stop bar and its advance loop at 7 m jam spacing: ⌊110 / 7⌋ + 1 = 16 vehicles
    expect(storageBetween(110)).toBe(16);
    expect(storageBetween(-110)).toBe(16);
    // 16 stored + 2 slack = 18: up to 18 vehicles over the other loop a standing queue can explain
    expect(stuckOnEvidence({ detectorId: 'SB1', vehiclesSinceOn: 18, storageVeh: 16, occupied: false })).toBeUndefined();
    expect(stuckOnEvidence({ detectorId: 'SB1', vehiclesSinceOn: 19, storageVeh: 16, occupied: true })).toEqual({ kind: 'vehicles-passed', witness: 'SB1', vehicles: 19, storageVeh: 16 });
    // a queue over the other loop right now, nothing counted yet: a queue explains it
    expect(stuckOnEvidence({ detectorId: 'SB1', vehiclesSinceOn: 0, storageVeh: 16, occupied: true })).toBeUndefined();
    // no queue can be there — no loop in the lane, or the other one clear and idle: the plain rule
    expect(stuckOnEvidence(undefined)).toEqual({ kind: 'no-witness' });
    expect(stuckOnEvidence({ detectorId: 'SB1', vehiclesSinceOn: 0, storageVeh: 16, occupied: false })).toEqual({ kind: 'lane-empty', witness: 'SB1' });
  });

  it('compares a lane with the median of its movement’s lanes', () => {
    // median of [x, 100, 110] is 100: |30 − 100| = 70 % > 40 %; 70 → 30 %; 64 → 36 %; 59 → 41 %
    expect([30, 70, 64, 59].map((c) => countMismatch(c, [c, 100, 110]))).toEqual([true, false, false, true]);
    // the two good lanes are not dragged into a mismatch by the bad one: |100 − 100| = 0 %
    expect(countMismatch(100, [30, 100, 110])).toBe(false);
    // too few vehicles to say anything; no other lane to compare with
    expect(countMismatch(0, [0, 40, 50])).toBe(false);
    expect(countMismatch(0, [0])).toBe(false);
  });
});

describe('detector health monitor', () => {
  it('flags a fault code once, excludes the detector and restores it on 83', () => {
    const health = new DetectorHealthMonitor(CHANNELS, { streamStart: at(0) });
    expect(health.onEvent(EventCode.DETECTOR_FAULT_OPEN, 2, at(10))).toMatchObject({ channel: 2, status: 'faulty', cause: 'fault-code', faults: ['fault-code'] });
    expect(health.onEvent(EventCode.DETECTOR_FAULT_SHORTED, 2, at(11))).toBeUndefined(); // alerted once
    expect(health.isExcluded(2)).toBe(true);
    expect(health.onEvent(EventCode.DETECTOR_RESTORED, 2, at(20))).toMatchObject({ status: 'ok', cause: 'fault-code', faults: [] });
    expect(health.isExcluded(2)).toBe(false);
  });

  it('flags a stuck detector until it releases', () => {
    const health = new DetectorHealthMonitor(CHANNELS, { streamStart: at(0) });
    expect(health.onStuck(3, at(310), at(10))).toMatchObject({ status: 'faulty', cause: 'stuck-on', details: { onSince: at(10) } });
    expect(health.onEvent(EventCode.DETECTOR_OFF, 3, at(400))).toMatchObject({ status: 'ok', cause: 'stuck-on' });
  });

  it('leaves a loop under a standing queue alone until its lane’s stop bar has seen more vehicles than the lane holds', () => {
    // lane 2: stop bar (channel 2, 0 m) and an advance loop (channel 4, 70 m): ⌊70 / 7⌋ + 1 = 11 stored, + 2 slack
    const channels: HealthChannel[] = [...CHANNELS, { channel: 4, detectorId: 'A2', approachIndex: 0, comparisonGroup: '0:T:advance', phases: [2], kind: 'advance', lane: 2, distanceM: 70 }];
    const health = new DetectorHealthMonitor(channels, { streamStart: at(0) });
    health.onEvent(EventCode.DETECTOR_ON, 4, at(10));
    for (let i = 0; i < 13; i++) {
      health.onEvent(EventCode.DETECTOR_ON, 2, at(20 + 2 * i));
      health.onEvent(EventCode.DETECTOR_OFF, 2, at(21 + 2 * i));
    }
    // 13 vehicles over the stop bar: the 11 between the loops and 2 of slack — a queue explains it
    expect(health.onStuck(4, at(310), at(10))).toBeUndefined();
    expect(health.isExcluded(4)).toBe(false);
    health.onEvent(EventCode.DETECTOR_ON, 2, at(400));
    // the 14th: one of them must have crossed the advance loop, which never released
    expect(health.onStuck(4, at(310), at(10), at(401))).toMatchObject({
      status: 'faulty',
      cause: 'stuck-on',
      at: at(401),
      details: { onSince: at(10), kind: 'vehicles-passed', witness: 'T2', vehicles: 14, storageVeh: 11 },
    });
    // the stop bar has no witness of its own kind in lane 3: the plain rule
    health.onEvent(EventCode.DETECTOR_ON, 3, at(500));
    expect(health.onStuck(3, at(800), at(500))).toMatchObject({ status: 'faulty', details: { kind: 'no-witness' } });
  });

  it('counts a long occupancy’s release as a sign of life, not silence', () => {
    const health = new DetectorHealthMonitor(CHANNELS, { streamStart: at(0) });
    // channel 2 on from 10 s to 700 s (a standing vehicle); neighbours and green keep coming
    health.onEvent(EventCode.DETECTOR_ON, 2, at(10));
    health.onPhaseGreen(2, at(20), true);
    health.onEvent(EventCode.DETECTOR_OFF, 2, at(700));
    for (let m = 1; m <= 12; m++) health.onEvent(EventCode.DETECTOR_ON, 3, at(m * 60 + 30));
    // at 12 min the last on was 710 s before, but the release 20 s before: not silent
    expect(health.closeMinute(at(660)).filter((c) => c.channel === 2 && c.cause === 'no-data')).toEqual([]);
  });

  it('flags chatter in a minute above the ceiling and clears it after a calm minute', () => {
    const health = new DetectorHealthMonitor(CHANNELS, { streamStart: at(0) });
    for (let i = 0; i < 45; i++) health.onEvent(EventCode.DETECTOR_ON, 1, at(i));
    expect(health.closeMinute(at(0))).toEqual([
      { channel: 1, detectorId: 'L1', status: 'faulty', faults: ['chatter'], cause: 'chatter', at: at(60), details: { onEventsInMinute: 45 } },
    ]);
    health.onEvent(EventCode.DETECTOR_ON, 1, at(70));
    expect(health.closeMinute(at(60)).map((c) => [c.channel, c.status])).toEqual([[1, 'ok']]);
  });

  it('flags no data only when the phase had green and the lane should have seen vehicles', () => {
    const health = new DetectorHealthMonitor(CHANNELS, { streamStart: at(0) });
    // channel 3 (lane 3 of the through movement) counts one vehicle a minute, channel 2 (lane 2) never does;
    // phase 2 shows green each minute.
    let changes: string[] = [];
    for (let minute = 0; minute < 12; minute++) {
      health.onPhaseGreen(2, at(minute * 60 + 5), true);
      health.onEvent(EventCode.DETECTOR_ON, 3, at(minute * 60 + 10));
      health.onPhaseGreen(2, at(minute * 60 + 40), false);
      changes = changes.concat(health.closeMinute(at(minute * 60)).map((c) => `${c.at - at(0)}:${c.channel}:${c.status}:${c.cause}`));
    }
    // channel 2: silent since 0 s, > 600 s at the close of minute 10 (660 s), when lane 3 has seen 11 vehicles (≥ 8).
    // Channel 1: its phase 5 never green → not flagged.
    expect(changes).toEqual(['660000:2:faulty:no-data']);
    expect(health.onEvent(EventCode.DETECTOR_ON, 2, at(725))).toMatchObject({ status: 'ok', cause: 'no-data' });
  });

  it('leaves a quiet lane alone when the lanes of its movement saw few vehicles too', () => {
    const health = new DetectorHealthMonitor(CHANNELS, { streamStart: at(0) });
    // lane 3 sees a vehicle every other minute: 6 in 12 minutes, fewer than the 8 a silence needs
    let changes: string[] = [];
    for (let minute = 0; minute < 12; minute++) {
      health.onPhaseGreen(2, at(minute * 60 + 5), true);
      if (minute % 2 === 0) health.onEvent(EventCode.DETECTOR_ON, 3, at(minute * 60 + 10));
      health.onPhaseGreen(2, at(minute * 60 + 40), false);
      changes = changes.concat(health.closeMinute(at(minute * 60)).map((c) => `${c.channel}:${c.cause}`));
    }
    expect(changes).toEqual([]);
  });

  it('checks lane counts against the movement hourly, at the end of each hour', () => {
    const health = new DetectorHealthMonitor(CHANNELS, { streamStart: at(0) });
    const changes: string[] = [];
    for (let minute = 0; minute < 60; minute++) {
      // channel 2: 3 per minute (180/h); channel 3: 1 per minute (60/h); channel 1 busy enough to avoid no-data
      for (let i = 0; i < 3; i++) health.onEvent(EventCode.DETECTOR_ON, 2, at(minute * 60 + i));
      health.onEvent(EventCode.DETECTOR_ON, 3, at(minute * 60 + 30));
      health.onEvent(EventCode.DETECTOR_ON, 1, at(minute * 60 + 31));
      changes.push(...health.closeMinute(at(minute * 60)).map((c) => `${c.channel}:${c.status}:${c.cause}`));
    }
    // T2 = 180, T3 = 60 per hour; median 120: |180 − 120| / 120 = 50 % and |60 − 120| / 120 = 50 % → both flagged:
    // with two lanes a mismatch cannot tell which one is wrong, so both are excluded.
    expect(changes).toEqual(['2:faulty:count-mismatch', '3:faulty:count-mismatch']);
  });
});
