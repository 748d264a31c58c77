-- Records the latest run of a target (one row per target).
-- $1 kind text   $2 target_id text   $3 ran_at timestamptz   $4/$5 window_from / window_to timestamptz
-- $6 trigger text   $7 outcome text   $8 suggestion_id bigint (nullable)   $9 detail jsonb
-- returns: nothing
INSERT INTO timing_runs (kind, target_id, ran_at, window_from, window_to, trigger, outcome, suggestion_id, detail)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)
ON CONFLICT (kind, target_id) DO UPDATE SET
  ran_at = EXCLUDED.ran_at, window_from = EXCLUDED.window_from, window_to = EXCLUDED.window_to, trigger = EXCLUDED.trigger,
  outcome = EXCLUDED.outcome, suggestion_id = EXCLUDED.suggestion_id, detail = EXCLUDED.detail
