-- Every stored version of an intersection's plan, newest first.
-- $1 intersection_id text
-- returns: intersection_id text, version integer, plan jsonb, source text, note text, created_by text, created_at timestamptz
SELECT intersection_id, version, plan, source, note, created_by, created_at
FROM timing_plans
WHERE intersection_id = $1
ORDER BY version DESC
