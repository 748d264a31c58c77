import { describe, expect, it } from 'vitest';
import { EventCode, type ControllerEvent } from '../../../../services/contracts/records.js';
import { sortEvents } from '../../../../services/engine/measures/event-order.js';
import { buildLayout } from '../../../../services/engine/shard/intersection-layout.js';
import { IntersectionShard, type ShardStep } from '../../../../services/engine/shard/intersection-shard.js';
import type { CoreOutputs } from '../../../../services/engine/shard/measure-core.js';
import { at, ev, phaseGreen, vehicle } from '../../../fixtures/engine/event-builders.js';
import { twoIntersectionNetwork } from '../../../helpers/networks.js';

const network = twoIntersectionNetwork();
const A = network.intersections.find((i) => i.id === 'A')!;

function newShard(reorderWindowMs = 3000, streamStart = at(0)) {
  return new IntersectionShard(A, buildLayout(A, A.plan), { reorderWindowMs }, streamStart);
}

/** Accumulates every step's outputs. */
function collect(steps: ShardStep[]): CoreOutputs & { alerts: ShardStep['alerts'] } {
  const all = { cycles: [], movementMinutes: [], approachMinutes: [], intersectionMinutes: [], detectorChanges: [], signals: [], alerts: [] } as CoreOutputs & { alerts: ShardStep['alerts'] };
  for (const step of steps) {
    for (const key of ['cycles', 'movementMinutes', 'approachMinutes', 'intersectionMinutes', 'detectorChanges', 'signals'] as const) (all[key] as unknown[]).push(...step.outputs[key]);
    all.alerts.push(...step.alerts);
  }
  return all;
}

const RED = (s: number, phase = 2) => [ev(s, EventCode.PHASE_END_YELLOW, phase), ev(s, EventCode.PHASE_BEGIN_RED_CLEARANCE, phase)];

/**
 * Approach A-W, phase 2 (through lanes 2–3: stop bars ch 2, 3; advance ch 6, 7 at 100 m, 50 km/h
 * → 7.2 s to the stop line; right lane 4: stop bar ch 4 only).
 * Red from 0 s. Cycle 1: green 60–100 s, yellow 100–103 s → [0, 103). Cycle 2: green 163–203 s → [103, 206).
 * Cycle 3 (no vehicles): green 266–306 s → [206, 309).
 */
function scenario(): ControllerEvent[] {
  return sortEvents([
    ...RED(0),
    ...phaseGreen(2, 60, 100, { termination: 6 }),
    ...phaseGreen(2, 163, 203, { termination: 6 }),
    ...phaseGreen(2, 266, 306, { termination: 6 }),
    // advance detections: arrivals at 27.2 (red), 77.2 (green), 102.2 (yellow); 107.2 (cycle 2, red)
    ...vehicle(6, 20, 0.3),
    ...vehicle(6, 70, 0.3),
    ...vehicle(6, 95, 0.3),
    ...vehicle(7, 100, 0.3),
    // stop bars: lane 2 busy 60–96 s, lane 3 62–97 s (union 60–97 → GOR 37/40); lane 2 again 103–107.5 s (ROR5 4.5/5)
    ev(60, EventCode.DETECTOR_ON, 2),
    ev(96, EventCode.DETECTOR_OFF, 2),
    ev(62, EventCode.DETECTOR_ON, 3),
    ev(97, EventCode.DETECTOR_OFF, 3),
    ev(103, EventCode.DETECTOR_ON, 2),
    ev(107.5, EventCode.DETECTOR_OFF, 2),
    // keeps time moving to 12 minutes (a pedestrian call is stored and ignored by the measures)
    ev(720, EventCode.PED_CALL, 2),
  ]);
}

