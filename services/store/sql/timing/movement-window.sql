-- Sums of the engine's per-movement minute records (movement_minutes, migration 0030) over a
-- window: the measured demand of a timing suggestion (DESIGN §8, the last 15 minutes).
-- $1 intersection_ids text[]
-- $2/$3 half-open window [from, to) of minute starts, timestamptz
-- returns: intersection_id text, approach_id text, movement text, minutes integer (minutes with a record),
--          degraded_minutes integer, volume_veh, arrivals, arrivals_on_green (vehicles), green_s (s of displayed green)
SELECT intersection_id, approach_id, movement,
       count(*)::integer AS minutes,
       sum(CASE WHEN degraded THEN 1 ELSE 0 END)::integer AS degraded_minutes,
       sum(volume_veh) AS volume_veh,
       sum(arrivals) AS arrivals,
       sum(arrivals_on_green) AS arrivals_on_green,
       sum(green_s) AS green_s
FROM movement_minutes
WHERE intersection_id = ANY($1::text[]) AND ts >= $2 AND ts < $3
GROUP BY intersection_id, approach_id, movement
ORDER BY intersection_id, approach_id, movement
