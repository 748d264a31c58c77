-- Moves staged controller events into controller_events, skipping those already
-- stored (identity: intersection_id, ts, code, param — DESIGN §4.1), including
-- repeats inside the staged rows themselves.
-- no parameters
-- returns: intersection_id text, ts timestamptz, code smallint, param smallint — one row per newly stored event
INSERT INTO controller_events (ts, intersection_id, code, param, feed_id, seq)
SELECT ts, intersection_id, code, param, feed_id, seq FROM zhidu_staged_events
ON CONFLICT DO NOTHING
RETURNING intersection_id, ts, code, param
