-- The time of an intersection's newest controller event (where a rebuilt shard resumes).
-- $1 intersection_id text
-- returns: ts timestamptz, or no row when the intersection has none
SELECT ts FROM controller_events WHERE intersection_id = $1 ORDER BY ts DESC LIMIT 1
