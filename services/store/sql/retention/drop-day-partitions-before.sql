-- Drops the day partitions of a raw table entirely before a cut-off (plain PostgreSQL).
-- $1 parent    regclass
-- $2 before_ts timestamptz
-- returns: the number of partitions dropped
SELECT zhidu_drop_day_partitions_before($1::regclass, $2) AS dropped
