-- The newest movement_minutes change (the next watermark) and the database's clock.
-- no parameters
-- returns: newest timestamptz (null when the table is empty), now timestamptz
SELECT max(updated_at) AS newest, now() AS now FROM movement_minutes
