-- Revokes a key (kept for the audit trail); revoking twice keeps the first time.
-- $1 id bigint
-- returns: id, name, key_prefix, intersections, created_by, created_at, revoked_at, last_used_at
--          (no row when the id is unknown)
UPDATE api_keys SET revoked_at = COALESCE(revoked_at, now())
WHERE id = $1
RETURNING id, name, key_prefix, intersections, created_by, created_at, revoked_at, last_used_at
