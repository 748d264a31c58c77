-- Moves the plain rollup's watermark.
-- $1 name text
-- $2 watermark timestamptz
-- returns: nothing
INSERT INTO measure_rollup_state (name, watermark) VALUES ($1, $2)
ON CONFLICT (name) DO UPDATE SET watermark = EXCLUDED.watermark
