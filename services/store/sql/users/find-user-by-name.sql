-- One user by login name, case-insensitive.
-- $1 name text
-- returns: id, name, display_name, role, password_hash, password_changed_at, disabled_at, created_at, updated_at
SELECT id, name, display_name, role, password_hash, password_changed_at, disabled_at, created_at, updated_at
FROM users
WHERE lower(name) = lower($1)
