-- An intersection's controller events in a range, in the engine's order (ts, code, param).
-- $1 intersection_id text
-- $2/$3 half-open range [from, to) of ts (timestamptz)
-- returns: ts timestamptz, code smallint, param smallint
SELECT ts, code, param
FROM controller_events
WHERE intersection_id = $1 AND ts >= $2 AND ts < $3
ORDER BY ts, code, param
