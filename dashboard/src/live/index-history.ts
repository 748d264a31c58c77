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
export function appendAreaPoints(
  history: IndexHistory,
  areas: Iterable<AreaState>,
  options: { scopes: readonly string[]; windowMs: number; bucketMs?: number },
): IndexHistory {
  const bucketMs = options.bucketMs ?? 1;
  const next = new Map(history);
  for (const area of areas) {
    if (!options.scopes.includes(area.scope)) continue;
    const points = next.get(area.scope) ?? [];
    const last = points[points.length - 1];
    if (last && last.ts >= area.sourceTs) continue;
    const cutoff = area.sourceTs - options.windowMs;
    // One point per bucket (the newest value in it): hours of 2 Hz updates stay a few hundred points.
    const sameBucket = last !== undefined && Math.floor(last.ts / bucketMs) === Math.floor(area.sourceTs / bucketMs);
    const kept = (sameBucket ? points.slice(0, -1) : points).filter((p) => p.ts >= cutoff);
    next.set(area.scope, [...kept, { ts: area.sourceTs, index: area.congestionIndex }]);
  }
  return next;
}

/**
 * The history as stored in the browser (a wall screen that reloads keeps its trend).
 *
 * @example localStorage.setItem(key, serializeHistory(history))
 */
export function serializeHistory(history: IndexHistory): string {
  return JSON.stringify({ version: 1, series: Object.fromEntries([...history].map(([scope, points]) => [scope, points.map((p) => [p.ts, p.index])])) });
}

/**
 * Reads a stored history, keeping only points within `windowMs` of `nowMs`; anything unreadable gives an empty one.
 *
 * @example parseHistory(localStorage.getItem(key), Date.now(), 3 * 3600_000)
 */
export function parseHistory(text: string | null, nowMs: number, windowMs: number): IndexHistory {
  const out = new Map<string, IndexPoint[]>();
  if (!text) return out;
  try {
    const parsed = JSON.parse(text) as { version?: unknown; series?: Record<string, unknown> };
    if (parsed.version !== 1 || typeof parsed.series !== 'object' || parsed.series === null) return out;
    for (const [scope, points] of Object.entries(parsed.series)) {
      if (!Array.isArray(points)) continue;
      const kept = points
        .filter((p): p is [number, number] => Array.isArray(p) && typeof p[0] === 'number' && typeof p[1] === 'number')
        .filter(([ts]) => ts >= nowMs - windowMs && ts <= nowMs + 60_000)
        .map(([ts, index]) => ({ ts, index }));
      if (kept.length > 0) out.set(scope, kept);
    }
  } catch {
    return new Map();
  }
  return out;
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
