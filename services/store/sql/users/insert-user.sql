-- Creates a user; fails with unique_violation (23505) when the name is taken (case-insensitive).
-- $1 name          text
-- $2 display_name  text (nullable)
-- $3 role          text  viewer | officer | engineer | admin
-- $4 password_hash text  argon2id encoded hash
-- returns: id, name, display_name, role, password_hash, password_changed_at, disabled_at, created_at, updated_at
INSERT INTO users (name, display_name, role, password_hash)
VALUES ($1, $2, $3, $4)
RETURNING id, name, display_name, role, password_hash, password_changed_at, disabled_at, created_at, updated_at
