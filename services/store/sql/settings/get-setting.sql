-- The value of one setting.
-- $1 key text
-- returns: value jsonb (no row when unset)
SELECT value FROM settings WHERE key = $1
