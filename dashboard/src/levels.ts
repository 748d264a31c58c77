/**
 * The five congestion levels of GB/T 33171-2016 (DESIGN §6 "level") as the
 * dashboard shows them: one colour per level, the same on the map, badges and charts.
 */
import type { CongestionLevel } from '../../services/contracts/live.js';

/** Levels from best to worst; a test checks this equals `CONGESTION_LEVELS` of the contracts. */
export const LEVELS: readonly CongestionLevel[] = ['smooth', 'mostly-smooth', 'light', 'moderate', 'severe'];

/** Level colours (also the CSS variables `--level-<level>` in styles/base.css). */
export const LEVEL_COLORS: Readonly<Record<CongestionLevel, string>> = {
  smooth: '#1fa64a',
  'mostly-smooth': '#8fd14f',
  light: '#f5d90a',
  moderate: '#f08c00',
  severe: '#e03131',
};

/** Colour of "no data yet" / unknown state. */
export const UNKNOWN_LEVEL_COLOR = '#6b7689';

/** Lower bound of each level on the 0–10 index scale. */
export const LEVEL_LOWER_BOUNDS: Readonly<Record<CongestionLevel, number>> = {
  smooth: 0,
  'mostly-smooth': 2,
  light: 4,
  moderate: 6,
  severe: 8,
};

/**
 * The level of a 0–10 index: [0, 2) smooth … [8, 10] severe (DESIGN §6).
 * Used only where the server sends a bare index (trend points); live states carry their level.
 *
 * @example levelOfIndex(4.0) // 'light'
 */
export function levelOfIndex(index: number): CongestionLevel {
  if (index >= 8) return 'severe';
  if (index >= 6) return 'moderate';
  if (index >= 4) return 'light';
  if (index >= 2) return 'mostly-smooth';
  return 'smooth';
}

/**
 * Text colour readable on a level's colour: WCAG contrast ≥ 4.5 (near-black on green,
 * yellow and orange — white on orange would be ≈ 2.6 — and white on red).
 *
 * @example textOnLevel('light') // '#111'
 */
export function textOnLevel(level: CongestionLevel): string {
  return level === 'severe' ? '#fff' : '#111';
}
