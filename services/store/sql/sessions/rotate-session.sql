-- Replaces a session's refresh token, keeping the old hash for the reuse check.
-- $1 id               text
-- $2 old_refresh_hash text  the hash presented (must still be current: a concurrent rotation wins)
-- $3 new_refresh_hash text
-- returns: id (no row when the session was rotated or revoked meanwhile)
UPDATE auth_sessions
SET previous_refresh_hash = refresh_hash, refresh_hash = $3, rotated_at = now()
WHERE id = $1 AND refresh_hash = $2 AND revoked_at IS NULL
RETURNING id
