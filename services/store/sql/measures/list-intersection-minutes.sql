-- The intersection minutes of an intersection in a range, oldest first.
-- $1 intersection_id text
-- $2/$3 half-open range [from, to) of ts (minute start, timestamptz)
-- returns: the intersection_minutes columns
SELECT ts, intersection_id, volume_veh, split_failures, flow_vph, control_delay_s, congestion_index, level, degraded
FROM intersection_minutes
WHERE intersection_id = $1 AND ts >= $2 AND ts < $3
ORDER BY ts
