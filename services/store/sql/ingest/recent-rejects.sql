-- The newest quarantined records, optionally of one feed.
-- $1 feed_id text (NULL = every feed)
-- $2 limit   integer (rows)
-- returns: id bigint, received_at timestamptz, feed_id text, transport text, record_kind text, line integer,
--          reason_code text, reason text, field text, intersection_id text, raw text
SELECT id, received_at, feed_id, transport, record_kind, line, reason_code, reason, field, intersection_id, raw
FROM ingest_rejects
WHERE $1::text IS NULL OR feed_id = $1::text
ORDER BY id DESC
LIMIT $2
