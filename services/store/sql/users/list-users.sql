-- Every user, by name.
-- no parameters
-- returns: id, name, display_name, role, password_hash, password_changed_at, disabled_at, created_at, updated_at
SELECT id, name, display_name, role, password_hash, password_changed_at, disabled_at, created_at, updated_at
FROM users
ORDER BY lower(name)
