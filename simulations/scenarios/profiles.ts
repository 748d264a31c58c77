/**
 * Time-of-day demand profiles. Demand is expressed relative to the AM peak hour (level 1.0),
 * with a tidal component: +1 when the corridors' main direction carries the peak (morning),
 * −1 when the opposite direction does (evening).
 *
 * The daily curve has the usual weekday shape of a large city centre (two peaks, a midday
 * plateau at ~70 % of the peak, a night trough near 10 %); the numbers are illustrative, not
 * survey data.
 */

/** The named scenarios. `live` follows the local time of day of the simulated clock. */
export const SCENARIO_NAMES = ['am-peak', 'midday', 'pm-peak', 'night', 'live'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface DemandLevel {
  /** Demand relative to the AM peak hour. */
  level: number;
  /** −1 (evening tide) … +1 (morning tide). */
  tidal: number;
}

/** [local minute of day, level, tidal], linearly interpolated, closing the day back at midnight. */
const WEEKDAY: readonly [number, number, number][] = [
  [0, 0.14, 0],
  [300, 0.08, 0],
  [360, 0.3, 0.5],
  [420, 0.85, 1],
  [450, 1.0, 1],
  [510, 1.0, 1],
  [555, 0.8, 0.5],
  [600, 0.7, 0],
  [720, 0.74, 0],
  [840, 0.68, 0],
  [990, 0.85, -0.5],
  [1050, 0.98, -1],
  [1110, 0.95, -1],
  [1170, 0.72, -0.3],
  [1260, 0.5, 0],
  [1380, 0.24, 0],
  [1440, 0.14, 0],
];

/** The fixed scenarios hold one period's level whatever the clock says, so a test can run "the AM peak" at any time. */
const FIXED: Record<Exclude<ScenarioName, 'live'>, DemandLevel> = {
  'am-peak': { level: 1.0, tidal: 1 },
  midday: { level: 0.72, tidal: 0 },
  'pm-peak': { level: 0.97, tidal: -1 },
  night: { level: 0.12, tidal: 0 },
};

/**
 * The weekday profile at a local time of day.
 *
 * @example weekdayLevel(480) // { level: 1, tidal: 1 } (08:00)
 */
export function weekdayLevel(localMinute: number): DemandLevel {
  const m = ((localMinute % 1440) + 1440) % 1440;
  for (let i = 1; i < WEEKDAY.length; i++) {
    const [m1, l1, t1] = WEEKDAY[i] as [number, number, number];
    if (m <= m1) {
      const [m0, l0, t0] = WEEKDAY[i - 1] as [number, number, number];
      const f = (m - m0) / (m1 - m0);
      return { level: l0 + f * (l1 - l0), tidal: t0 + f * (t1 - t0) };
    }
  }
  return { level: WEEKDAY[0]?.[1] ?? 0, tidal: 0 };
}

/**
 * Demand level of a scenario at a local time of day (minutes since local midnight).
 *
 * @example scenarioLevel('am-peak', 1000) // { level: 1, tidal: 1 } whatever the time
 * @example scenarioLevel('live', 1080)    // the 18:00 evening peak
 */
export function scenarioLevel(scenario: ScenarioName, localMinute: number): DemandLevel {
  return scenario === 'live' ? weekdayLevel(localMinute) : FIXED[scenario];
}

/**
 * Whether a string names a scenario.
 *
 * @example isScenarioName('am-peak') // true
 */
export function isScenarioName(value: unknown): value is ScenarioName {
  return typeof value === 'string' && (SCENARIO_NAMES as readonly string[]).includes(value);
}
