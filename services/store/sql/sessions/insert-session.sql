-- Opens a refresh session at sign-in.
-- $1 id           text         random session id (carried by access tokens as `sid`)
-- $2 user_id      bigint
-- $3 refresh_hash text         hex SHA-256 of the refresh token
-- $4 expires_at   timestamptz  absolute end of the session (no sliding)
-- $5 ip           text (nullable)
-- $6 user_agent   text (nullable)
-- returns: id, created_at, expires_at
INSERT INTO auth_sessions (id, user_id, refresh_hash, expires_at, ip, user_agent)
VALUES ($1, $2, $3, $4, $5, $6)
RETURNING id, created_at, expires_at
