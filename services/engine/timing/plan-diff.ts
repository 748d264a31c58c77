/**
 * What changed between two timing plans (DESIGN §1: "plans are versioned and diffable"):
 * cycle, offset, coordinated phases, the ring-barrier structure and each phase's times —
 * the same fields the engineer reads on the plan card, before and after. Pure.
 */
import type { PhaseTiming, TimingPlan } from '../../../geo/network/network.schema.js';

/** The phase fields a diff compares, in display order. */
export const PHASE_DIFF_FIELDS = ['splitS', 'minGreenS', 'maxGreenS', 'yellowS', 'allRedS', 'pedWalkS', 'pedClearS'] as const;
export type PhaseDiffField = (typeof PHASE_DIFF_FIELDS)[number];

/** A value before and after (null: absent on that side). */
export interface ValueChange<T> {
  from: T | null;
  to: T | null;
}

export interface PhaseDiff {
  phase: number;
  status: 'added' | 'removed' | 'changed' | 'same';
  /** Only the fields whose value differs. */
  changes: Partial<Record<PhaseDiffField, ValueChange<number>>>;
}

export interface PlanDiff {
  changed: boolean;
  planId: ValueChange<string> | null;
  cycleS: ValueChange<number> | null;
  offsetS: ValueChange<number> | null;
  coordinatedPhases: ValueChange<number[]> | null;
  /** Ring order or barriers differ (a structural change, not a retiming). */
  structureChanged: boolean;
  /** Every phase of either plan, by phase number. */
  phases: PhaseDiff[];
}

/**
 * @example
 * const d = diffPlans(v1, v2);
 * d.cycleS // { from: 140, to: 125 }
 * d.phases.find((p) => p.phase === 2)?.changes.splitS // { from: 52, to: 47 }
 */
export function diffPlans(from: TimingPlan, to: TimingPlan): PlanDiff {
  const change = <T>(a: T, b: T): ValueChange<T> | null => (JSON.stringify(a) === JSON.stringify(b) ? null : { from: a, to: b });
  const before = new Map(from.phases.map((p) => [p.phase, p]));
  const after = new Map(to.phases.map((p) => [p.phase, p]));
  const numbers = [...new Set([...before.keys(), ...after.keys()])].sort((a, b) => a - b);
  const phases = numbers.map((phase): PhaseDiff => {
    const a = before.get(phase);
    const b = after.get(phase);
    const changes: PhaseDiff['changes'] = {};
    for (const field of PHASE_DIFF_FIELDS) {
      const x = valueOf(a, field);
      const y = valueOf(b, field);
      if (x !== y) changes[field] = { from: x, to: y };
    }
    const status = !a ? 'added' : !b ? 'removed' : Object.keys(changes).length > 0 ? 'changed' : 'same';
    return { phase, status, changes };
  });
  const structureChanged = JSON.stringify(from.rings) !== JSON.stringify(to.rings) || JSON.stringify(from.barriers) !== JSON.stringify(to.barriers);
  const diff = {
    planId: change(from.id, to.id),
    cycleS: change(from.cycleS, to.cycleS),
    offsetS: change(from.offsetS, to.offsetS),
    coordinatedPhases: change([...from.coordinatedPhases], [...to.coordinatedPhases]),
    structureChanged,
    phases,
  };
  const changed = diff.cycleS !== null || diff.offsetS !== null || diff.coordinatedPhases !== null || structureChanged || phases.some((p) => p.status !== 'same');
  return { changed, ...diff };
}

function valueOf(timing: PhaseTiming | undefined, field: PhaseDiffField): number | null {
  const value = timing?.[field];
  return typeof value === 'number' ? value : null;
}
