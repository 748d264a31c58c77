/**
 * Alert rules of one intersection (DESIGN §1, issue 6): congestion (level ≥ moderate,
 * index ≥ 6, for ≥ 3 minutes), spillback, detector fault, silence (> 2 minutes without
 * an event), controller flash, power failure. Each cause opens one alert, updates it
 * while active and closes it with hysteresis — congestion closes after 3 minutes below
 * index 5, spillback after 3 minutes without — so a value hovering at a threshold does
 * not make an alert storm. Ids are deterministic: `<kind>:<subject>:<opened at>`.
 */
import type { Alert, AlertKind, AlertSeverity } from '../../contracts/live.js';
import type { ApproachMinute, IntersectionMinute } from '../../contracts/measures.js';
import type { DetectorStatusChange } from '../health/detector-health.js';
import type { ControllerSignal } from './measure-core.js';

/** What the engine says about an alert; acknowledgement is the officers' and is kept by the store. */
export type AlertUpdate = Omit<Alert, 'status' | 'acknowledgedBy'> & { status: 'open' | 'closed'; acknowledgedBy: null };

export interface AlertRuleOptions {
  openIndex?: number;
  closeIndex?: number;
  openMinutes?: number;
  closeMinutes?: number;
  silentAfterMs?: number;
}

interface ActiveCause {
  alert: AlertUpdate;
  /** Consecutive minutes meeting the closing condition. */
  calm: number;
}

export class AlertRules {
  private readonly intersectionId: string;
  private readonly position: [number, number];
  private readonly options: Required<AlertRuleOptions>;
  private readonly active = new Map<string, ActiveCause>();
  private congestedMinutes = 0;

  constructor(intersection: { id: string; lon: number; lat: number }, options: AlertRuleOptions = {}) {
    this.intersectionId = intersection.id;
    this.position = [intersection.lon, intersection.lat];
    this.options = { openIndex: 6, closeIndex: 5, openMinutes: 3, closeMinutes: 3, silentAfterMs: 120_000, ...options };
  }

  /** Continues alerts that were open before a restart (from the alerts table). */
  restore(alerts: readonly Alert[]): void {
    for (const alert of alerts) {
      if (alert.status === 'closed' || alert.kind === 'incident' || alert.intersectionId !== this.intersectionId) continue;
      this.active.set(causeKey(alert.kind, alert.approachId ?? alert.detectorId ?? alert.intersectionId), {
        alert: { ...alert, status: 'open', acknowledgedBy: null },
        calm: 0,
      });
    }
  }

  /** Alerts this intersection has open. */
  openAlerts(): AlertUpdate[] {
    return [...this.active.values()].map((c) => c.alert);
  }

  isActive(kind: AlertKind, subject = this.intersectionId): boolean {
    return this.active.has(causeKey(kind, subject));
  }

  /** Congestion: the intersection's index at each minute close. */
  onIntersectionMinute(row: IntersectionMinute, approaches: readonly ApproachMinute[]): AlertUpdate[] {
    const at = row.ts + 60_000;
    const key = causeKey('congestion', this.intersectionId);
    const details = {
      congestionIndex: round2(row.congestionIndex),
      level: row.level,
      controlDelayS: row.controlDelayS === null ? null : round2(row.controlDelayS),
      worstApproaches: [...approaches]
        .sort((a, b) => b.congestionIndex - a.congestionIndex)
        .slice(0, 2)
        .map((a) => ({ approachId: a.approachId, congestionIndex: round2(a.congestionIndex), level: a.level })),
    };
    const severity: AlertSeverity = row.congestionIndex >= 8 ? 'critical' : 'warning';
    const cause = this.active.get(key);
    if (!cause) {
      this.congestedMinutes = row.congestionIndex >= this.options.openIndex ? this.congestedMinutes + 1 : 0;
      if (this.congestedMinutes < this.options.openMinutes) return [];
      this.congestedMinutes = 0;
      return [this.open('congestion', this.intersectionId, severity, at, details, {})];
    }
    cause.calm = row.congestionIndex < this.options.closeIndex ? cause.calm + 1 : 0;
    if (cause.calm >= this.options.closeMinutes) return [this.close(key, at, details)];
    return [this.update(key, at, details, severity)];
  }

