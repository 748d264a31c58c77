-- Stores per-cycle measures (DESIGN §6), replacing a cycle measured before (same intersection, phase, red start).
-- $1 rows jsonb: an array of objects with the columns below; times ISO-8601, arrays as JSON arrays;
--    durations in seconds, aog_pct in percent, gor/ror5 as ratios 0..1.
-- returns: nothing
INSERT INTO phase_cycles (intersection_id, phase, red_start, cycle_start, green_start, yellow_start, green_s, yellow_s, red_s, split_s, termination, volume, arrivals_on_green, arrivals_on_red, arrivals_on_yellow, aog_pct, platoon_ratio, gor, ror5, split_failure, arrival_offsets_s, atspm_delay_s, max_queue_veh, spillback, approach_ids, inferred, degraded, source_ts)
SELECT r.intersection_id, r.phase, r.red_start, r.cycle_start, r.green_start, r.yellow_start, r.green_s, r.yellow_s, r.red_s, r.split_s, r.termination, r.volume, r.arrivals_on_green, r.arrivals_on_red, r.arrivals_on_yellow, r.aog_pct, r.platoon_ratio, r.gor, r.ror5, r.split_failure, r.arrival_offsets_s, r.atspm_delay_s, r.max_queue_veh, r.spillback, r.approach_ids, r.inferred, r.degraded, r.source_ts
FROM jsonb_to_recordset($1::jsonb) AS r(intersection_id text, phase smallint, red_start timestamptz, cycle_start timestamptz, green_start timestamptz, yellow_start timestamptz, green_s double precision, yellow_s double precision, red_s double precision, split_s double precision, termination text, volume integer, arrivals_on_green integer, arrivals_on_red integer, arrivals_on_yellow integer, aog_pct double precision, platoon_ratio double precision, gor double precision, ror5 double precision, split_failure boolean, arrival_offsets_s double precision[], atspm_delay_s double precision, max_queue_veh double precision, spillback boolean, approach_ids text[], inferred text[], degraded text[], source_ts timestamptz)
ON CONFLICT (intersection_id, phase, red_start) DO UPDATE SET
  cycle_start = EXCLUDED.cycle_start,
  green_start = EXCLUDED.green_start,
  yellow_start = EXCLUDED.yellow_start,
  green_s = EXCLUDED.green_s,
  yellow_s = EXCLUDED.yellow_s,
  red_s = EXCLUDED.red_s,
  split_s = EXCLUDED.split_s,
  termination = EXCLUDED.termination,
  volume = EXCLUDED.volume,
  arrivals_on_green = EXCLUDED.arrivals_on_green,
  arrivals_on_red = EXCLUDED.arrivals_on_red,
  arrivals_on_yellow = EXCLUDED.arrivals_on_yellow,
  aog_pct = EXCLUDED.aog_pct,
  platoon_ratio = EXCLUDED.platoon_ratio,
  gor = EXCLUDED.gor,
  ror5 = EXCLUDED.ror5,
  split_failure = EXCLUDED.split_failure,
  arrival_offsets_s = EXCLUDED.arrival_offsets_s,
  atspm_delay_s = EXCLUDED.atspm_delay_s,
  max_queue_veh = EXCLUDED.max_queue_veh,
  spillback = EXCLUDED.spillback,
  approach_ids = EXCLUDED.approach_ids,
  inferred = EXCLUDED.inferred,
  degraded = EXCLUDED.degraded,
  source_ts = EXCLUDED.source_ts,
  updated_at = now()
