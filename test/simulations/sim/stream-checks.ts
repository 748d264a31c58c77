/**
 * Checks of a simulated event stream that several suites share: ring-barrier sequences of
 * controller events and the pairing of detector on/off events. Each returns the violations
 * found (empty when the stream is sound), so a failing test shows what went wrong.
 */
import { barrierGroups } from '../../../geo/network/plan-rules.js';
import type { TimingPlan } from '../../../geo/network/network.schema.js';
import type { ControllerEvent } from '../../../services/contracts/records.js';

/** What follows each phase event in a well-formed sequence (4/5/6 are optional before 7). */
const NEXT: Record<number, number[]> = { 1: [4, 5, 6, 7], 4: [7], 5: [7], 6: [7], 7: [8], 8: [9], 9: [10], 10: [11], 11: [1] };
const PHASE_CODES = new Set([1, 4, 5, 6, 7, 8, 9, 10, 11]);

interface ServiceInterval {
  phase: number;
  start: number;
  end: number;
}

/**
 * Violations of the controller sequence rules for one intersection's events: per phase
 * 1 → (4|5|6) → 7 → 8 → 9 → 10 → 11 → 1; per ring one phase at a time; phases of different
 * barrier groups never overlap (all rings cross a barrier together).
 */
export function controllerViolations(events: readonly ControllerEvent[], plan: TimingPlan): string[] {
  const violations: string[] = [];
  const last = new Map<number, number>();
  const open = new Map<number, number>();
  const intervals: ServiceInterval[] = [];
  for (const e of events) {
    if (!PHASE_CODES.has(e.code)) continue;
    const previous = last.get(e.param);
    if (previous === undefined) {
      if (e.code !== 1) continue; // the stream may start mid-cycle
    } else if (!(NEXT[previous] ?? []).includes(e.code)) {
      violations.push(`phase ${e.param}: ${e.code} after ${previous} at ${e.ts}`);
    }
    last.set(e.param, e.code);
    if (e.code === 1) open.set(e.param, e.ts);
    if (e.code === 11 && open.has(e.param)) {
      intervals.push({ phase: e.param, start: open.get(e.param) as number, end: e.ts });
      open.delete(e.param);
    }
  }
  const ringOf = new Map(plan.rings.flatMap((ring, r) => ring.map((p) => [p, r] as const)));
  const groupOf = new Map((barrierGroups(plan) ?? []).flatMap((group, g) => group.flat().map((p) => [p, g] as const)));
  for (let i = 0; i < intervals.length; i++) {
    for (let j = i + 1; j < intervals.length; j++) {
      const a = intervals[i] as ServiceInterval;
      const b = intervals[j] as ServiceInterval;
      if (a.start >= b.end || b.start >= a.end) continue;
      if (ringOf.get(a.phase) === ringOf.get(b.phase)) violations.push(`ring overlap: phases ${a.phase} and ${b.phase} at ${b.start}`);
      if (groupOf.get(a.phase) !== groupOf.get(b.phase)) violations.push(`barrier crossed apart: phases ${a.phase} and ${b.phase} at ${b.start}`);
    }
  }
  return violations;
}

/** Violations of detector pairing for one intersection: per channel 82, 81, 82, 81 … with rising times. */
export function detectorViolations(events: readonly ControllerEvent[]): string[] {
  const violations: string[] = [];
  const state = new Map<number, { on: boolean; ts: number }>();
  for (const e of events) {
    if (e.code !== 81 && e.code !== 82) continue;
    const s = state.get(e.param);
    if (!s) {
      if (e.code === 81) violations.push(`channel ${e.param}: off without on at ${e.ts}`);
    } else {
      if ((e.code === 82) === s.on) violations.push(`channel ${e.param}: ${e.code} twice at ${e.ts}`);
      if (e.ts <= s.ts) violations.push(`channel ${e.param}: ${e.code} at ${e.ts} not after ${s.ts}`);
    }
    state.set(e.param, { on: e.code === 82, ts: e.ts });
  }
  return violations;
}

/** Events of one intersection. */
export function of(events: readonly ControllerEvent[], intersectionId: string): ControllerEvent[] {
  return events.filter((e) => e.intersectionId === intersectionId);
}
