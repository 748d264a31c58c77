import { describe, expect, it } from 'vitest';
import { EventCode, type ControllerEvent } from '../../../../services/contracts/records.js';
import { LiveSignals } from '../../../../services/engine/shard/live-signals.js';
import { at, ev } from '../../../fixtures/engine/event-builders.js';

/** Phase 2: green 100 s, yellow 140 s, red clearance 143 s; phase 4: green 145 s. */
const CYCLE: ControllerEvent[] = [
  ev(100, EventCode.PHASE_BEGIN_GREEN, 2),
  ev(140, EventCode.PHASE_BEGIN_YELLOW, 2),
  ev(143, EventCode.PHASE_END_YELLOW, 2),
  ev(143, EventCode.PHASE_BEGIN_RED_CLEARANCE, 2),
  ev(145, EventCode.PHASE_END_RED_CLEARANCE, 2),
  ev(145, EventCode.PHASE_BEGIN_GREEN, 4),
];

describe('live signals (the display before the reorder window)', () => {
  it('knows nothing before a phase event, then shows the phases the newest events say are green', () => {
    const signals = new LiveSignals([2, 4, 6, 8]);
    expect(signals.greenPhases()).toBeNull();
    signals.observe(CYCLE.slice(0, 1));
    expect(signals.greenPhases()).toEqual([2]);
    signals.observe(CYCLE.slice(1));
    expect(signals.greenPhases()).toEqual([4]);
    expect(signals.newestTs).toBe(at(145));
  });

  it('gives the same display whatever order the events arrive in, late and repeated ones included', () => {
    const inOrder = new LiveSignals([2, 4]);
    inOrder.observe(CYCLE);
    const shuffled = new LiveSignals([2, 4]);
    // newest first, one batch at a time, then everything again
    for (const event of [...CYCLE].reverse()) shuffled.observe([event]);
    shuffled.observe(CYCLE);
    expect(shuffled.greenPhases()).toEqual(inOrder.greenPhases());
    expect(shuffled.greenPhases()).toEqual([4]);
    // at one instant the controller's code order decides: end of yellow (9) after begin yellow (8)
    const sameInstant = new LiveSignals([2]);
    sameInstant.observe([ev(143, EventCode.PHASE_END_YELLOW, 2), ev(143, EventCode.PHASE_BEGIN_YELLOW, 2), ev(100, EventCode.PHASE_BEGIN_GREEN, 2)]);
    expect(sameInstant.greenPhases()).toEqual([]);
  });

  it('ignores phases the plan does not have and detector events, whose times still count as the newest', () => {
    const signals = new LiveSignals([2]);
    signals.observe([ev(10, EventCode.PHASE_BEGIN_GREEN, 7), ev(12, EventCode.DETECTOR_ON, 3)]);
    expect(signals.greenPhases()).toBeNull();
    expect(signals.newestTs).toBe(at(12));
  });
});
