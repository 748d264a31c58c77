-- Stores the additive per-minute record of movements (contracts/measures MovementMinute), by (approach, movement, minute).
-- $1 rows jsonb: array of objects with the columns below; ts = minute start ISO-8601; durations in seconds.
-- returns: nothing
INSERT INTO movement_minutes (ts, intersection_id, approach_id, movement, phase, volume_veh, arrivals, arrivals_on_green, arrivals_on_red, arrivals_on_yellow, red_arrival_wait_s, green_s, cycles, cycle_s, cycle_effective_green_s, split_failures, queue_veh_sum, spillback_cycles, degraded)
SELECT r.ts, r.intersection_id, r.approach_id, r.movement, r.phase, r.volume_veh, r.arrivals, r.arrivals_on_green, r.arrivals_on_red, r.arrivals_on_yellow, r.red_arrival_wait_s, r.green_s, r.cycles, r.cycle_s, r.cycle_effective_green_s, r.split_failures, r.queue_veh_sum, r.spillback_cycles, r.degraded
FROM jsonb_to_recordset($1::jsonb) AS r(ts timestamptz, intersection_id text, approach_id text, movement text, phase smallint, volume_veh double precision, arrivals double precision, arrivals_on_green double precision, arrivals_on_red double precision, arrivals_on_yellow double precision, red_arrival_wait_s double precision, green_s double precision, cycles double precision, cycle_s double precision, cycle_effective_green_s double precision, split_failures double precision, queue_veh_sum double precision, spillback_cycles double precision, degraded boolean)
ON CONFLICT (approach_id, movement, ts) DO UPDATE SET
  intersection_id = EXCLUDED.intersection_id,
  phase = EXCLUDED.phase,
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
  spillback_cycles = EXCLUDED.spillback_cycles,
  degraded = EXCLUDED.degraded,
  updated_at = now()
