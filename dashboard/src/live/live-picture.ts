/**
 * The live picture a client holds: the latest state of each intersection and area,
 * and the active alerts, built from `snapshot` then `state` and `alert` messages
 * (DESIGN §10). Pure: every function returns a new picture and never mutates its input.
 */
import type { Alert, AreaState, IntersectionState, Snapshot, StateDelta } from '../../../services/contracts/live.js';

export interface LivePicture {
  /** Newest `sourceTs` of anything in the picture, epoch ms (0 when empty). */
  sourceTs: number;
  intersections: ReadonlyMap<string, IntersectionState>;
  /** By scope: `city`, `district:<id>`, `corridor:<id>`. */
  areas: ReadonlyMap<string, AreaState>;
  /** Open and acknowledged alerts by id (closed ones leave the picture). */
  alerts: ReadonlyMap<string, Alert>;
}

/** @example const picture = emptyPicture(); picture.intersections.size // 0 */
export function emptyPicture(): LivePicture {
  return { sourceTs: 0, intersections: new Map(), areas: new Map(), alerts: new Map() };
}

function mergeNewer<T extends { sourceTs: number }>(into: Map<string, T>, items: readonly T[], keyOf: (item: T) => string): void {
  for (const item of items) {
    const key = keyOf(item);
    const held = into.get(key);
    // After a reconnect, a delta queued before the fresh snapshot may arrive late: keep the newer.
    if (!held || held.sourceTs <= item.sourceTs) into.set(key, item);
  }
}

function withAlert(alerts: Map<string, Alert>, alert: Alert): void {
  const held = alerts.get(alert.id);
  if (held && held.updatedAt > alert.updatedAt) return;
  if (alert.status === 'closed') alerts.delete(alert.id);
  else alerts.set(alert.id, alert);
}

const newest = (...values: number[]) => Math.max(0, ...values.filter(Number.isFinite));

/**
 * Merges a snapshot. With `fresh`, the picture is rebuilt from it (the first snapshot after a
 * (re)connection: whatever closed or vanished while disconnected must not linger); otherwise
 * it is merged (a second subscription on the same connection).
 *
 * @example applySnapshot(emptyPicture(), snapshot, { fresh: true }).intersections.size
 */
export function applySnapshot(picture: LivePicture, snapshot: Snapshot, options: { fresh: boolean }): LivePicture {
  const base = options.fresh ? emptyPicture() : picture;
  const intersections = new Map(base.intersections);
  const areas = new Map(base.areas);
  const alerts = new Map(base.alerts);
  for (const state of snapshot.intersections) intersections.set(state.intersectionId, state);
  for (const area of snapshot.areas) areas.set(area.scope, area);
  for (const alert of snapshot.alerts) withAlert(alerts, alert);
  return { sourceTs: newest(base.sourceTs, snapshot.sourceTs), intersections, areas, alerts };
}

/**
 * Merges a `state` delta, keeping for each intersection and area the newer of held and received.
 *
 * @example applyDelta(picture, { sourceTs, areas: [], intersections: [state] })
 */
export function applyDelta(picture: LivePicture, delta: StateDelta): LivePicture {
  const intersections = new Map(picture.intersections);
  const areas = new Map(picture.areas);
  mergeNewer(intersections, delta.intersections, (s) => s.intersectionId);
  mergeNewer(areas, delta.areas, (a) => a.scope);
  return { ...picture, sourceTs: newest(picture.sourceTs, delta.sourceTs), intersections, areas };
}

/**
 * Adds, updates or (when closed) removes an alert.
 *
 * @example applyAlert(picture, { ...alert, status: 'closed' }).alerts.has(alert.id) // false
 */
export function applyAlert(picture: LivePicture, alert: Alert): LivePicture {
  const alerts = new Map(picture.alerts);
  withAlert(alerts, alert);
  return { ...picture, sourceTs: newest(picture.sourceTs, alert.sourceTs), alerts };
}

const SEVERITY_RANK: Record<Alert['severity'], number> = { critical: 0, warning: 1, info: 2 };

/**
 * Alerts in the order an operator handles them: open before acknowledged, then most severe,
 * then newest first.
 *
 * @example sortAlerts([...picture.alerts.values()])[0]
 */
export function sortAlerts(alerts: readonly Alert[]): Alert[] {
  return [...alerts].sort(
    (a, b) =>
      Number(a.status !== 'open') - Number(b.status !== 'open') ||
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      b.openedAt - a.openedAt,
  );
}

/**
 * The `count` most congested intersections, worst first (ties: higher flow first).
 *
 * @example worstIntersections(picture, 10).map((s) => s.intersectionId)
 */
export function worstIntersections(picture: LivePicture, count: number): IntersectionState[] {
  return [...picture.intersections.values()]
    .sort((a, b) => b.congestionIndex - a.congestionIndex || b.flowVph - a.flowVph)
    .slice(0, count);
}
