-- Movement sums of some approaches per bucket, from the hourly roll-up (steps that are multiples of it).
-- $1 approach_ids text[]
-- $2/$3 half-open range [from, to) of the roll-up bucket start (timestamptz)
-- $4 step interval (a multiple of the roll-up's width); buckets are aligned to 2000-01-01 00:00 UTC
-- returns: bucket timestamptz, approach_id, movement, phase, minutes, degraded_minutes, and the sums (volume_veh ... spillback_cycles)
SELECT date_bin($4::interval, bucket, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket, approach_id, movement, max(phase) AS phase,
       sum(minutes)::integer AS minutes, sum(degraded_minutes)::integer AS degraded_minutes,
       sum(volume_veh) AS volume_veh, sum(arrivals) AS arrivals, sum(arrivals_on_green) AS arrivals_on_green, sum(arrivals_on_red) AS arrivals_on_red, sum(arrivals_on_yellow) AS arrivals_on_yellow, sum(red_arrival_wait_s) AS red_arrival_wait_s, sum(green_s) AS green_s, sum(cycles) AS cycles, sum(cycle_s) AS cycle_s, sum(cycle_effective_green_s) AS cycle_effective_green_s, sum(split_failures) AS split_failures, sum(queue_veh_sum) AS queue_veh_sum, sum(spillback_cycles) AS spillback_cycles
FROM approach_hourly
WHERE approach_id = ANY($1::text[]) AND bucket >= $2 AND bucket < $3
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3
