-- An intersection's aggregated detector samples whose interval starts in a range.
-- $1 intersection_id text
-- $2/$3 half-open range [from, to) of ts (interval start, timestamptz)
-- returns: ts timestamptz, detector_id text, interval_s integer, volume integer, occupancy_pct real, speed_kmh real, queue_m real
SELECT ts, detector_id, interval_s, volume, occupancy_pct, speed_kmh, queue_m
FROM detector_samples
WHERE intersection_id = $1 AND ts >= $2 AND ts < $3
ORDER BY ts, detector_id
