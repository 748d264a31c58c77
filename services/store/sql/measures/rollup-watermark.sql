-- The plain rollup's watermark (movement_minutes.updated_at already rolled up).
-- $1 name text ('approach')
-- returns: watermark timestamptz, or no row before the first rollup
SELECT watermark FROM measure_rollup_state WHERE name = $1
