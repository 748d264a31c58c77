-- The current (highest-version) plan of every intersection.
-- no parameters
-- returns: intersection_id text, version integer, plan jsonb, source text, created_at timestamptz
SELECT DISTINCT ON (intersection_id) intersection_id, version, plan, source, created_at
FROM timing_plans
ORDER BY intersection_id, version DESC
