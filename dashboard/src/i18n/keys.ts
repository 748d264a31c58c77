/**
 * Message keys built from values (levels, alert kinds, error codes, ...). Every
 * dynamic key goes through this module so the key test can enumerate them: it checks
 * that each family below has a message for each member, in both languages.
 */
import type { ErrorCode } from '../../../services/contracts/errors.js';
import type { UserRole } from '../../../services/contracts/identity.js';
import type { AlertKind, AlertSeverity, AlertStatus, CongestionLevel, DegradedReason, GreenTermination } from '../../../services/contracts/live.js';
import type { DetectorFault } from '../../../services/contracts/measures.js';
import type { PlanVersionSummary } from '../../../services/contracts/timing.js';
import type { CompassDirection } from '../../../geo/network/network.schema.js';
import type { IncidentType } from '../api/alerts-api.js';
import type { ClientErrorCode } from '../api/problem.js';
import type { AgeUnit } from '../format/age.js';
import type { SeriesMeasure } from '../views/engineer/measure-lines.js';
import type { RangePreset } from '../views/engineer/time-range.js';
import type { Locale } from './locales.js';

export const ALERT_KINDS: readonly AlertKind[] = ['congestion', 'spillback', 'detector-fault', 'silent', 'flash', 'power-failure', 'incident'];
export const ALERT_SEVERITIES: readonly AlertSeverity[] = ['info', 'warning', 'critical'];
export const ALERT_STATUSES: readonly AlertStatus[] = ['open', 'acknowledged', 'closed'];
export const DEGRADED_REASONS: readonly DegradedReason[] = ['detector-fault', 'no-advance-detector', 'no-stopbar-detector', 'missing-phase-events', 'controller-silent'];
export const TERMINATIONS: readonly GreenTermination[] = ['gap-out', 'max-out', 'force-off', 'unknown'];
export const ROLES: readonly UserRole[] = ['viewer', 'officer', 'engineer', 'admin'];
export const DIRECTIONS: readonly CompassDirection[] = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'];
export const AGE_UNITS: readonly AgeUnit[] = ['seconds', 'minutes', 'hours', 'days'];
export const DETECTOR_FAULTS: readonly DetectorFault[] = ['no-data', 'stuck-on', 'chatter', 'fault-code', 'count-mismatch'];
export const CONTROLLER_STATES = ['ok', 'silent', 'flash', 'power-failure'] as const;
export type ControllerState = (typeof CONTROLLER_STATES)[number];
/** Where a stored plan version came from: the network file, an approved suggestion, by hand. */
export type PlanSource = PlanVersionSummary['source'];
export const PLAN_SOURCES: readonly PlanSource[] = ['network', 'suggestion', 'manual'];

export const levelKey = (level: CongestionLevel | 'unknown') => `level.${level}` as const;
export const alertKindKey = (kind: AlertKind) => `alert.kind.${kind}` as const;
export const alertSeverityKey = (severity: AlertSeverity) => `alert.severity.${severity}` as const;
export const alertStatusKey = (status: AlertStatus) => `alert.status.${status}` as const;
export const degradedKey = (reason: DegradedReason) => `approach.degraded.${reason}` as const;
export const terminationKey = (termination: GreenTermination) => `engineer.termination.${termination}` as const;
export const roleKey = (role: UserRole) => `role.${role}` as const;
export const directionKey = (direction: CompassDirection) => `approach.direction.${direction}` as const;
export const ageKey = (unit: AgeUnit) => `age.${unit}` as const;
export const controllerKey = (state: ControllerState) => `engineer.controller.${state}` as const;
export const detectorFaultKey = (fault: DetectorFault) => `alert.fault.${fault}` as const;
export const incidentTypeKey = (type: IncidentType) => `field.incidentType.${type}` as const;
export const rangePresetKey = (preset: Exclude<RangePreset, 'custom'>) => `engineer.range.${preset}` as const;
export const measureNameKey = (measure: SeriesMeasure) => `engineer.measureName.${measure}` as const;
export const localeKey = (locale: Locale) => `locale.${locale}` as const;
export const planSourceKey = (source: PlanSource) => `engineer.planSource.${source}` as const;
/** Error messages by catalogued code (`services/contracts/errors.ts`) or client code. */
export const errorKey = (code: ErrorCode | ClientErrorCode) => `errors.${code}` as const;