describe('intersection shard: cycles', () => {
  it('measures a red-to-red cycle as worked by hand', () => {
    const shard = newShard(0);
    const out = collect([shard.accept(scenario())]);
    const cycles = out.cycles.filter((c) => c.phase === 2);
    expect(cycles).toHaveLength(3);
    // Cycle 1 [0, 103): red 60 s, green 40 s, yellow 3 s. Counting detectors of phase 2: advance ch 6, 7 (lanes 2, 3),
    // counted where the vehicles reach the stop line, and stop bar ch 4 (lane 4): arrivals at 27.2, 77.2, 102.2 s → 3
    // vehicles (the one detected at 100 s arrives at 107.2 s, in cycle 2).
    // Arrivals 27.2 red, 77.2 green, 102.2 yellow → %AoG 33.3; Rp = (1/3) / (40/103) = 0.8583.
    // GOR: union of lanes 2–3 over 60–100 s = 37 s → 0.925; ROR5: 103–107.5 of 103–108 → 0.9 → split failure.
    // ATSPM delay: the red arrival waits 60 − 27.2 = 32.8 s; ÷ 3 arrivals = 10.933 s.
    // Queue (through, both lanes with advance detectors → scale 1): 0 residual + 1 on red = 1 vehicle.
    // Split = 40 green + 3 yellow + 2 red clearance (code 11 at 105 s) = 45 s.
    const [first] = cycles;
    expect(first).toMatchObject({
      intersectionId: 'A',
      phase: 2,
      cycleStart: at(0),
      greenStart: at(60),
      yellowStart: at(100),
      redStart: at(103),
      greenS: 40,
      yellowS: 3,
      redS: 60,
      termination: 'force-off',
      volume: 3,
      arrivalsOnGreen: 1,
      arrivalsOnRed: 1,
      arrivalsOnYellow: 1,
      splitFailure: true,
      splitS: 45,
      maxQueueVeh: 1,
      spillback: false,
      approachIds: ['A-W'],
      sourceTs: at(113),
    });
    expect(first!.aogPct).toBeCloseTo(33.333, 3);
    expect(first!.platoonRatio).toBeCloseTo(0.8583, 4);
    expect(first!.gor).toBeCloseTo(0.925, 10);
    expect(first!.ror5).toBeCloseTo(0.9, 10);
    expect(first!.atspmDelayS).toBeCloseTo(10.9333, 4);
    expect(first!.arrivalOffsetsS.map((s) => Math.round(s * 10) / 10)).toEqual([27.2, 77.2, 102.2]);
  });

  it('measures a cycle with no vehicles as empty, not as failed', () => {
    const out = collect([newShard(0).accept(scenario())]);
    const third = out.cycles.find((c) => c.phase === 2 && c.cycleStart === at(206))!;
    expect(third).toMatchObject({ volume: 0, arrivalsOnGreen: 0, arrivalsOnRed: 0, aogPct: null, platoonRatio: null, gor: 0, ror5: 0, splitFailure: false, maxQueueVeh: 0 });
  });

  it('gives the same results whatever the batches, with events 2 s out of order inside a 3 s window', () => {
    const events = scenario();
    const reference = collect([newShard(0).accept(events)]);
    // deliver in batches of 3 events, each batch reversed (neighbours up to 2 s apart swap places)
    const shard = newShard(3000);
    const steps: ShardStep[] = [];
    for (let i = 0; i < events.length; i += 3) {
      const batch = events.slice(i, i + 3).reverse();
      steps.push(shard.accept(batch));
    }
    steps.push(shard.idle(at(720)));
    const batched = collect(steps);
    expect(steps.every((s) => s.lateEvents === 0)).toBe(true);
    expect(batched.cycles).toEqual(reference.cycles);
    expect(batched.movementMinutes).toEqual(reference.movementMinutes);
    expect(batched.approachMinutes).toEqual(reference.approachMinutes);
  });
});

