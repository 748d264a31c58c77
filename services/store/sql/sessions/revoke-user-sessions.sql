-- Ends every open session of a user (password reset, role change, disabling), optionally
-- keeping one (the session that changed its own password).
-- $1 user_id bigint
-- $2 reason  text
-- $3 keep_id text (nullable)  session to leave open
-- returns: id of each session ended
UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2
WHERE user_id = $1 AND revoked_at IS NULL AND ($3::text IS NULL OR id <> $3)
RETURNING id
