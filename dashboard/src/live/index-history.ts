/**
 * The recent history of area indices for trend charts, kept from live updates:
 * one point per new `sourceTs` of each area, points older than the window dropped.
 * Pure; `history` maps an area scope (`city`, `district:<id>`) to its points in time order.
 */
import type { AreaState } from '../../../services/contracts/live.js';

export interface IndexPoint {
  ts: number;
  index: number;
}

export type IndexHistory = ReadonlyMap<string, readonly IndexPoint[]>;

/**
 * Adds the areas' current values and trims to the window ending at the newest point.
 *
 * @example appendAreaPoints(new Map(), [cityArea], { scopes: ['city'], windowMs: 3 * 3600_000 }).get('city')
 */
export function appendAreaPoints(history: IndexHistory, areas: Iterable<AreaState>, options: { scopes: readonly string[]; windowMs: number }): IndexHistory {
  const next = new Map(history);
  for (const area of areas) {
    if (!options.scopes.includes(area.scope)) continue;
    const points = next.get(area.scope) ?? [];
    const last = points[points.length - 1];
    if (last && last.ts >= area.sourceTs) continue;
    const cutoff = area.sourceTs - options.windowMs;
    next.set(area.scope, [...points.filter((p) => p.ts >= cutoff), { ts: area.sourceTs, index: area.congestionIndex }]);
  }
  return next;
}

/**
 * Merges points loaded from the server (older history) under the live ones, in time order,
 * one point per timestamp (live wins).
 *
 * @example mergeHistory(live.get('city') ?? [], loaded)
 */
export function mergeHistory(live: readonly IndexPoint[], loaded: readonly IndexPoint[]): IndexPoint[] {
  const byTs = new Map<number, IndexPoint>();
  for (const point of loaded) byTs.set(point.ts, point);
  for (const point of live) byTs.set(point.ts, point);
  return [...byTs.values()].sort((a, b) => a.ts - b.ts);
}
