/**
 * The signal display of an intersection as the events arrive, before the reorder window.
 * A phase's colour is the state named by its newest event in (ts, code) order, so it does
 * not depend on the order events arrive in: the screens can show the signals at once,
 * while the measures wait for the reorder window to put every event in its place (DESIGN §3).
 */
import { EventCode, type ControllerEvent } from '../../contracts/records.js';

type Display = 'green' | 'yellow' | 'red';

const DISPLAY_OF: ReadonlyMap<number, Display> = new Map([
  [EventCode.PHASE_BEGIN_GREEN, 'green'],
  [EventCode.PHASE_BEGIN_YELLOW, 'yellow'],
  [EventCode.PHASE_END_YELLOW, 'red'],
  [EventCode.PHASE_BEGIN_RED_CLEARANCE, 'red'],
  [EventCode.PHASE_END_RED_CLEARANCE, 'red'],
]);

interface PhaseDisplay {
  ts: number;
  code: number;
  display: Display;
}

/**
 * @example
 * const signals = new LiveSignals([2, 4, 6, 8]);
 * signals.observe([{ ts: 1000, code: 1, param: 2, ... }]);
 * signals.greenPhases() // [2]
 */
export class LiveSignals {
  private readonly phases = new Map<number, PhaseDisplay>();
  private readonly known: ReadonlySet<number>;
  /** The newest event time seen (any event of the intersection), or null before the first. */
  newestTs: number | null = null;

  constructor(phaseNumbers: Iterable<number>) {
    this.known = new Set(phaseNumbers);
  }

  /** Takes events in any order, duplicates and late ones included. */
  observe(events: readonly ControllerEvent[]): void {
    for (const event of events) {
      if (this.newestTs === null || event.ts > this.newestTs) this.newestTs = event.ts;
      const display = DISPLAY_OF.get(event.code);
      if (!display || !this.known.has(event.param)) continue;
      const current = this.phases.get(event.param);
      // Newest by (ts, code): at one instant the controller logs in code order (yellow 8 before end of yellow 9).
      if (current && (current.ts > event.ts || (current.ts === event.ts && current.code >= event.code))) continue;
      this.phases.set(event.param, { ts: event.ts, code: event.code, display });
    }
  }

  /** Phases showing green, ascending; null before any phase event (nothing known yet). */
  greenPhases(): number[] | null {
    if (this.phases.size === 0) return null;
    return [...this.phases].filter(([, p]) => p.display === 'green').map(([phase]) => phase).sort((a, b) => a - b);
  }
}
