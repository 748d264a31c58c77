/**
 * Alert actions of field officers (engine issue routes): acknowledge an alert, report
 * an incident (it becomes an `incident` alert the command centre sees).
 */
import type { Alert } from '../../../services/contracts/live.js';
import type { IncidentBody } from '../../../services/contracts/measures.js';
import { http } from './index.js';

export type IncidentType = IncidentBody['type'];
/** Incident types an officer can report, in the order offered (a test checks they equal the contract's). */
export const INCIDENT_TYPES: readonly IncidentType[] = ['crash', 'breakdown', 'obstruction', 'roadworks', 'signal-fault', 'flooding', 'other'];

export type IncidentReport = IncidentBody;

/** `POST /api/v1/alerts/:id/acknowledge` (officer, engineer, admin). */
export function acknowledgeAlert(alertId: string): Promise<Alert> {
  return http.post<Alert>(`/api/v1/alerts/${encodeURIComponent(alertId)}/acknowledge`);
}

/** `POST /api/v1/alerts/:id/close` (officer, engineer, admin): dealt with; the alert leaves every screen. */
export function closeAlert(alertId: string): Promise<Alert> {
  return http.post<Alert>(`/api/v1/alerts/${encodeURIComponent(alertId)}/close`);
}

/** `POST /api/v1/incidents` (officer, engineer, admin). */
export function reportIncident(report: IncidentReport): Promise<Alert> {
  return http.post<Alert>('/api/v1/incidents', { body: report });
}
