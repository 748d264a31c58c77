-- 0040 timing suggestions (DESIGN §8, §9): what the optimiser proposed, why, and what the
-- engineers did with it; the last run per intersection and corridor.

-- One proposal for an intersection (its plan) or a corridor (the plans of the intersections
-- it re-times). States: proposed → approved | rejected; approved → exported | rejected; and
-- superseded when a newer proposal for the same target replaces it, or when a plan it was
-- computed against changes (its base versions are no longer current).
-- Exporting creates a new version in timing_plans for every plan it carries.
CREATE TABLE IF NOT EXISTS timing_suggestions (
  id                     bigserial        PRIMARY KEY,
  kind                   text             NOT NULL CHECK (kind IN ('intersection', 'corridor')),
  target_id              text             NOT NULL,
  intersection_ids       text[]           NOT NULL,
  status                 text             NOT NULL CHECK (status IN ('proposed', 'approved', 'rejected', 'exported', 'superseded')),
  trigger                text             NOT NULL CHECK (trigger IN ('schedule', 'on-demand')),
  window_from            timestamptz      NOT NULL,
  window_to              timestamptz      NOT NULL,
  -- {"TJ01": 3, ...}: the plan versions it was computed against (held intersections included).
  base_versions          jsonb            NOT NULL,
  -- [{"intersectionId": "TJ01", "plan": TimingPlan}, ...]: the proposed plans.
  plans                  jsonb            NOT NULL,
  -- The optimiser's reasoning (TimingSuggestion or CorridorSuggestion) and the inputs' quality.
  reasoning              jsonb            NOT NULL,
  quality                jsonb            NOT NULL,
  reason                 text             NOT NULL,
  delay_before_s         double precision NOT NULL,
  delay_after_s          double precision NOT NULL,
  improvement_pct        double precision NOT NULL,
  band_gain_s            double precision,
  created_at             timestamptz      NOT NULL DEFAULT now(),
  created_by             text             NOT NULL,
  reviewed_by            text,
  reviewed_at            timestamptz,
  review_comment         text,
  exported_by            text,
  exported_at            timestamptz,
  -- {"TJ01": 4, ...}: the plan versions the export created.
  exported_versions      jsonb,
  superseded_by          bigint REFERENCES timing_suggestions (id),
  updated_at             timestamptz      NOT NULL DEFAULT now(),
  CHECK (window_to > window_from)
);
CREATE INDEX IF NOT EXISTS timing_suggestions_by_target ON timing_suggestions (kind, target_id, created_at);
CREATE INDEX IF NOT EXISTS timing_suggestions_open ON timing_suggestions (status) WHERE status IN ('proposed', 'approved');
CREATE INDEX IF NOT EXISTS timing_suggestions_by_intersections ON timing_suggestions USING gin (intersection_ids);

-- The latest run per target: when, over which window, with what outcome, so that "no proposal"
-- is an answer the engineer can read (no gain, no data, an approval waiting for export).
CREATE TABLE IF NOT EXISTS timing_runs (
  kind          text        NOT NULL CHECK (kind IN ('intersection', 'corridor')),
  target_id     text        NOT NULL,
  ran_at        timestamptz NOT NULL,
  window_from   timestamptz NOT NULL,
  window_to     timestamptz NOT NULL,
  trigger       text        NOT NULL CHECK (trigger IN ('schedule', 'on-demand')),
  outcome       text        NOT NULL,
  suggestion_id bigint REFERENCES timing_suggestions (id),
  detail        jsonb       NOT NULL DEFAULT '{}',
  PRIMARY KEY (kind, target_id)
);
