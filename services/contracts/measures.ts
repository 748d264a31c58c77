/**
 * What the engine stores and the measures API returns (DESIGN §6, §9, §11): the
 * additive per-movement minute record, per-minute approach and intersection measures,
 * detector status, and the HTTP DTOs of the state, measures and alerts routes.
 * Times are epoch milliseconds (UTC), durations seconds.
 */
import { Type, type SchemaOptions, type Static, type TLiteral, type TUnion } from '@sinclair/typebox';
import type { CongestionLevel, DegradedReason, LevelOfService } from './live.js';

/**
 * The additive record of a movement (lane group) over a bin: counts and sums only, so
 * bins add into any window (the rolling 5 minutes, 15-minute and hourly roll-ups) and
 * every ratio is derived from sums, never averaged.
 */
export interface MovementSums {
  /** Vehicles counted (on-events at the lanes' counting detectors). */
  volumeVeh: number;
  /** Adjusted advance-detector arrivals that fell in a known phase state. */
  arrivals: number;
  arrivalsOnGreen: number;
  arrivalsOnRed: number;
  arrivalsOnYellow: number;
  /** Σ (green start − arrival) over arrivals on red, s (ATSPM approach delay). */
  redArrivalWaitS: number;
  /** Displayed green of the movement's phase overlapping the bin, s. */
  greenS: number;
  /** Red-to-red cycles of the phase that ended in the bin. */
  cycles: number;
  /** Σ length of those cycles, s. */
  cycleS: number;
  /** Σ effective green of those cycles, s (green + yellow + all-red − lost time). */
  cycleEffectiveGreenS: number;
  splitFailures: number;
  /** Σ over those cycles of the queue at green start, veh. */
  queueVehSum: number;
  /** Cycles whose queue or advance occupancy showed spillback. */
  spillbackCycles: number;
}

export type MovementType = 'L' | 'T' | 'R' | 'U';

/** One movement of an approach over one minute (table `movement_minutes`). */
export interface MovementMinute extends MovementSums {
  /** Minute start. */
  ts: number;
  intersectionId: string;
  approachId: string;
  movement: MovementType;
  phase: number;
  /** A detector feeding this movement was excluded as faulty during the minute. */
  degraded: boolean;
}

/**
 * An approach at the close of a minute (table `approach_minutes`): the minute's own counts,
 * and the measures of the 5 minutes ending with it (the window the live state uses).
 */
export interface ApproachMinute {
  ts: number;
  intersectionId: string;
  approachId: string;
  /** Vehicles in this minute. */
  volumeVeh: number;
  splitFailures: number;
  cycles: number;
  spillback: boolean;
  /** The rest: over the 5 minutes ending with this one. */
  flowVph: number;
  vc: number | null;
  controlDelayS: number | null;
  los: LevelOfService | null;
  aogPct: number | null;
  queueVeh: number;
  queueM: number;
  atspmDelayS: number | null;
  linkSpeedKmh: number | null;
  congestionIndex: number;
  level: CongestionLevel;
  degraded: DegradedReason[];
}

/** An intersection at the close of a minute (table `intersection_minutes`). */
export interface IntersectionMinute {
  ts: number;
  intersectionId: string;
  volumeVeh: number;
  splitFailures: number;
  /** Over the 5 minutes ending with this one. */
  flowVph: number;
  controlDelayS: number | null;
  congestionIndex: number;
  level: CongestionLevel;
  degraded: boolean;
}

export const DETECTOR_FAULTS = ['no-data', 'stuck-on', 'chatter', 'fault-code', 'count-mismatch'] as const;
/** Why a detector is flagged (DESIGN §7). */
export type DetectorFault = (typeof DETECTOR_FAULTS)[number];

