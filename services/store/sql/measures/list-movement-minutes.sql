-- The movement minutes of an intersection in a range, by time then approach and movement.
-- $1 intersection_id text
-- $2/$3 half-open range [from, to) of ts (minute start, timestamptz)
-- returns: the movement_minutes columns
SELECT ts, intersection_id, approach_id, movement, phase, volume_veh, arrivals, arrivals_on_green, arrivals_on_red, arrivals_on_yellow, red_arrival_wait_s, green_s, cycles, cycle_s, cycle_effective_green_s, split_failures, queue_veh_sum, spillback_cycles, degraded
FROM movement_minutes
WHERE intersection_id = $1 AND ts >= $2 AND ts < $3
ORDER BY ts, approach_id, movement
