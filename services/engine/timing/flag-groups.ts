/**
 * Suggestion flags grouped for display. The kinematic change-interval check flags nearly every
 * phase of a Chinese plan (yellow is fixed at 3 s by practice, shorter than the ITE value at
 * 50–60 km/h), so listing them one by one would bury the flags that matter; they are grouped
 * per code with the phases, approaches and the range of values. Every other flag stays as it is.
 * Pure; the dashboard renders the groups.
 */
import type { TimingFlag } from './suggestion.js';

type ChangeIntervalFlag = Extract<TimingFlag, { code: 'yellow-short' | 'all-red-short' }>;

/** Short yellows (or all-reds) of several phases in one line. */
export interface ChangeIntervalFlagGroup {
  code: 'yellow-short' | 'all-red-short';
  /** Distinct phases, ascending. */
  phases: number[];
  approachIds: string[];
  /** Range of the plan's values, s. */
  currentS: { min: number; max: number };
  /** Range of the kinematic values, s. */
  requiredS: { min: number; max: number };
}

export type DisplayFlag = { group: ChangeIntervalFlagGroup } | { flag: Exclude<TimingFlag, ChangeIntervalFlag> };

/**
 * Other flags first (in their order), then one group per change-interval code.
 *
 * @example
 * groupFlags([{ code: 'yellow-short', phase: 2, approachId: 'A-W', yellowS: 3, requiredS: 3.9 },
 *             { code: 'yellow-short', phase: 6, approachId: 'A-E', yellowS: 3, requiredS: 4.1 }])
 * // [{ group: { code: 'yellow-short', phases: [2, 6], approachIds: ['A-W', 'A-E'], currentS: { min: 3, max: 3 }, requiredS: { min: 3.9, max: 4.1 } } }]
 */
export function groupFlags(flags: readonly TimingFlag[]): DisplayFlag[] {
  const others: DisplayFlag[] = [];
  const groups = new Map<ChangeIntervalFlag['code'], ChangeIntervalFlag[]>();
  for (const flag of flags) {
    if (flag.code === 'yellow-short' || flag.code === 'all-red-short') {
      const list = groups.get(flag.code) ?? [];
      list.push(flag);
      groups.set(flag.code, list);
    } else {
      others.push({ flag });
    }
  }
  const grouped: DisplayFlag[] = [];
  for (const code of ['yellow-short', 'all-red-short'] as const) {
    const list = groups.get(code);
    if (!list) continue;
    const current = list.map((f) => (f.code === 'yellow-short' ? f.yellowS : f.allRedS));
    const required = list.map((f) => f.requiredS);
    grouped.push({
      group: {
        code,
        phases: [...new Set(list.map((f) => f.phase))].sort((a, b) => a - b),
        approachIds: [...new Set(list.map((f) => f.approachId))],
        currentS: { min: Math.min(...current), max: Math.max(...current) },
        requiredS: { min: Math.min(...required), max: Math.max(...required) },
      },
    });
  }
  return [...others, ...grouped];
}
