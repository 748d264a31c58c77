-- Session-local staging table for controller events that may repeat stored ones
-- (retries): rows are COPYed here, then moved with insert-staged-events. Emptied at
-- every COMMIT, so a pooled connection never carries rows into another transaction.
-- no parameters
-- returns: nothing
CREATE TEMP TABLE IF NOT EXISTS zhidu_staged_events (
  ts              timestamptz NOT NULL,
  intersection_id text        NOT NULL,
  code            smallint    NOT NULL,
  param           smallint    NOT NULL,
  feed_id         text,
  seq             bigint
) ON COMMIT DELETE ROWS
