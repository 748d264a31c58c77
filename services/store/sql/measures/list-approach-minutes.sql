-- The approach minutes of an intersection in a range, by time then approach.
-- $1 intersection_id text
-- $2/$3 half-open range [from, to) of ts (minute start, timestamptz)
-- returns: the approach_minutes columns
SELECT ts, intersection_id, approach_id, volume_veh, split_failures, cycles, spillback, flow_vph, vc, control_delay_s, los, aog_pct, queue_veh, queue_m, atspm_delay_s, link_speed_kmh, congestion_index, level, degraded
FROM approach_minutes
WHERE intersection_id = $1 AND ts >= $2 AND ts < $3
ORDER BY ts, approach_id
