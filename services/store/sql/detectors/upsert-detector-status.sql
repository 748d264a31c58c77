-- Stores detector status changes from the watchdog (DESIGN §7); a later change wins.
-- $1 rows jsonb: array of {detector_id, intersection_id, channel, status ('ok' | 'faulty'), faults (text[]), since (ISO-8601), details (object)}
-- returns: nothing
INSERT INTO detector_status (detector_id, intersection_id, channel, status, faults, since, details)
SELECT r.detector_id, r.intersection_id, r.channel, r.status, r.faults, r.since, coalesce(r.details, '{}'::jsonb)
FROM jsonb_to_recordset($1::jsonb) AS r(detector_id text, intersection_id text, channel smallint, status text, faults text[], since timestamptz, details jsonb)
ON CONFLICT (detector_id) DO UPDATE SET
  status = EXCLUDED.status, faults = EXCLUDED.faults, since = EXCLUDED.since, details = EXCLUDED.details, updated_at = now()
WHERE detector_status.since <= EXCLUDED.since
