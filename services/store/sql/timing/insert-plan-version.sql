-- Adds a plan version. The (intersection_id, version) key makes a concurrent writer of the same
-- version lose: it gets no row back and reports a plan conflict.
-- $1 intersection_id text
-- $2 version         integer  (the current version + 1)
-- $3 plan            jsonb    (TimingPlan, DESIGN §5)
-- $4 source          text     ('suggestion' | 'manual')
-- $5 note            text (nullable)
-- $6 created_by      text
-- returns: created_at timestamptz; no row when the version already exists
INSERT INTO timing_plans (intersection_id, version, plan, source, note, created_by)
VALUES ($1, $2, $3::jsonb, $4, $5, $6)
ON CONFLICT (intersection_id, version) DO NOTHING
RETURNING created_at