  /** Spillback: an approach's minute row. */
  onApproachMinute(row: ApproachMinute): AlertUpdate[] {
    const at = row.ts + 60_000;
    const key = causeKey('spillback', row.approachId);
    const details = { queueM: round2(row.queueM), queueVeh: round2(row.queueVeh), congestionIndex: round2(row.congestionIndex) };
    const cause = this.active.get(key);
    if (!cause) return row.spillback ? [this.open('spillback', row.approachId, 'warning', at, details, { approachId: row.approachId })] : [];
    cause.calm = row.spillback ? 0 : cause.calm + 1;
    if (cause.calm >= this.options.closeMinutes) return [this.close(key, at, details)];
    return row.spillback ? [this.update(key, at, details, 'warning')] : [];
  }

  /** Detector fault: raised once when a detector turns faulty, closed when it recovers. */
  onDetectorChange(change: DetectorStatusChange): AlertUpdate[] {
    const key = causeKey('detector-fault', change.detectorId);
    const details = { channel: change.channel, faults: change.faults, cause: change.cause, ...change.details };
    const cause = this.active.get(key);
    if (change.status === 'faulty') {
      if (!cause) return [this.open('detector-fault', change.detectorId, 'warning', change.at, details, { detectorId: change.detectorId })];
      return [this.update(key, change.at, details, 'warning')];
    }
    return cause ? [this.close(key, change.at, details)] : [];
  }

  /** Flash and power failure from the controller's own events. */
  onSignal(signal: ControllerSignal): AlertUpdate[] {
    const key = causeKey(signal.kind, this.intersectionId);
    const cause = this.active.get(key);
    const details = { param: signal.param };
    if (signal.active) return cause ? [] : [this.open(signal.kind, this.intersectionId, 'critical', signal.at, details, {})];
    return cause ? [this.close(key, signal.at, details)] : [];
  }

  /**
   * Silence, by the wall clock: no event received for longer than the limit opens the
   * alert; the next received event closes it.
   */
  onClock(now: number, lastReceivedAt: number | null): AlertUpdate[] {
    if (lastReceivedAt === null) return [];
    const key = causeKey('silent', this.intersectionId);
    const silentMs = now - lastReceivedAt;
    const cause = this.active.get(key);
    if (silentMs > this.options.silentAfterMs) {
      return cause ? [] : [this.open('silent', this.intersectionId, 'critical', now, { lastEventReceivedAt: lastReceivedAt }, {})];
    }
    return cause ? [this.close(key, now, { silentS: Math.round(silentMs / 1000) })] : [];
  }

  private open(kind: AlertKind, subject: string, severity: AlertSeverity, at: number, details: Record<string, unknown>, refs: { approachId?: string; detectorId?: string }): AlertUpdate {
    const alert: AlertUpdate = {
      id: `${kind}:${subject}:${at}`,
      kind,
      severity,
      status: 'open',
      intersectionId: this.intersectionId,
      approachId: refs.approachId ?? null,
      detectorId: refs.detectorId ?? null,
      position: this.position,
      openedAt: at,
      updatedAt: at,
      closedAt: null,
      acknowledgedBy: null,
      details,
      sourceTs: at,
    };
    this.active.set(causeKey(kind, subject), { alert, calm: 0 });
    return alert;
  }

  private update(key: string, at: number, details: Record<string, unknown>, severity: AlertSeverity): AlertUpdate {
    const cause = this.active.get(key) as ActiveCause;
    cause.alert = { ...cause.alert, severity, details, updatedAt: Math.max(at, cause.alert.updatedAt), sourceTs: at };
    return cause.alert;
  }

  private close(key: string, at: number, details: Record<string, unknown>): AlertUpdate {
    const cause = this.active.get(key) as ActiveCause;
    this.active.delete(key);
    return { ...cause.alert, status: 'closed', details, updatedAt: Math.max(at, cause.alert.updatedAt), closedAt: Math.max(at, cause.alert.openedAt), sourceTs: at };
  }
}

function causeKey(kind: AlertKind, subject: string): string {
  return `${kind}:${subject}`;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
