-- Deletes quarantined records received before a cut-off.
-- $1 before_ts timestamptz
-- returns: nothing (rowCount = deleted rows)
DELETE FROM ingest_rejects WHERE received_at < $1
