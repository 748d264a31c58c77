-- Stores a new password hash.
-- $1 id                    bigint
-- $2 password_hash         text     argon2id encoded hash
-- $3 password_changed      boolean  true for a new password; false when only re-hashing with new parameters
-- returns: id (no row when the id is unknown)
UPDATE users SET
  password_hash       = $2,
  password_changed_at = CASE WHEN $3::boolean THEN now() ELSE password_changed_at END,
  updated_at          = CASE WHEN $3::boolean THEN now() ELSE updated_at END
WHERE id = $1
RETURNING id
