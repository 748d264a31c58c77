-- Session-local staging table for detector samples that may repeat stored ones;
-- see create-event-staging.
-- no parameters
-- returns: nothing
CREATE TEMP TABLE IF NOT EXISTS zhidu_staged_samples (
  ts              timestamptz NOT NULL,
  detector_id     text        NOT NULL,
  intersection_id text        NOT NULL,
  interval_s      integer     NOT NULL,
  volume          integer     NOT NULL,
  occupancy_pct   real,
  speed_kmh       real,
  queue_m         real,
  feed_id         text,
  seq             bigint
) ON COMMIT DELETE ROWS
