-- One alert.
-- $1 id text
-- returns: the alert columns, or no row
SELECT id, kind, severity, status, intersection_id, approach_id, detector_id, lon, lat, opened_at, updated_at, closed_at, acknowledged_by, acknowledged_at, closed_by, reported_by, note, details, source_ts FROM alerts WHERE id = $1
