/** Live messages for realtime tests. */
import type { Alert, AreaState, IntersectionState } from '../../services/contracts/live.js';

export function intersectionState(intersectionId: string, congestionIndex: number, sourceTs = Date.now()): IntersectionState {
  return {
    intersectionId,
    sourceTs,
    congestionIndex,
    level: congestionIndex < 2 ? 'smooth' : congestionIndex < 4 ? 'mostly-smooth' : congestionIndex < 6 ? 'light' : congestionIndex < 8 ? 'moderate' : 'severe',
    flowVph: 1200,
    greenPhases: [2, 6],
    planId: `${intersectionId}-P1`,
    cycleS: 120,
    silent: false,
    controllerFault: null,
    approaches: [],
  };
}

export function areaState(scope: string, congestionIndex: number, sourceTs = Date.now()): AreaState {
  return { scope, sourceTs, congestionIndex, level: 'light', severeSharePct: 5 };
}

export function alert(id: string, intersectionId: string | null, status: Alert['status'] = 'open', position: [number, number] | null = null): Alert {
  const now = Date.now();
  return {
    id,
    kind: intersectionId ? 'congestion' : 'incident',
    severity: 'warning',
    status,
    intersectionId,
    approachId: null,
    detectorId: null,
    position,
    openedAt: now,
    updatedAt: now,
    closedAt: status === 'closed' ? now : null,
    acknowledgedBy: null,
    details: {},
    sourceTs: now,
  };
}
