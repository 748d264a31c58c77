-- The current (highest) plan version of each listed intersection; locks those rows when run
-- with FOR UPDATE by the caller's transaction (see insert-plan-version for the race guard).
-- $1 intersection_ids text[]
-- returns: intersection_id text, version integer
SELECT intersection_id, max(version)::integer AS version
FROM timing_plans
WHERE intersection_id = ANY($1::text[])
GROUP BY intersection_id
