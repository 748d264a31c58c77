-- Moves staged detector samples into detector_samples, skipping those already stored
-- (identity: detector_id, ts — DESIGN §4.2); the first stored sample of an interval wins.
-- no parameters
-- returns: ts timestamptz, detector_id text, intersection_id text, interval_s integer, volume integer,
--          occupancy_pct real, speed_kmh real, queue_m real — one row per newly stored sample
INSERT INTO detector_samples (ts, detector_id, intersection_id, interval_s, volume, occupancy_pct, speed_kmh, queue_m, feed_id, seq)
SELECT ts, detector_id, intersection_id, interval_s, volume, occupancy_pct, speed_kmh, queue_m, feed_id, seq FROM zhidu_staged_samples
ON CONFLICT DO NOTHING
RETURNING ts, detector_id, intersection_id, interval_s, volume, occupancy_pct, speed_kmh, queue_m
