-- Stores approach measures at minute closes (contracts/measures ApproachMinute), by (approach, minute).
-- $1 rows jsonb: array of objects with the columns below; ts = minute start; flow veh/h, delay s/veh, queue veh and m, speed km/h.
-- returns: nothing
INSERT INTO approach_minutes (ts, intersection_id, approach_id, volume_veh, split_failures, cycles, spillback, flow_vph, vc, control_delay_s, los, aog_pct, queue_veh, queue_m, atspm_delay_s, link_speed_kmh, congestion_index, level, degraded)
SELECT r.ts, r.intersection_id, r.approach_id, r.volume_veh, r.split_failures, r.cycles, r.spillback, r.flow_vph, r.vc, r.control_delay_s, r.los, r.aog_pct, r.queue_veh, r.queue_m, r.atspm_delay_s, r.link_speed_kmh, r.congestion_index, r.level, r.degraded
FROM jsonb_to_recordset($1::jsonb) AS r(ts timestamptz, intersection_id text, approach_id text, volume_veh double precision, split_failures double precision, cycles double precision, spillback boolean, flow_vph double precision, vc double precision, control_delay_s double precision, los text, aog_pct double precision, queue_veh double precision, queue_m double precision, atspm_delay_s double precision, link_speed_kmh double precision, congestion_index double precision, level text, degraded text[])
ON CONFLICT (approach_id, ts) DO UPDATE SET
  intersection_id = EXCLUDED.intersection_id,
  volume_veh = EXCLUDED.volume_veh,
  split_failures = EXCLUDED.split_failures,
  cycles = EXCLUDED.cycles,
  spillback = EXCLUDED.spillback,
  flow_vph = EXCLUDED.flow_vph,
  vc = EXCLUDED.vc,
  control_delay_s = EXCLUDED.control_delay_s,
  los = EXCLUDED.los,
  aog_pct = EXCLUDED.aog_pct,
  queue_veh = EXCLUDED.queue_veh,
  queue_m = EXCLUDED.queue_m,
  atspm_delay_s = EXCLUDED.atspm_delay_s,
  link_speed_kmh = EXCLUDED.link_speed_kmh,
  congestion_index = EXCLUDED.congestion_index,
  level = EXCLUDED.level,
  degraded = EXCLUDED.degraded,
  updated_at = now()
