/**
 * HTTP contracts of timing suggestions and plan versions (DESIGN §8, §11): TypeBox schemas the
 * routes validate and publish, and the types the dashboard imports. Times are epoch ms (UTC).
 *
 * Workflow: proposed → approved | rejected (with a comment); approved → exported | rejected.
 * `superseded`: a newer proposal for the same target replaced it, or a plan it was computed
 * against changed. Exporting writes each proposed plan as a new plan version (source
 * `suggestion`), which is from then on the intersection's current plan.
 */
import { Type, type Static } from '@sinclair/typebox';
import { TimingPlanSchema } from '../../geo/network/network.schema.js';

export const SUGGESTION_STATUSES = ['proposed', 'approved', 'rejected', 'exported', 'superseded'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];
export const SUGGESTION_KINDS = ['intersection', 'corridor'] as const;
export type SuggestionKind = (typeof SUGGESTION_KINDS)[number];
export type RunTrigger = 'schedule' | 'on-demand';

/** What a run concluded (stored per target in `timing_runs`). */
export const RUN_OUTCOMES = [
  'proposed',
  /** The same plans are already proposed: nothing new. */
  'unchanged',
  /** The expected gain is below the proposal rule. */
  'no-gain',
  /** An approved suggestion for this target waits for export: no new proposal until it is exported or rejected. */
  'awaiting-export',
  'no-data',
  'incomplete-data',
  'degraded-data',
  /** A corridor with fewer than two intersections left to coordinate (see corridor priority). */
  'nothing-to-coordinate',
] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