describe('intersection shard: minutes', () => {
  it('closes a minute one minute after its end with the additive movement record', () => {
    const out = collect([newShard(0).accept(scenario())]);
    // Minute 0 and 1 close at 120 s and 180 s; the last event (720 s) closes minutes up to 9 (ends 600 s, closes 660 s).
    const minutes = [...new Set(out.movementMinutes.map((m) => (m.ts - at(0)) / 60000))];
    expect(minutes).toEqual([0, 1, 2, 3, 4, 5]);
    const through = (minute: number) => out.movementMinutes.find((m) => m.ts === at(minute * 60) && m.approachId === 'A-W' && m.movement === 'T')!;
    // Minute 1 [60, 120): vehicles reaching the stop line at 77.2 (green), 102.2 (yellow), 107.2 s (red) → 3;
    // green 60–100 s → 40 s; cycle 1 ended at 103 s: 1 cycle of 103 s, 40 s effective green, 1 split failure, queue 1.
    expect(through(1)).toMatchObject({ volumeVeh: 3, arrivals: 3, arrivalsOnGreen: 1, arrivalsOnYellow: 1, arrivalsOnRed: 1, greenS: 40, cycles: 1, cycleS: 103, cycleEffectiveGreenS: 40, splitFailures: 1, queueVehSum: 1, spillbackCycles: 0 });
    // the red arrival at 27.2 s waited until green at 60 s: 32.8 s, booked in the minute the wait ended (minute 1)
    expect(through(1).redArrivalWaitS).toBeCloseTo(32.8, 6);
    // Minute 0: one vehicle, arriving on red at 27.2 s; no green
    expect(through(0)).toMatchObject({ volumeVeh: 1, arrivals: 1, arrivalsOnRed: 1, greenS: 0, cycles: 0 });
    // Minute 2 [120, 180): green 163–180 s = 17 s
    expect(through(2).greenS).toBeCloseTo(17, 6);
  });

  it('derives the approach minute from the 5 minutes ending with it', () => {
    const out = collect([newShard(0).accept(scenario())]);
    const row = out.approachMinutes.find((m) => m.ts === at(240) && m.approachId === 'A-W')!;
    // Window minutes 0–4 (300 s): A-W through counted 4 vehicles → 48 veh/h. Cycles ending in the window: 103, 206 s
    // (cycle 3 ends at 309 s, minute 5) → g/C = 80 / 206 = 0.38835, C = 103 s.
    // Through: c = 1800 · 2 · 0.38835 = 1398.1 veh/h, X = 0.03433; P = 1/4 arrivals on green = 0.25 → Rp = 0.6437 → f_PA 0.93,
    //   PF = 0.75 · 0.93 / 0.61165 = 1.14036; d1 = 0.5 · 103 · 0.61165² / (1 − 0.03433 · 0.38835) = 19.2679 / 0.98667 = 19.5282;
    //   d2 = 225 · [−0.96567 + √(0.93252 + 8 · 0.5 · 0.03433 / (1398.1 · 0.25))] = 225 · (0.96587 − 0.96567) = 0.0457 → d = 22.314 s
    // Right (lane 4) and left counted nothing → the approach delay is the through movement's: 22.31 s → LOS C; index 2 + 2 · 2.31/15 = 2.31
    expect(row.volumeVeh).toBe(0);
    expect(row.flowVph).toBeCloseTo(48, 6);
    expect(row.controlDelayS).toBeCloseTo(22.31, 1);
    expect(row.los).toBe('C');
    expect(row.congestionIndex).toBeCloseTo(2.31, 1);
    expect(row.level).toBe('mostly-smooth');
    expect(row.aogPct).toBeCloseTo(25, 6);
    expect(row.linkSpeedKmh).not.toBeNull();
  });
});

