-- Stores what the engine says about an alert: opens it, updates it while active, closes it.
-- The officers' part is kept: an acknowledged alert stays acknowledged while the engine updates
-- it, and an alert closed by hand stays closed (and unchanged) whatever the engine says later.
-- $1 id text            deterministic: <kind>:<subject>:<opened at ms>
-- $2 kind text, $3 severity text, $4 status text ('open' | 'closed')
-- $5 intersection_id text, $6 approach_id text, $7 detector_id text (null when not applicable)
-- $8 lon, $9 lat double precision (WGS-84; null when unknown)
-- $10 opened_at, $11 updated_at, $12 closed_at timestamptz
-- $13 details jsonb, $14 source_ts timestamptz
-- returns: the stored row, or no row when the alert had been closed by hand
INSERT INTO alerts (id, kind, severity, status, intersection_id, approach_id, detector_id, lon, lat, opened_at, updated_at, closed_at, details, source_ts)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14)
ON CONFLICT (id) DO UPDATE SET
  severity   = EXCLUDED.severity,
  status     = CASE WHEN EXCLUDED.status = 'closed' THEN 'closed' ELSE alerts.status END,
  updated_at = GREATEST(alerts.updated_at, EXCLUDED.updated_at),
  closed_at  = EXCLUDED.closed_at,
  details    = EXCLUDED.details,
  source_ts  = EXCLUDED.source_ts
WHERE alerts.status <> 'closed'
RETURNING id, kind, severity, status, intersection_id, approach_id, detector_id, lon, lat, opened_at, updated_at, closed_at, acknowledged_by, acknowledged_at, closed_by, reported_by, note, details, source_ts
