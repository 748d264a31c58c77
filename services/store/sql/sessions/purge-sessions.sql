-- Deletes sessions that ended (expired or revoked) before a cut-off.
-- $1 before timestamptz
-- returns: id of each deleted session
DELETE FROM auth_sessions
WHERE expires_at < $1 OR revoked_at < $1
RETURNING id