describe('intersection shard: faults, gaps and lateness', () => {
  it('reads a detector stuck on through red as split failures, then flags it once and leaves it out', () => {
    const events = sortEvents([
      ...RED(0),
      ...phaseGreen(2, 60, 100),
      ...phaseGreen(2, 163, 203),
      ...phaseGreen(2, 266, 306),
      ...phaseGreen(2, 369, 409),
      ev(50, EventCode.DETECTOR_ON, 2), // never released
      ev(900, EventCode.PED_CALL, 2),
    ]);
    const out = collect([newShard(0).accept(events)]);
    const cycles = out.cycles.filter((c) => c.phase === 2);
    // Before the stuck-on limit (max(100 s cycle, 300 s) → flagged at 50 + 300 = 350 s), the stuck lane fills GOR and ROR5.
    expect(cycles.slice(0, 3).map((c) => [c.gor, c.ror5, c.splitFailure])).toEqual([
      [1, 1, true],
      [1, 1, true],
      [1, 1, true],
    ]);
    // cycle 4 (red 309 s, green 369–409 s) ends at 412 s, after the flag: lane 2 is excluded → nothing occupied.
    expect(cycles[3]).toMatchObject({ gor: 0, ror5: 0, splitFailure: false });
    expect(out.detectorChanges).toEqual([expect.objectContaining({ detectorId: 'A-W-SB2', status: 'faulty', cause: 'stuck-on', at: at(350) })]);
    expect(out.alerts.filter((a) => a.kind === 'detector-fault')).toEqual([expect.objectContaining({ id: `detector-fault:A-W-SB2:${at(350)}`, status: 'open', detectorId: 'A-W-SB2' })]);
    expect(out.approachMinutes.find((m) => m.approachId === 'A-W' && m.ts === at(360))?.degraded).toContain('detector-fault');
  });

  it('survives a controller clock jump forward: no cycle spans it, minutes resume after it', () => {
    const events = sortEvents([...RED(0), ...phaseGreen(2, 60, 100), ...phaseGreen(2, 3660, 3700), ...phaseGreen(2, 3763, 3803), ...vehicle(6, 3770), ev(4000, EventCode.PED_CALL, 2)]);
    const out = collect([newShard(0).accept(events)]);
    expect(out.cycles.filter((c) => c.phase === 2).map((c) => [(c.cycleStart - at(0)) / 1000, (c.redStart - at(0)) / 1000])).toEqual([
      [0, 103],
      [3703, 3806],
    ]);
    // minutes with no event at all are not reported (the controller said nothing), the others are
    const minutes = [...new Set(out.intersectionMinutes.map((m) => (m.ts - at(0)) / 60000))];
    expect(minutes).toEqual([0, 1, 61, 62, 63]);
    // the dropped cycle (red 103 → 3703 s, longer than 600 s) marks its minute (61) as missing phase events
    expect(out.approachMinutes.find((m) => m.approachId === 'A-W' && m.ts === at(61 * 60))?.degraded).toContain('missing-phase-events');
  });

  it('reports late events (older than the released frontier) and drops re-deliveries', () => {
    const shard = newShard(3000);
    const first = shard.accept([...RED(0), ...phaseGreen(2, 60, 100)]);
    expect(first.lateFrom).toBeNull();
    // released up to 105 − 3 = 102 s; a vehicle at 50 s is late, a re-delivered green start is a duplicate
    const late = shard.accept([...vehicle(6, 50), ev(60, EventCode.PHASE_BEGIN_GREEN, 2)]);
    expect(late).toMatchObject({ lateFrom: at(50), lateEvents: 2, duplicates: 1 });
    // a controller clock jumping back 10 minutes makes everything it sends late
    const back = shard.accept(vehicle(6, 600 - 600 + 1));
    expect(back.lateFrom).toBe(at(1));
  });

  it('opens and closes flash and power-failure alerts from the controller events', () => {
    const shard = newShard(0);
    const out = collect([
      shard.accept([ev(10, EventCode.FLASH_STATUS_CHANGE, 6), ev(20, EventCode.FLASH_STATUS_CHANGE, 2), ev(30, EventCode.POWER_FAILURE_DETECTED, 0), ev(40, EventCode.PED_CALL, 1)]),
    ]);
    expect(out.alerts.map((a) => [a.kind, a.status])).toEqual([
      ['flash', 'open'],
      ['flash', 'closed'],
      ['power-failure', 'open'],
    ]);
    expect(shard.state().controllerFault).toBe('power-failure');
  });

  it('raises a silence alert by the wall clock and closes it when events come back', () => {
    const shard = newShard(0);
    shard.accept([ev(1, EventCode.PED_CALL, 2)], 1_000_000);
    expect(shard.clock(1_000_000 + 119_000)).toEqual([]);
    const opened = shard.clock(1_000_000 + 121_000);
    expect(opened).toEqual([expect.objectContaining({ kind: 'silent', status: 'open', severity: 'critical' })]);
    expect(shard.state().silent).toBe(true);
    const resumed = shard.accept([ev(200, EventCode.PED_CALL, 2)], 1_000_000 + 200_000);
    expect(resumed.alerts).toEqual([expect.objectContaining({ kind: 'silent', status: 'closed' })]);
  });
});

describe('intersection shard: live state', () => {
  it('reports the green phases, flows and indices of the rolling window', () => {
    const shard = newShard(0);
    shard.accept(sortEvents([...RED(0), ...phaseGreen(2, 60, 100), ev(163, EventCode.PHASE_BEGIN_GREEN, 2), ...vehicle(6, 20), ...vehicle(6, 70), ev(170, EventCode.PED_CALL, 2)]));
    const state = shard.state();
    // the signals stand at the newest event received (170 s), ahead of the reorder window
    expect(state).toMatchObject({ intersectionId: 'A', planId: 'A-P1', cycleS: 100, greenPhases: [2], silent: false, controllerFault: null, sourceTs: at(170) });
    // the event at 170 s is held (another at the same instant may follow) but time has reached it: the measures reflect
    // events up to 163 s. Window: minutes 0–1 whole + 50 s of minute 2 = 170 s; 2 vehicles → 42.35 veh/h on A-W
    const west = state.approaches.find((a) => a.approachId === 'A-W')!;
    expect(west.sourceTs).toBe(at(163));
    expect(west.flowVph).toBeCloseTo((2 * 3600) / 170, 6);
    expect(west.movements?.map((m) => m.type)).toEqual(['L', 'T', 'R']);
    expect(west.degraded).toEqual([]);
  });
});
