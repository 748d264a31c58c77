-- Stores a new feed API key (its hash only); fails with unique_violation (23505) on a prefix collision.
-- $1 name          text
-- $2 key_prefix    text    the public 8-character part of the key
-- $3 key_hash      text    hex SHA-256 of the whole key
-- $4 intersections text[]  intersection ids it may write (nullable = all)
-- $5 created_by    bigint  user id (nullable: created by the CLI or the system)
-- returns: id, name, key_prefix, intersections, created_by, created_at, revoked_at, last_used_at
INSERT INTO api_keys (name, key_prefix, key_hash, intersections, created_by)
VALUES ($1, $2, $3, $4::text[], $5)
RETURNING id, name, key_prefix, intersections, created_by, created_at, revoked_at, last_used_at
