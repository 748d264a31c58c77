-- Sets a setting only when it has no value yet; the first writer wins (processes starting together).
-- $1 key   text
-- $2 value jsonb
-- returns: nothing
INSERT INTO settings (key, value) VALUES ($1, $2::jsonb)
ON CONFLICT (key) DO NOTHING
