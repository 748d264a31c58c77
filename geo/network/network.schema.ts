/**
 * The network file schema (DESIGN §5): one JSON document per road network.
 *
 * Structural rules live here as TypeBox schemas (checked by `validateNetwork`);
 * cross-references and traffic-engineering rules (unique channels, ring sums,
 * known upstream intersections, ...) live in `network-rules.ts`.
 *
 * Conventions used throughout the product:
 * - Positions are `[lon, lat]` / `lon`, `lat` in WGS-84 after loading; a file may
 *   declare `crs: "GCJ-02" | "BD-09"` and is converted on load.
 * - `approach.direction` is the side of the intersection the traffic comes
 *   from, as Chinese practice names entries (北进口 = `N`: vehicles arrive from
 *   the north, heading south). `approach.bearingDeg` is the travel direction of
 *   arriving vehicles (≈ 180 for `N`).
 * - Lanes are numbered from the median outwards, 1..n, per approach.
 */
import { Type, type Static } from '@sinclair/typebox';

const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$' });

export const LocalizedNameSchema = Type.Object(
  { zh: Type.String({ minLength: 1, maxLength: 120 }), en: Type.String({ minLength: 1, maxLength: 120 }) },
  { additionalProperties: false },
);
export type LocalizedName = Static<typeof LocalizedNameSchema>;

export const CrsSchema = Type.Union([Type.Literal('WGS-84'), Type.Literal('GCJ-02'), Type.Literal('BD-09')]);
export type Crs = Static<typeof CrsSchema>;

export const CompassDirectionSchema = Type.Union([
  Type.Literal('N'),
  Type.Literal('NE'),
  Type.Literal('E'),
  Type.Literal('SE'),
  Type.Literal('S'),
  Type.Literal('SW'),
  Type.Literal('W'),
  Type.Literal('NW'),
]);
export type CompassDirection = Static<typeof CompassDirectionSchema>;

export const RoadClassSchema = Type.Union([
  Type.Literal('expressway'),
  Type.Literal('arterial'),
  Type.Literal('collector'),
  Type.Literal('local'),
]);
export type RoadClass = Static<typeof RoadClassSchema>;

export const MovementTypeSchema = Type.Union([Type.Literal('L'), Type.Literal('T'), Type.Literal('R'), Type.Literal('U')]);
export type MovementType = Static<typeof MovementTypeSchema>;

const Lon = Type.Number({ minimum: -180, maximum: 180 });
const Lat = Type.Number({ minimum: -90, maximum: 90 });
const Position = Type.Tuple([Lon, Lat]);
const Ring = Type.Array(Position, { minItems: 4 });

export const MovementSchema = Type.Object(
  {
    type: MovementTypeSchema,
    /** NEMA phase (1..16) that serves this movement. */
    phase: Type.Integer({ minimum: 1, maximum: 16 }),
    /** Exclusive lanes of this movement; lanes are ordered L, U, T, R from the median. */
    lanes: Type.Integer({ minimum: 1, maximum: 8 }),
    /** Saturation flow per lane; default 1,800 through, 1,700 left/right/U (DESIGN §6). */
    satFlowVphpl: Type.Optional(Type.Number({ minimum: 600, maximum: 2400 })),
  },
  { additionalProperties: false },
);
export type Movement = Static<typeof MovementSchema>;

export const DetectorKindSchema = Type.Union([
  Type.Literal('stopbar'),
  Type.Literal('advance'),
  Type.Literal('count'),
  Type.Literal('speed'),
]);
export type DetectorKind = Static<typeof DetectorKindSchema>;

export const DetectorSchema = Type.Object(
  {
    /** Controller detector channel: the `param` of events 81/82. */
    channel: Type.Integer({ minimum: 1, maximum: 255 }),
    /** Globally unique detector id, used by aggregated samples (DESIGN §4.2). */
    id: Id,
    kind: DetectorKindSchema,
    lane: Type.Integer({ minimum: 1, maximum: 16 }),
    /** Distance of the detection zone's leading edge upstream of the stop line. */
    distanceM: Type.Number({ minimum: 0, maximum: 2000 }),
    lengthM: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
    latencyS: Type.Optional(Type.Number({ minimum: 0, maximum: 10 })),
  },
  { additionalProperties: false },
);
export type Detector = Static<typeof DetectorSchema>;

export const ApproachSchema = Type.Object(
  {
    id: Id,
    direction: CompassDirectionSchema,
    road: LocalizedNameSchema,
    /** Travel direction of arriving vehicles, degrees clockwise from north; computed when absent. */
    bearingDeg: Type.Optional(Type.Number({ minimum: 0, exclusiveMaximum: 360 })),
    roadClass: RoadClassSchema,
    speedLimitKmh: Type.Number({ minimum: 10, maximum: 130 }),
    movements: Type.Array(MovementSchema, { minItems: 1 }),
    detectors: Type.Array(DetectorSchema),
    upstreamIntersection: Type.Optional(Id),
    /** Stop line to upstream stop line; computed from positions when absent and an upstream is known. */
    linkLengthM: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 20000 })),
  },
  { additionalProperties: false },
);
export type Approach = Static<typeof ApproachSchema>;

