-- Plain PostgreSQL / PGlite: recomputes the 15 minutes buckets of approach_15min whose movement minutes changed
-- after a watermark (idempotent: a bucket is always rebuilt from all its minutes).
-- $1 watermark timestamptz (movement_minutes.updated_at)
-- returns: one row per bucket row written (bucket)
WITH dirty AS (
  SELECT DISTINCT date_bin(INTERVAL '15 minutes', ts, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket
  FROM movement_minutes WHERE updated_at > $1
)
INSERT INTO approach_15min (bucket, intersection_id, approach_id, movement, phase, minutes, degraded_minutes, volume_veh, arrivals, arrivals_on_green, arrivals_on_red, arrivals_on_yellow, red_arrival_wait_s, green_s, cycles, cycle_s, cycle_effective_green_s, split_failures, queue_veh_sum, spillback_cycles)
SELECT d.bucket, m.intersection_id, m.approach_id, m.movement, max(m.phase),
       count(*)::integer, sum(CASE WHEN m.degraded THEN 1 ELSE 0 END)::integer,
       sum(m.volume_veh), sum(m.arrivals), sum(m.arrivals_on_green), sum(m.arrivals_on_red), sum(m.arrivals_on_yellow), sum(m.red_arrival_wait_s), sum(m.green_s), sum(m.cycles), sum(m.cycle_s), sum(m.cycle_effective_green_s), sum(m.split_failures), sum(m.queue_veh_sum), sum(m.spillback_cycles)
FROM dirty d JOIN movement_minutes m ON m.ts >= d.bucket AND m.ts < d.bucket + INTERVAL '15 minutes'
GROUP BY d.bucket, m.intersection_id, m.approach_id, m.movement
ON CONFLICT (approach_id, movement, bucket) DO UPDATE SET
  intersection_id = EXCLUDED.intersection_id,
  phase = EXCLUDED.phase,
  minutes = EXCLUDED.minutes,
  degraded_minutes = EXCLUDED.degraded_minutes,
  volume_veh = EXCLUDED.volume_veh,
  arrivals = EXCLUDED.arrivals,
  arrivals_on_green = EXCLUDED.arrivals_on_green,
  arrivals_on_red = EXCLUDED.arrivals_on_red,
  arrivals_on_yellow = EXCLUDED.arrivals_on_yellow,
  red_arrival_wait_s = EXCLUDED.red_arrival_wait_s,
  green_s = EXCLUDED.green_s,
  cycles = EXCLUDED.cycles,
  cycle_s = EXCLUDED.cycle_s,
  cycle_effective_green_s = EXCLUDED.cycle_effective_green_s,
  split_failures = EXCLUDED.split_failures,
  queue_veh_sum = EXCLUDED.queue_veh_sum,
  spillback_cycles = EXCLUDED.spillback_cycles
RETURNING bucket