/** The watchdog's view of one detector (table `detector_status`). */
export interface DetectorStatus {
  detectorId: string;
  intersectionId: string;
  channel: number;
  status: 'ok' | 'faulty';
  faults: DetectorFault[];
  /** Since when the status holds, epoch ms (event time). */
  since: number;
  details: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------
// HTTP DTOs
// ---------------------------------------------------------------------------------------

/** A time given as ISO-8601 with an offset, or epoch milliseconds. */
export const InstantSchema = Type.Union([Type.String({ format: 'date-time' }), Type.Integer({ minimum: 0 })], {
  description: 'ISO-8601 date-time with offset, or epoch milliseconds',
});

export const SeriesQuerySchema = Type.Object(
  {
    from: InstantSchema,
    to: InstantSchema,
    /** Bucket width, s: a multiple of 60 (minute rows), 900 (15-minute roll-ups) or 3600 (hourly). */
    step: Type.Integer({ minimum: 60, maximum: 86400, multipleOf: 60, default: 900, description: 'bucket width in seconds, a multiple of 60' }),
  },
  { additionalProperties: false },
);
export type SeriesQuery = Static<typeof SeriesQuerySchema>;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

/** A union of string literals that keeps their types (Type.Union over a mapped array would widen them). */
function Literals<const T extends readonly string[]>(values: T, options?: SchemaOptions): TUnion<{ -readonly [K in keyof T]: TLiteral<T[K]> }> {
  return Type.Union(
    values.map((v) => Type.Literal(v)),
    options,
  ) as unknown as TUnion<{ -readonly [K in keyof T]: TLiteral<T[K]> }>;
}

const LosSchema = Literals(['A', 'B', 'C', 'D', 'E', 'F']);
const LevelSchema = Literals(['smooth', 'mostly-smooth', 'light', 'moderate', 'severe']);

export const MovementPointSchema = Type.Object({
  movement: Literals(['L', 'T', 'R', 'U']),
  phase: Type.Integer(),
  volumeVeh: Type.Number(),
  flowVph: Type.Number(),
  greenRatio: Nullable(Type.Number()),
  capacityVph: Nullable(Type.Number()),
  vc: Nullable(Type.Number()),
  controlDelayS: Nullable(Type.Number()),
  los: Nullable(LosSchema),
  aogPct: Nullable(Type.Number()),
  queueVeh: Type.Number(),
  splitFailures: Type.Number(),
  cycles: Type.Number(),
});

/** One bucket of an approach series: sums over the bucket and the measures derived from them. */
export const ApproachPointSchema = Type.Object({
  ts: Type.Number({ description: 'bucket start, epoch ms' }),
  volumeVeh: Type.Number(),
  flowVph: Type.Number(),
  vc: Nullable(Type.Number()),
  controlDelayS: Nullable(Type.Number()),
  los: Nullable(LosSchema),
  aogPct: Nullable(Type.Number()),
  atspmDelayS: Nullable(Type.Number()),
  queueVeh: Type.Number(),
  queueM: Type.Number(),
  splitFailures: Type.Number(),
  cycles: Type.Number(),
  spillbackCycles: Type.Number(),
  congestionIndex: Type.Number(),
  level: LevelSchema,
  degraded: Type.Boolean(),
  movements: Type.Array(MovementPointSchema),
});
export type ApproachPoint = Static<typeof ApproachPointSchema>;

export const ApproachSeriesSchema = Type.Object({
  approachId: Type.String(),
  intersectionId: Type.String(),
  from: Type.Number(),
  to: Type.Number(),
  step: Type.Integer(),
  points: Type.Array(ApproachPointSchema),
});
export type ApproachSeries = Static<typeof ApproachSeriesSchema>;

export const IntersectionPointSchema = Type.Object({
  ts: Type.Number({ description: 'bucket start, epoch ms' }),
  volumeVeh: Type.Number(),
  flowVph: Type.Number(),
  controlDelayS: Nullable(Type.Number()),
  congestionIndex: Type.Number(),
  level: LevelSchema,
  splitFailures: Type.Number(),
  degraded: Type.Boolean(),
  approaches: Type.Array(
    Type.Object({ approachId: Type.String(), flowVph: Type.Number(), controlDelayS: Nullable(Type.Number()), congestionIndex: Type.Number(), los: Nullable(LosSchema) }),
  ),
});
export type IntersectionPoint = Static<typeof IntersectionPointSchema>;

export const IntersectionSeriesSchema = Type.Object({
  intersectionId: Type.String(),
  from: Type.Number(),
  to: Type.Number(),
  step: Type.Integer(),
  points: Type.Array(IntersectionPointSchema),
});
export type IntersectionSeries = Static<typeof IntersectionSeriesSchema>;

export const CyclesQuerySchema = Type.Object(
  {
    from: InstantSchema,
    to: InstantSchema,
    phase: Type.Optional(Type.Integer({ minimum: 1, maximum: 16 })),
  },
  { additionalProperties: false },
);
export type CyclesQuery = Static<typeof CyclesQuerySchema>;

export const GreenTerminationSchema = Literals(['gap-out', 'max-out', 'force-off', 'unknown']);

export const CycleMeasuresSchema = Type.Object({
  intersectionId: Type.String(),
  phase: Type.Integer(),
  cycleStart: Type.Number(),
  greenStart: Type.Number(),
  yellowStart: Type.Number(),
  redStart: Type.Number(),
  greenS: Type.Number(),
  yellowS: Type.Number(),
  redS: Type.Number(),
  termination: GreenTerminationSchema,
  volume: Type.Number(),
  arrivalsOnGreen: Type.Number(),
  arrivalsOnRed: Type.Number(),
  arrivalsOnYellow: Type.Number(),
  aogPct: Nullable(Type.Number()),
  platoonRatio: Nullable(Type.Number()),
  gor: Nullable(Type.Number()),
  ror5: Nullable(Type.Number()),
  splitFailure: Type.Boolean(),
  arrivalOffsetsS: Type.Array(Type.Number()),
  sourceTs: Type.Number(),
  splitS: Type.Optional(Type.Number()),
  approachIds: Type.Optional(Type.Array(Type.String())),
  atspmDelayS: Type.Optional(Nullable(Type.Number())),
  maxQueueVeh: Type.Optional(Type.Number()),
  spillback: Type.Optional(Type.Boolean()),
  inferred: Type.Optional(Type.Array(Type.String())),
  degraded: Type.Optional(Type.Array(Type.String())),
});

export const CyclesResponseSchema = Type.Object({
  intersectionId: Type.String(),
  from: Type.Number(),
  to: Type.Number(),
  cycles: Type.Array(CycleMeasuresSchema),
});

export const ALERT_KINDS = ['congestion', 'spillback', 'detector-fault', 'silent', 'flash', 'power-failure', 'incident'] as const;
export const ALERT_STATUSES = ['open', 'acknowledged', 'closed'] as const;

export const AlertSchema = Type.Object({
  id: Type.String(),
  kind: Literals(ALERT_KINDS),
  severity: Literals(['info', 'warning', 'critical']),
  status: Literals(ALERT_STATUSES),
  intersectionId: Nullable(Type.String()),
  approachId: Nullable(Type.String()),
  detectorId: Nullable(Type.String()),
  position: Nullable(Type.Tuple([Type.Number(), Type.Number()])),
  openedAt: Type.Number(),
  updatedAt: Type.Number(),
  closedAt: Nullable(Type.Number()),
  acknowledgedBy: Nullable(Type.String()),
  acknowledgedAt: Type.Optional(Nullable(Type.Number())),
  closedBy: Type.Optional(Nullable(Type.String())),
  reportedBy: Type.Optional(Nullable(Type.String())),
  note: Type.Optional(Nullable(Type.String())),
  details: Type.Record(Type.String(), Type.Unknown()),
  sourceTs: Type.Number(),
});

export const AlertQuerySchema = Type.Object(
  {
    status: Type.Optional(Literals([...ALERT_STATUSES, 'active'] as const, { description: '`active` = open or acknowledged' })),
    kind: Type.Optional(Literals(ALERT_KINDS)),
    intersection: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    from: Type.Optional(InstantSchema),
    to: Type.Optional(InstantSchema),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }),
  },
  { additionalProperties: false },
);
export type AlertQuery = Static<typeof AlertQuerySchema>;

export const AlertListSchema = Type.Object({ alerts: Type.Array(AlertSchema) });

export const AlertActionBodySchema = Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
export type AlertActionBody = Static<typeof AlertActionBodySchema>;

export const INCIDENT_TYPES = ['crash', 'breakdown', 'roadworks', 'obstruction', 'signal-fault', 'flooding', 'other'] as const;

export const IncidentBodySchema = Type.Object(
  {
    type: Literals(INCIDENT_TYPES),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    /** [lon, lat], WGS-84. */
    position: Type.Tuple([Type.Number({ minimum: -180, maximum: 180 }), Type.Number({ minimum: -90, maximum: 90 })]),
    intersectionId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    severity: Type.Optional(Literals(['info', 'warning', 'critical'])),
  },
  { additionalProperties: false },
);
export type IncidentBody = Static<typeof IncidentBodySchema>;

export const StateQuerySchema = Type.Object(
  { scope: Type.String({ minLength: 1, maxLength: 100, default: 'city', description: 'city, district:<id>, corridor:<id> or intersection:<id>' }) },
  { additionalProperties: false },
);
