import { describe, expect, it } from 'vitest';
import { EventCode } from '../../../../services/contracts/records.js';
import { sortEvents } from '../../../../services/engine/measures/event-order.js';
import { greenToGreenCycles, phaseCycles } from '../../../../services/engine/measures/phase-intervals.js';
import { at, ev, phaseGreen } from '../../../fixtures/engine/event-builders.js';

const RED = (s: number, phase = 2) => [ev(s, EventCode.PHASE_END_YELLOW, phase), ev(s, EventCode.PHASE_BEGIN_RED_CLEARANCE, phase)];

describe('phase cycles (red-to-red)', () => {
  it('cuts cycles at the end of yellow and reports green, yellow and red', () => {
    // red from 0 s; green 60–100 s (force-off), yellow 100–103 s → cycle 1 = [0, 103) s.
    // green 163–203 s, yellow 203–206 s → cycle 2 = [103, 206) s.
    const events = sortEvents([
      ...RED(0),
      ...phaseGreen(2, 60, 100, { termination: 6 }),
      ...phaseGreen(2, 163, 203, { termination: 4 }),
    ]);
    const { cycles, dropped } = phaseCycles(events, 2, { yellowS: 3 });
    expect(dropped).toEqual([]);
    expect(cycles).toEqual([
      { phase: 2, cycleStart: at(0), greenStart: at(60), yellowStart: at(100), redStart: at(103), termination: 'force-off', inferred: [] },
      { phase: 2, cycleStart: at(103), greenStart: at(163), yellowStart: at(203), redStart: at(206), termination: 'gap-out', inferred: [] },
    ]);
  });

  it('takes the first of 4/5/6 inside the green as its termination', () => {
    // gap out at 100 s, then a (spurious) max out at the same instant: gap-out (code 4 sorts first)
    const events = sortEvents([...RED(0), ...phaseGreen(2, 60, 100), ev(100, EventCode.PHASE_MAX_OUT, 2), ev(100, EventCode.PHASE_GAP_OUT, 2)]);
    expect(phaseCycles(events, 2, { yellowS: 3 }).cycles[0]?.termination).toBe('gap-out');
  });

  it('starts red at code 10 when the controller does not log 9', () => {
    // yellow 100 s, no 9; 10 at 103 s → red from 10.
    const events = sortEvents([
      ...RED(0),
      ev(60, EventCode.PHASE_BEGIN_GREEN, 2),
      ev(100, EventCode.PHASE_BEGIN_YELLOW, 2),
      ev(103, EventCode.PHASE_BEGIN_RED_CLEARANCE, 2),
      ev(105, EventCode.PHASE_END_RED_CLEARANCE, 2),
    ]);
    const [cycle] = phaseCycles(events, 2, { yellowS: 3 }).cycles;
    expect(cycle).toMatchObject({ redStart: at(103), yellowStart: at(100), inferred: ['red-from-code-10'] });
  });

  it('infers a missing yellow start from code 7, else from the plan, and says so', () => {
    // no 8: 7 at 100 s gives the yellow start; the next cycle has neither 7 nor 8 → 9 at 206 s − 3 s yellow = 203 s.
    const events = sortEvents([
      ...RED(0),
      ev(60, EventCode.PHASE_BEGIN_GREEN, 2),
      ev(100, EventCode.PHASE_GREEN_TERMINATION, 2),
      ...RED(103),
      ev(163, EventCode.PHASE_BEGIN_GREEN, 2),
      ...RED(206),
    ]);
    const { cycles } = phaseCycles(events, 2, { yellowS: 3 });
    expect(cycles.map((c) => [c.yellowStart, c.inferred])).toEqual([
      [at(100), ['yellow-from-code-7']],
      [at(203), ['yellow-from-plan']],
    ]);
  });

  it('infers the red start from the plan when the next green comes without 9, 10 or 11', () => {
    // yellow at 100 s, next green at 163 s, nothing in between → red at 100 + 3 = 103 s.
    const events = sortEvents([
      ...RED(0),
      ev(60, EventCode.PHASE_BEGIN_GREEN, 2),
      ev(100, EventCode.PHASE_BEGIN_YELLOW, 2),
      ev(163, EventCode.PHASE_BEGIN_GREEN, 2),
      ev(203, EventCode.PHASE_BEGIN_YELLOW, 2),
      ...RED(206),
    ]);
    const { cycles } = phaseCycles(events, 2, { yellowS: 3 });
    expect(cycles.map((c) => [c.cycleStart, c.redStart, c.inferred])).toEqual([
      [at(0), at(103), ['red-from-plan']],
      [at(103), at(206), []],
    ]);
  });

  it('makes one long red-to-red cycle over a skipped phase (ATSPM)', () => {
    // phase 4 served at 40–60 s, skipped in the next controller cycle (no call), served at 240–260 s:
    // cycle [63, 263) s with red 63–240 s → 200 s.
    const events = sortEvents([...RED(0, 4), ...phaseGreen(4, 40, 60), ...phaseGreen(4, 240, 260)]);
    const { cycles } = phaseCycles(events, 4, { yellowS: 3 });
    expect(cycles.map((c) => [(c.redStart - c.cycleStart) / 1000, (c.greenStart - c.cycleStart) / 1000])).toEqual([
      [63, 40],
      [200, 177],
    ]);
  });

  it('drops what it cannot measure, with the reason', () => {
    // stream begins mid-green (start unknown); then a green restarted without an end; then a yellow without green.
    const events = sortEvents([
      ev(10, EventCode.PHASE_BEGIN_GREEN, 2),
      ev(50, EventCode.PHASE_BEGIN_YELLOW, 2),
      ...RED(53),
      ev(100, EventCode.PHASE_BEGIN_GREEN, 2),
      ev(130, EventCode.PHASE_BEGIN_GREEN, 2),
      ev(170, EventCode.PHASE_BEGIN_YELLOW, 2),
      ...RED(173),
      ev(300, EventCode.PHASE_BEGIN_YELLOW, 2),
      ...RED(303),
    ]);
    const { cycles, dropped } = phaseCycles(events, 2, { yellowS: 3 });
    expect(cycles).toEqual([]);
    expect(dropped.map((d) => [d.reason, d.at])).toEqual([
      ['start-unknown', at(53)],
      ['green-not-ended', at(130)],
      ['start-unknown', at(173)],
      ['missing-green', at(303)],
    ]);
  });

  it('survives a controller clock jump: no cycle spans the jump, cycles resume after it', () => {
    // normal cycle [0, 103); the clock jumps forward one hour during red; next green at 3600 + 60.
    // The cycle [103, 3703) would last 3600 s > 600 s → dropped as implausible; [3703, 3806) is normal again.
    const events = sortEvents([...RED(0), ...phaseGreen(2, 60, 100), ...phaseGreen(2, 3660, 3700), ...phaseGreen(2, 3763, 3803)]);
    const { cycles, dropped } = phaseCycles(events, 2, { yellowS: 3 });
    expect(dropped).toEqual([{ phase: 2, reason: 'implausible-length', at: at(3703) }]);
    expect(cycles.map((c) => [(c.cycleStart - at(0)) / 1000, (c.redStart - at(0)) / 1000])).toEqual([
      [0, 103],
      [3703, 3806],
    ]);
  });

  it('gives the same cycles when events arrive 2 s out of order (they are sorted first)', () => {
    const inOrder = sortEvents([...RED(0), ...phaseGreen(2, 60, 100), ...phaseGreen(2, 163, 203)]);
    // swap neighbours up to 2 s apart, as a feed delivering late by up to 2 s would
    const shuffled = [...inOrder];
    for (let i = 0; i + 1 < shuffled.length; i += 2) {
      const a = shuffled[i]!;
      const b = shuffled[i + 1]!;
      if (b.ts - a.ts <= 2000) [shuffled[i], shuffled[i + 1]] = [b, a];
    }
    expect(shuffled).not.toEqual(inOrder);
    expect(phaseCycles(sortEvents(shuffled), 2, { yellowS: 3 })).toEqual(phaseCycles(inOrder, 2, { yellowS: 3 }));
  });

  it('links consecutive cycles green to green', () => {
    // greens at 60 s and 163 s → one green-to-green cycle of 103 s
    const { cycles } = phaseCycles(sortEvents([...RED(0), ...phaseGreen(2, 60, 100), ...phaseGreen(2, 163, 203)]), 2, { yellowS: 3 });
    expect(greenToGreenCycles(cycles)).toEqual([{ phase: 2, greenStart: at(60), nextGreenStart: at(163), durationS: 103 }]);
  });
});
