-- Every key, newest first.
-- no parameters
-- returns: id, name, key_prefix, intersections, created_by, created_at, revoked_at, last_used_at
SELECT id, name, key_prefix, intersections, created_by, created_at, revoked_at, last_used_at
FROM api_keys
ORDER BY id DESC
