-- Engine alerts not yet closed (a restarted shard continues and closes them).
-- $1 intersection_ids text[]
-- returns: the alert columns
SELECT id, kind, severity, status, intersection_id, approach_id, detector_id, lon, lat, opened_at, updated_at, closed_at, acknowledged_by, acknowledged_at, closed_by, reported_by, note, details, source_ts
FROM alerts
WHERE status <> 'closed' AND kind <> 'incident' AND intersection_id = ANY($1::text[])
ORDER BY opened_at
