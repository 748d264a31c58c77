-- The session a refresh token belongs to, current or just rotated, locked for rotation.
-- $1 refresh_hash text  hex SHA-256 of the presented refresh token
-- returns: id, user_id, current boolean (false: the previous token), rotated_at, expires_at, revoked_at,
--          name, display_name, role, disabled_at
SELECT s.id, s.user_id, (s.refresh_hash = $1) AS current, s.rotated_at, s.expires_at, s.revoked_at,
       u.name, u.display_name, u.role, u.disabled_at
FROM auth_sessions s
JOIN users u ON u.id = s.user_id
WHERE s.refresh_hash = $1 OR s.previous_refresh_hash = $1
FOR UPDATE OF s