const Id = Type.String({ pattern: '^[0-9]{1,18}$', description: 'Numeric id as a string' });
const TargetId = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' });
const EpochMs = Type.Number({ description: 'epoch milliseconds' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const StatusSchema = Type.Union(SUGGESTION_STATUSES.map((s) => Type.Literal(s)));
const KindSchema = Type.Union(SUGGESTION_KINDS.map((k) => Type.Literal(k)));
const VersionMap = Type.Record(Type.String(), Type.Integer(), { description: 'intersection id → plan version' });

export const ProposedPlanSchema = Type.Object({
  intersectionId: Type.String(),
  /** The version it replaces (the current one when computed). */
  baseVersion: Type.Integer(),
  plan: TimingPlanSchema,
});
export type ProposedPlan = Static<typeof ProposedPlanSchema>;

/** A suggestion without its reasoning (lists). */
export const SuggestionSummarySchema = Type.Object({
  id: Id,
  kind: KindSchema,
  /** The intersection (kind `intersection`) or corridor (kind `corridor`). */
  targetId: Type.String(),
  intersectionIds: Type.Array(Type.String()),
  status: StatusSchema,
  trigger: Type.Union([Type.Literal('schedule'), Type.Literal('on-demand')]),
  window: Type.Object({ from: EpochMs, to: EpochMs }, { description: 'the measured window the demand came from' }),
  createdAt: EpochMs,
  createdBy: Type.String(),
  basePlanVersions: VersionMap,
  /** Why it was proposed: delay-improves, restores-minimums, band-improves. */
  reason: Type.String(),
  expected: Type.Object({
    /** Flow-weighted expected control delay, s/veh. */
    delayBeforeS: Type.Number(),
    delayAfterS: Type.Number(),
    improvementPct: Type.Number(),
    /** Corridors: main-direction band gain, s. */
    bandGainS: Nullable(Type.Number()),
  }),
  review: Type.Object({ by: Nullable(Type.String()), at: Nullable(EpochMs), comment: Nullable(Type.String()) }),
  export: Type.Object({ by: Nullable(Type.String()), at: Nullable(EpochMs), planVersions: Nullable(VersionMap) }),
  supersededBy: Nullable(Id),
});
export type SuggestionSummary = Static<typeof SuggestionSummarySchema>;

/**
 * A suggestion in full: the proposed plans and the optimiser's reasoning — a `TimingSuggestion`
 * (kind `intersection`) or a `CorridorSuggestion` (kind `corridor`) of services/engine/timing —
 * and the quality of the measured inputs per intersection.
 */
export const SuggestionSchema = Type.Composite([
  SuggestionSummarySchema,
  Type.Object({
    plans: Type.Array(ProposedPlanSchema),
    reasoning: Type.Unknown({ description: 'TimingSuggestion (intersection) or CorridorSuggestion (corridor)' }),
    quality: Type.Unknown({ description: 'DemandQuality per intersection id' }),
  }),
]);
export type Suggestion = Static<typeof SuggestionSchema>;

export const SuggestionListQuerySchema = Type.Object(
  {
    status: Type.Optional(Type.Array(StatusSchema, { maxItems: 5 })),
    kind: Type.Optional(KindSchema),
    /** Suggestions that change this intersection's plan (its own and its corridors'). */
    intersection: Type.Optional(TargetId),
    corridor: Type.Optional(TargetId),
    /** Only ids below this one (the next page). */
    before: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type SuggestionListQuery = Static<typeof SuggestionListQuerySchema>;

export const SuggestionListSchema = Type.Object({ items: Type.Array(SuggestionSummarySchema), nextBefore: Nullable(Id) });
export type SuggestionList = Static<typeof SuggestionListSchema>;

export const SuggestionIdParamsSchema = Type.Object({ id: Id }, { additionalProperties: false });

export const ApproveBodySchema = Type.Object({ comment: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
export type ApproveBody = Static<typeof ApproveBodySchema>;
/** A rejection says why. */
export const RejectBodySchema = Type.Object({ comment: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false });
export type RejectBody = Static<typeof RejectBodySchema>;

/** An on-demand run for one intersection or one corridor. */
export const RunRequestSchema = Type.Union([
  Type.Object({ intersectionId: TargetId, windowTo: Type.Optional(Type.Integer({ minimum: 0, description: 'end of the measured window, epoch ms; default: the last closed quarter hour' })) }, { additionalProperties: false }),
  Type.Object({ corridorId: TargetId, windowTo: Type.Optional(Type.Integer({ minimum: 0 })) }, { additionalProperties: false }),
]);
export type RunRequest = Static<typeof RunRequestSchema>;
export const RunAcceptedSchema = Type.Object({ jobId: Type.String(), job: Type.String(), kind: KindSchema, targetId: Type.String() });
export type RunAccepted = Static<typeof RunAcceptedSchema>;

export const RunStatusSchema = Type.Object({
  kind: KindSchema,
  targetId: Type.String(),
  ranAt: EpochMs,
  window: Type.Object({ from: EpochMs, to: EpochMs }),
  trigger: Type.Union([Type.Literal('schedule'), Type.Literal('on-demand')]),
  outcome: Type.Union(RUN_OUTCOMES.map((o) => Type.Literal(o))),
  suggestionId: Nullable(Id),
  detail: Type.Unknown(),
});
export type RunStatus = Static<typeof RunStatusSchema>;
export const RunStatusQuerySchema = Type.Object(
  { intersection: Type.Optional(TargetId), corridor: Type.Optional(TargetId) },
  { additionalProperties: false },
);
export const RunStatusListSchema = Type.Object({ items: Type.Array(RunStatusSchema) });

// ---- plan versions ---------------------------------------------------------

export const PLAN_SOURCES = ['network', 'suggestion', 'manual'] as const;

export const PlanVersionSummarySchema = Type.Object({
  intersectionId: Type.String(),
  version: Type.Integer(),
  source: Type.Union(PLAN_SOURCES.map((s) => Type.Literal(s))),
  createdAt: EpochMs,
  createdBy: Nullable(Type.String()),
  note: Nullable(Type.String()),
  planId: Type.String(),
  cycleS: Type.Number(),
  offsetS: Type.Number(),
  /** The highest version: the plan in force. */
  current: Type.Boolean(),
});
export type PlanVersionSummary = Static<typeof PlanVersionSummarySchema>;
export const PlanVersionSchema = Type.Composite([PlanVersionSummarySchema, Type.Object({ plan: TimingPlanSchema })]);
export type PlanVersion = Static<typeof PlanVersionSchema>;
export const PlanVersionListSchema = Type.Object({ items: Type.Array(PlanVersionSummarySchema) });

export const PlanParamsSchema = Type.Object({ intersectionId: TargetId }, { additionalProperties: false });
export const PlanVersionParamsSchema = Type.Object({ intersectionId: TargetId, version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export const PlanExportQuerySchema = Type.Object({ format: Type.Union([Type.Literal('json'), Type.Literal('csv')], { default: 'json' }) }, { additionalProperties: false });
export const PlanDiffQuerySchema = Type.Object({ from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });

/** Two versions and what changed between them (`PlanDiff` of services/engine/timing/plan-diff). */
export const PlanDiffResponseSchema = Type.Object({
  intersectionId: Type.String(),
  from: PlanVersionSchema,
  to: PlanVersionSchema,
  diff: Type.Unknown({ description: 'PlanDiff: changed, cycleS, offsetS, coordinatedPhases, structureChanged, phases[]' }),
});

export const CorridorParamsSchema = Type.Object({ corridorId: TargetId }, { additionalProperties: false });
/** The corridor as its current plans run it (`TimeSpaceDiagram` of services/engine/timing; null without a common cycle). */
export const CorridorTimeSpaceSchema = Type.Object({
  corridorId: Type.String(),
  progressionSpeedKmh: Type.Number(),
  planVersions: VersionMap,
  diagram: Type.Unknown(),
  band: Type.Unknown({ description: 'CurrentBand: cycleS, outbound, inbound' }),
});
