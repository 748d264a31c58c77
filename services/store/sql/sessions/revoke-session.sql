-- Ends one session (logout, refresh-token reuse).
-- $1 id     text
-- $2 reason text  logout | reuse | ...
-- returns: id, user_id (no row when it was already revoked or does not exist)
UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2
WHERE id = $1 AND revoked_at IS NULL
RETURNING id, user_id
