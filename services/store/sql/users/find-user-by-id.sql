-- One user by id.
-- $1 id bigint
-- returns: id, name, display_name, role, password_hash, password_changed_at, disabled_at, created_at, updated_at
SELECT id, name, display_name, role, password_hash, password_changed_at, disabled_at, created_at, updated_at
FROM users
WHERE id = $1
