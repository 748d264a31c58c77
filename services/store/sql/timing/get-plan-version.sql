-- One stored version of an intersection's plan, with whether it is the current (highest) one.
-- $1 intersection_id text
-- $2 version         integer
-- returns: intersection_id, version, plan jsonb, source, note, created_by, created_at, current boolean; no row when absent
SELECT p.intersection_id, p.version, p.plan, p.source, p.note, p.created_by, p.created_at,
       p.version = (SELECT max(version) FROM timing_plans q WHERE q.intersection_id = p.intersection_id) AS current
FROM timing_plans p
WHERE p.intersection_id = $1 AND p.version = $2
