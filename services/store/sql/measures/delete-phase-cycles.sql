-- Removes an intersection's phase cycles in a half-open range, before a recompute writes it again.
-- $1 intersection_id text
-- $2/$3 half-open range [from, to) of red_start (timestamptz)
-- returns: nothing
DELETE FROM phase_cycles WHERE intersection_id = $1 AND red_start >= $2 AND red_start < $3
