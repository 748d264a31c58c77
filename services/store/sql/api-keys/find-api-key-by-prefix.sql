-- The key a presented secret names, to compare hashes (revoked keys too: the caller refuses them).
-- $1 key_prefix text
-- returns: id, name, key_prefix, key_hash, intersections, created_by, created_at, revoked_at, last_used_at
SELECT id, name, key_prefix, key_hash, intersections, created_by, created_at, revoked_at, last_used_at
FROM api_keys
WHERE key_prefix = $1
