-- Alerts matching optional filters, newest first.
-- $1 status text: 'open', 'acknowledged', 'closed', 'active' (open or acknowledged) or null for any
-- $2 kind text or null
-- $3 intersection_id text or null
-- $4/$5 half-open range [from, to) of opened_at (timestamptz), each may be null
-- $6 limit integer
-- returns: the alert columns
SELECT id, kind, severity, status, intersection_id, approach_id, detector_id, lon, lat, opened_at, updated_at, closed_at, acknowledged_by, acknowledged_at, closed_by, reported_by, note, details, source_ts
FROM alerts
WHERE ($1::text IS NULL OR ($1 = 'active' AND status <> 'closed') OR status = $1)
  AND ($2::text IS NULL OR kind = $2)
  AND ($3::text IS NULL OR intersection_id = $3)
  AND ($4::timestamptz IS NULL OR opened_at >= $4)
  AND ($5::timestamptz IS NULL OR opened_at < $5)
ORDER BY opened_at DESC, id
LIMIT $6
