/**
 * Chart colours and type sizes per theme, matching styles/base.css. Sizes are in CSS
 * pixels derived from the root font size, so charts scale with the wall like the rest.
 */

export type ChartTheme = 'dark' | 'light';

export interface ChartPalette {
  text: string;
  muted: string;
  grid: string;
  axis: string;
  /** Base font size in px (the root rem). */
  fontPx: number;
  series: string[];
  green: string;
  yellow: string;
  red: string;
}

/** The root font size in px (1 rem), which follows the viewport width. */
export function remPx(): number {
  return typeof document === 'undefined' ? 16 : parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
}

/**
 * @example const palette = chartPalette('dark'); palette.text // '#e6edf7'
 */
export function chartPalette(theme: ChartTheme, fontPx = remPx()): ChartPalette {
  const common = { fontPx, green: '#2fbf5b', yellow: '#f5c400', red: '#e03131' };
  return theme === 'dark'
    ? { ...common, text: '#e6edf7', muted: '#93a4bf', grid: '#1d3152', axis: '#3d5f8f', series: ['#3ea6ff', '#f08c00', '#b197fc', '#63e6be', '#ff8787', '#ffd43b'] }
    : { ...common, text: '#0b1320', muted: '#3b4a60', grid: '#d5dce6', axis: '#51647f', series: ['#0055cc', '#b35c00', '#6741d9', '#087f5b', '#c1121f', '#8f6b00'] };
}
