-- Removes an intersection's approach minutes in a half-open range, before a recompute writes it again.
-- $1 intersection_id text
-- $2/$3 half-open range [from, to) of ts (timestamptz)
-- returns: nothing
DELETE FROM approach_minutes WHERE intersection_id = $1 AND ts >= $2 AND ts < $3
