-- The watchdog's view of detectors, optionally of some intersections.
-- $1 intersection_ids text[] or null for all
-- returns: detector_id, intersection_id, channel, status, faults, since, details
SELECT detector_id, intersection_id, channel, status, faults, since, details
FROM detector_status
WHERE $1::text[] IS NULL OR intersection_id = ANY($1::text[])
ORDER BY intersection_id, channel
