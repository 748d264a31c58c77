-- An officer acknowledges an open alert (acknowledging twice keeps the first acknowledgement).
-- $1 id text, $2 acknowledged_by text (user name), $3 note text or null (appended to the note)
-- returns: the updated row, or no row when the alert is not open
UPDATE alerts SET
  status = 'acknowledged', acknowledged_by = $2, acknowledged_at = now(), updated_at = now(),
  note = CASE WHEN $3::text IS NULL THEN note WHEN note IS NULL THEN $3 ELSE note || E'\n' || $3 END
WHERE id = $1 AND status = 'open'
RETURNING id, kind, severity, status, intersection_id, approach_id, detector_id, lon, lat, opened_at, updated_at, closed_at, acknowledged_by, acknowledged_at, closed_by, reported_by, note, details, source_ts
