-- Records that a key was used, at most once a minute (the caller also skips the statement
-- within the minute, so this is a cross-process guard, not the main throttle).
-- $1 id bigint
-- returns: id (no row when the last use was recorded less than a minute ago)
UPDATE api_keys SET last_used_at = now()
WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - INTERVAL '1 minute')
RETURNING id
