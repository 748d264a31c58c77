-- Stores intersection measures at minute closes (contracts/measures IntersectionMinute), by (intersection, minute).
-- $1 rows jsonb: array of objects with the columns below; ts = minute start.
-- returns: nothing
INSERT INTO intersection_minutes (ts, intersection_id, volume_veh, split_failures, flow_vph, control_delay_s, congestion_index, level, degraded)
SELECT r.ts, r.intersection_id, r.volume_veh, r.split_failures, r.flow_vph, r.control_delay_s, r.congestion_index, r.level, r.degraded
FROM jsonb_to_recordset($1::jsonb) AS r(ts timestamptz, intersection_id text, volume_veh double precision, split_failures double precision, flow_vph double precision, control_delay_s double precision, congestion_index double precision, level text, degraded boolean)
ON CONFLICT (intersection_id, ts) DO UPDATE SET
  volume_veh = EXCLUDED.volume_veh,
  split_failures = EXCLUDED.split_failures,
  flow_vph = EXCLUDED.flow_vph,
  control_delay_s = EXCLUDED.control_delay_s,
  congestion_index = EXCLUDED.congestion_index,
  level = EXCLUDED.level,
  degraded = EXCLUDED.degraded,
  updated_at = now()
