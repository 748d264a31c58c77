-- Creates the missing day partitions of a raw table for [from, to] (a no-op on TimescaleDB).
-- $1 parent  regclass     (controller_events | detector_samples)
-- $2 from_ts timestamptz
-- $3 to_ts   timestamptz  (inclusive day)
-- returns: the number of partitions created
SELECT zhidu_ensure_day_partitions($1::regclass, $2, $3) AS created
