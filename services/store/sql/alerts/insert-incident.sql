-- An incident reported from the field becomes an alert.
-- $1 id text, $2 severity text, $3 intersection_id text or null
-- $4 lon, $5 lat double precision (WGS-84)
-- $6 reported_by text (user name), $7 note text or null, $8 details jsonb (incident type)
-- returns: the new row
INSERT INTO alerts (id, kind, severity, status, intersection_id, lon, lat, opened_at, updated_at, reported_by, note, details, source_ts)
VALUES ($1, 'incident', $2, 'open', $3, $4, $5, now(), now(), $6, $7, $8::jsonb, now())
RETURNING id, kind, severity, status, intersection_id, approach_id, detector_id, lon, lat, opened_at, updated_at, closed_at, acknowledged_by, acknowledged_at, closed_by, reported_by, note, details, source_ts