export const PhaseTimingSchema = Type.Object(
  {
    phase: Type.Integer({ minimum: 1, maximum: 16 }),
    /** Green + yellow + all-red allotted to the phase in the cycle. */
    splitS: Type.Number({ exclusiveMinimum: 0, maximum: 300 }),
    minGreenS: Type.Number({ minimum: 1, maximum: 120 }),
    maxGreenS: Type.Optional(Type.Number({ minimum: 1, maximum: 300 })),
    yellowS: Type.Number({ minimum: 2, maximum: 8 }),
    allRedS: Type.Number({ minimum: 0, maximum: 8 }),
    pedWalkS: Type.Optional(Type.Number({ minimum: 0, maximum: 60 })),
    pedClearS: Type.Optional(Type.Number({ minimum: 0, maximum: 60 })),
  },
  { additionalProperties: false },
);
export type PhaseTiming = Static<typeof PhaseTimingSchema>;

export const TimingPlanSchema = Type.Object(
  {
    id: Id,
    cycleS: Type.Number({ minimum: 30, maximum: 300 }),
    offsetS: Type.Number({ minimum: 0, maximum: 300 }),
    coordinatedPhases: Type.Array(Type.Integer({ minimum: 1, maximum: 16 })),
    /** NEMA rings in service order, e.g. `[[1,2,3,4],[5,6,7,8]]`. */
    rings: Type.Array(Type.Array(Type.Integer({ minimum: 1, maximum: 16 }), { minItems: 1 }), { minItems: 1, maxItems: 4 }),
    /**
     * Barriers in ring order; each lists, per ring, the phase after which it falls, e.g.
     * `[[2, 6], [4, 8]]` for the standard eight-phase dual ring. The last barrier closes every ring.
     */
    barriers: Type.Array(Type.Array(Type.Integer({ minimum: 1, maximum: 16 }), { minItems: 1, maxItems: 4 }), { minItems: 1 }),
    phases: Type.Array(PhaseTimingSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type TimingPlan = Static<typeof TimingPlanSchema>;

export const ControllerSchema = Type.Object(
  {
    vendor: Type.String({ maxLength: 80 }),
    ip: Type.Optional(Type.String({ maxLength: 64 })),
    notes: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const IntersectionSchema = Type.Object(
  {
    id: Id,
    name: LocalizedNameSchema,
    lon: Lon,
    lat: Lat,
    district: Id,
    corridors: Type.Array(Id),
    approaches: Type.Array(ApproachSchema, { minItems: 1, maxItems: 8 }),
    plan: TimingPlanSchema,
    controller: Type.Optional(ControllerSchema),
  },
  { additionalProperties: false },
);
export type Intersection = Static<typeof IntersectionSchema>;

export const CorridorSchema = Type.Object(
  {
    id: Id,
    name: LocalizedNameSchema,
    /** Ordered along `direction`, first to last. */
    intersections: Type.Array(Id, { minItems: 2 }),
    /** Main progression direction: the travel direction of the green band. */
    direction: CompassDirectionSchema,
    progressionSpeedKmh: Type.Number({ minimum: 10, maximum: 120 }),
  },
  { additionalProperties: false },
);
export type Corridor = Static<typeof CorridorSchema>;

export const DistrictSchema = Type.Object(
  { id: Id, name: LocalizedNameSchema, polygon: Ring },
  { additionalProperties: false },
);
export type District = Static<typeof DistrictSchema>;

export const ZoneSchema = Type.Object(
  { id: Id, name: LocalizedNameSchema, kind: Type.String({ minLength: 1, maxLength: 40 }), polygon: Ring },
  { additionalProperties: false },
);
export type Zone = Static<typeof ZoneSchema>;

export const NetworkFileSchema = Type.Object(
  {
    schemaVersion: Type.Literal(1),
    id: Id,
    name: LocalizedNameSchema,
    /** Free text shown to engineers, e.g. that positions are approximate. */
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    crs: Type.Optional(CrsSchema),
    timezone: Type.String({ minLength: 1 }),
    districts: Type.Array(DistrictSchema, { minItems: 1 }),
    zones: Type.Optional(Type.Array(ZoneSchema)),
    intersections: Type.Array(IntersectionSchema, { minItems: 1 }),
    corridors: Type.Array(CorridorSchema),
  },
  { additionalProperties: false },
);
export type NetworkFile = Static<typeof NetworkFileSchema>;
