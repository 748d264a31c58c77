-- Replaces the TimescaleDB retention policy of a hypertable.
-- $1 hypertable regclass
-- $2 days       integer  (raw data older than this is dropped by TimescaleDB's scheduler)
-- returns: the job id of the new policy
SELECT remove_retention_policy($1::regclass, if_exists => true),
       add_retention_policy($1::regclass, make_interval(days => $2::int)) AS job_id
