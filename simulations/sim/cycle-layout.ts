/**
 * Fixed-time NEMA ring-barrier timing: where each phase's green, yellow and red
 * clearance fall in a cycle, and where cycles start so that intersections are coordinated.
 *
 * Conventions (shared by every part of the product):
 * - A cycle starts at the first barrier: every ring begins its first barrier group together.
 *   Within a ring the phases of a barrier group run in ring order, each for its split
 *   (green + yellow + all-red); at a barrier all rings cross together.
 * - Offset: the cycle reference is local midnight (network time zone, Asia/Shanghai for the
 *   showcase) + k·C; `plan.offsetS` is the time from the reference to the START of green of
 *   `plan.coordinatedPhases[0]` (normally 2). Without coordinated phases, the offset locates
 *   the cycle start itself.
 * - Slack (a ring of a barrier group shorter than the group, or a transition dwell) goes to the
 *   coordinated phase of that ring when the group has one, otherwise to the ring's last phase of
 *   the group — controllers dwell in the coordinated phase.
 * - Transition: a cycle whose successor would not start on the successor plan's grid (local
 *   midnight moved the grid, or the plan changed) dwells in its coordinated phases until the next
 *   grid point, so the next cycle starts in step (0 ≤ dwell < C).
 * All times are integer epoch milliseconds.
 */
import { barrierGroups } from '../../geo/network/plan-rules.js';
import type { PhaseTiming, TimingPlan } from '../../geo/network/network.schema.js';
import { localMidnight } from './local-time.js';

/** One phase's service in one cycle: green [greenStart, yellowStart), yellow, then red clearance until redEnd. */
export interface PhaseInterval {
  phase: number;
  greenStart: number;
  yellowStart: number;
  redStart: number;
  redEnd: number;
}

/** A plan prepared for layout: durations in ms. */
export interface CycleTemplate {
  plan: TimingPlan;
  cycleMs: number;
  offsetMs: number;
  /** Start of green of the first coordinated phase, ms after the cycle start (0 without coordination). */
  coordinatedGreenMs: number;
  /** Barrier groups: `groups[barrier][ring]` = phases in service order. */
  groups: number[][][];
  timings: Map<number, PhaseTiming>;
}

/** Seconds (possibly fractional, as plans allow 0.1 s) to whole milliseconds. */
export const toMs = (seconds: number): number => Math.round(seconds * 1000);

/**
 * Prepares a plan for layout. The plan must pass `checkPlan` (the caller validates).
 *
 * @example cycleTemplate(plan).coordinatedGreenMs // 15000 for ring [1,2,3,4] with a 15 s phase 1 and coordinated phase 2
 */
export function cycleTemplate(plan: TimingPlan): CycleTemplate {
  const groups = barrierGroups(plan);
  if (!groups) throw new RangeError(`plan ${plan.id}: barriers do not partition the rings`);
  const template: CycleTemplate = {
    plan,
    cycleMs: toMs(plan.cycleS),
    offsetMs: toMs(plan.offsetS),
    coordinatedGreenMs: 0,
    groups,
    timings: new Map(plan.phases.map((t) => [t.phase, t])),
  };
  const coordinated = plan.coordinatedPhases[0];
  if (coordinated !== undefined) {
    const found = layoutCycle(template, 0, 0).find((i) => i.phase === coordinated);
    template.coordinatedGreenMs = found?.greenStart ?? 0;
  }
  return template;
}

/**
 * The phase intervals of one cycle starting at `cycleStart`, stretched by `dwellMs` in
 * the coordinated phases' barrier group. Sorted by green start, then phase.
 *
 * @example layoutCycle(cycleTemplate(plan), t0, 0) // [{ phase: 1, greenStart: t0, ... }, { phase: 5, ... }, ...]
 */
export function layoutCycle(template: CycleTemplate, cycleStart: number, dwellMs: number): PhaseInterval[] {
  const { groups, timings, plan } = template;
  const splitMs = (phase: number) => toMs(timings.get(phase)?.splitS ?? 0);
  const groupLengths = groups.map((group) => Math.max(...group.map((ring) => ring.reduce((s, p) => s + splitMs(p), 0))));
  // Splits may miss the cycle by up to 0.5 s (checkPlan's tolerance): the last group takes the difference.
  const total = groupLengths.reduce((s, l) => s + l, 0);
  groupLengths[groupLengths.length - 1] = (groupLengths.at(-1) ?? 0) + template.cycleMs - total;
  const coordinated = new Set(plan.coordinatedPhases);
  const coordinatedGroup = groups.findIndex((group) => group.some((ring) => ring.some((p) => p === plan.coordinatedPhases[0])));
  if (coordinatedGroup >= 0) groupLengths[coordinatedGroup] = (groupLengths[coordinatedGroup] ?? 0) + dwellMs;
  else groupLengths[0] = (groupLengths[0] ?? 0) + dwellMs;

  const intervals: PhaseInterval[] = [];
  let groupStart = cycleStart;
  groups.forEach((group, b) => {
    const length = groupLengths[b] ?? 0;
    for (const ring of group) {
      if (ring.length === 0) continue;
      const slack = length - ring.reduce((s, p) => s + splitMs(p), 0);
      const absorber = ring.find((p) => coordinated.has(p)) ?? (ring.at(-1) as number);
      let t = groupStart;
      for (const phase of ring) {
        const timing = timings.get(phase) as PhaseTiming;
        const split = splitMs(phase) + (phase === absorber ? slack : 0);
        const yellow = toMs(timing.yellowS);
        const allRed = toMs(timing.allRedS);
        const green = Math.max(0, split - yellow - allRed);
        intervals.push({ phase, greenStart: t, yellowStart: t + green, redStart: t + green + yellow, redEnd: t + green + yellow + allRed });
        t += green + yellow + allRed;
      }
    }
    groupStart += length;
  });
  return intervals.sort((a, b) => a.greenStart - b.greenStart || a.phase - b.phase);
}

/**
 * The first grid point (start of coordinated green) at or after `ts`: local midnight of the
 * day containing `ts` + offset + k·C.
 *
 * @example nextGridPoint(template, ts, 'Asia/Shanghai')
 */
export function nextGridPoint(template: CycleTemplate, ts: number, timeZone: string): number {
  const reference = localMidnight(ts, timeZone) + template.offsetMs;
  return reference + Math.ceil((ts - reference) / template.cycleMs) * template.cycleMs;
}

/**
 * Start of the cycle (first barrier) in progress at `ts`, on the plan's grid.
 *
 * @example firstCycleStart(template, Date.parse('2026-11-27T07:00:00+08:00'), 'Asia/Shanghai')
 */
export function firstCycleStart(template: CycleTemplate, ts: number, timeZone: string): number {
  const coordinatedGreen = ts + template.coordinatedGreenMs;
  const reference = localMidnight(coordinatedGreen, timeZone) + template.offsetMs;
  const k = Math.floor((coordinatedGreen - reference) / template.cycleMs);
  return reference + k * template.cycleMs - template.coordinatedGreenMs;
}

/**
 * The dwell that makes the next cycle (under `next`, which may be the same plan) start on
 * its grid when the current cycle (under `current`) starts at `cycleStart`.
 *
 * @example transitionDwellMs(t, t, start, 'Asia/Shanghai') // 0 on an ordinary day
 */
export function transitionDwellMs(current: CycleTemplate, next: CycleTemplate, cycleStart: number, timeZone: string): number {
  const candidate = cycleStart + current.cycleMs + next.coordinatedGreenMs;
  return nextGridPoint(next, candidate, timeZone) - candidate;
}
