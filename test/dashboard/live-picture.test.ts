import { describe, expect, it } from 'vitest';
import { applyAlert, applyDelta, applySnapshot, emptyPicture, sortAlerts, worstIntersections } from '../../dashboard/src/live/live-picture.js';
import type { Alert, AreaState, IntersectionState } from '../../services/contracts/live.js';

const intersection = (id: string, sourceTs: number, congestionIndex: number, flowVph = 1000): IntersectionState => ({
  intersectionId: id,
  sourceTs,
  congestionIndex,
  level: congestionIndex >= 8 ? 'severe' : congestionIndex >= 6 ? 'moderate' : 'smooth',
  flowVph,
  greenPhases: [2, 6],
  planId: `${id}-P1`,
  cycleS: 120,
  silent: false,
  controllerFault: null,
  approaches: [],
});
const area = (scope: string, sourceTs: number, congestionIndex: number): AreaState => ({ scope, sourceTs, congestionIndex, level: 'light', severeSharePct: 5 });
const alert = (id: string, patch: Partial<Alert> = {}): Alert => ({
  id,
  kind: 'congestion',
  severity: 'warning',
  status: 'open',
  intersectionId: 'A',
  approachId: null,
  detectorId: null,
  position: null,
  openedAt: 1000,
  updatedAt: 1000,
  closedAt: null,
  acknowledgedBy: null,
  details: {},
  sourceTs: 1000,
  ...patch,
});

describe('live picture', () => {
  it('a fresh snapshot replaces everything held; a later one merges', () => {
    const old = applySnapshot(emptyPicture(), { scope: 'city', sourceTs: 10, intersections: [intersection('A', 10, 3)], areas: [], alerts: [alert('gone')] }, { fresh: true });
    const fresh = applySnapshot(old, { scope: 'city', sourceTs: 20, intersections: [intersection('B', 20, 5)], areas: [area('city', 20, 4)], alerts: [] }, { fresh: true });
    expect([...fresh.intersections.keys()]).toEqual(['B']);
    expect(fresh.alerts.size).toBe(0);
    expect(fresh.sourceTs).toBe(20);
    const merged = applySnapshot(fresh, { scope: 'intersection:C', sourceTs: 15, intersections: [intersection('C', 15, 1)], areas: [], alerts: [] }, { fresh: false });
    expect([...merged.intersections.keys()].sort()).toEqual(['B', 'C']);
    expect(merged.sourceTs).toBe(20);
  });

  it('keeps the newer state when a delta arrives late', () => {
    const picture = applySnapshot(emptyPicture(), { scope: 'city', sourceTs: 30, intersections: [intersection('A', 30, 7)], areas: [area('city', 30, 6)], alerts: [] }, { fresh: true });
    const late = applyDelta(picture, { sourceTs: 25, intersections: [intersection('A', 25, 2)], areas: [area('city', 25, 1)] });
    expect(late.intersections.get('A')?.congestionIndex).toBe(7);
    expect(late.areas.get('city')?.congestionIndex).toBe(6);
    const newer = applyDelta(late, { sourceTs: 35, intersections: [intersection('A', 35, 8)], areas: [] });
    expect(newer.intersections.get('A')?.congestionIndex).toBe(8);
    expect(newer.sourceTs).toBe(35);
    // the input is never mutated
    expect(picture.intersections.get('A')?.congestionIndex).toBe(7);
  });

  it('adds, updates and removes closed alerts, ignoring older updates', () => {
    let picture = applyAlert(emptyPicture(), alert('x'));
    picture = applyAlert(picture, alert('x', { status: 'acknowledged', acknowledgedBy: 'li', updatedAt: 2000 }));
    expect(picture.alerts.get('x')?.status).toBe('acknowledged');
    picture = applyAlert(picture, alert('x', { status: 'open', updatedAt: 1500 }));
    expect(picture.alerts.get('x')?.status).toBe('acknowledged');
    picture = applyAlert(picture, alert('x', { status: 'closed', updatedAt: 3000 }));
    expect(picture.alerts.has('x')).toBe(false);
  });

  it('orders alerts open first, then by severity, then newest', () => {
    const sorted = sortAlerts([
      alert('ack', { status: 'acknowledged', severity: 'critical', openedAt: 9 }),
      alert('old-warning', { severity: 'warning', openedAt: 1 }),
      alert('new-warning', { severity: 'warning', openedAt: 5 }),
      alert('critical', { severity: 'critical', openedAt: 2 }),
    ]);
    expect(sorted.map((a) => a.id)).toEqual(['critical', 'new-warning', 'old-warning', 'ack']);
  });

  it('ranks the worst intersections by index, ties by flow', () => {
    const picture = applySnapshot(
      emptyPicture(),
      { scope: 'city', sourceTs: 1, intersections: [intersection('A', 1, 3), intersection('B', 1, 9), intersection('C', 1, 3, 2000), intersection('D', 1, 1)], areas: [], alerts: [] },
      { fresh: true },
    );
    expect(worstIntersections(picture, 3).map((s) => s.intersectionId)).toEqual(['B', 'C', 'A']);
  });
});
