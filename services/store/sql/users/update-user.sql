-- Changes a user's display name, role and/or disabled state; a false flag leaves that column as it is.
-- $1 id                   bigint
-- $2 set_display_name     boolean
-- $3 display_name         text (nullable)
-- $4 role                 text (nullable = unchanged)
-- $5 set_disabled         boolean
-- $6 disabled             boolean
-- returns: id, name, display_name, role, password_hash, password_changed_at, disabled_at, created_at, updated_at
--          (no row when the id is unknown)
UPDATE users SET
  display_name = CASE WHEN $2::boolean THEN $3::text ELSE display_name END,
  role         = COALESCE($4::text, role),
  disabled_at  = CASE WHEN NOT $5::boolean THEN disabled_at
                      WHEN $6::boolean THEN COALESCE(disabled_at, now())
                      ELSE NULL END,
  updated_at   = now()
WHERE id = $1
RETURNING id, name, display_name, role, password_hash, password_changed_at, disabled_at, created_at, updated_at
