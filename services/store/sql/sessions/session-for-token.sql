-- The session an access token names, with its user's current state: checked on every
-- user request (through a short cache), so logout, revocation, disabling and role changes
-- take effect before the token expires.
-- $1 id text  session id (`sid` claim)
-- returns: user_id bigint, name text, role text, expires_at timestamptz, revoked_at timestamptz,
--          disabled_at timestamptz (no row when the session does not exist)
SELECT s.user_id, u.name, u.role, s.expires_at, s.revoked_at, u.disabled_at
FROM auth_sessions s
JOIN users u ON u.id = s.user_id
WHERE s.id = $1
