-- Per-cycle measures of an intersection whose cycle ended in a range, oldest first (PCD, split monitor).
-- $1 intersection_id text
-- $2/$3 half-open range [from, to) of red_start (timestamptz)
-- $4 phase smallint, or null for every phase
-- $5 limit integer
-- returns: the phase_cycles columns
SELECT intersection_id, phase, red_start, cycle_start, green_start, yellow_start, green_s, yellow_s, red_s, split_s, termination, volume, arrivals_on_green, arrivals_on_red, arrivals_on_yellow, aog_pct, platoon_ratio, gor, ror5, split_failure, arrival_offsets_s, atspm_delay_s, max_queue_veh, spillback, approach_ids, inferred, degraded, source_ts
FROM phase_cycles
WHERE intersection_id = $1 AND red_start >= $2 AND red_start < $3 AND ($4::smallint IS NULL OR phase = $4)
ORDER BY red_start, phase
LIMIT $5
