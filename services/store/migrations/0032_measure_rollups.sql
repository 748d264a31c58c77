-- 0032 15-minute and hourly roll-ups of the movement minutes (DESIGN §6, §9): sums per
-- approach and movement, from which the API derives v/c, delay, %AoG with the same pure
-- functions as the engine. TimescaleDB: continuous aggregates refreshed by policy (real-time
-- aggregation covers what is not materialised yet). Plain: tables filled by the idempotent
-- rollup the jobs runner calls every minute (rollupMeasures in measure-series.repository.ts),
-- which recomputes the buckets whose minutes changed since its watermark.

-- @timescale
CREATE MATERIALIZED VIEW IF NOT EXISTS approach_15min
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '15 minutes', ts) AS bucket,
       intersection_id, approach_id, movement,
       max(phase)                    AS phase,
       count(*)::integer             AS minutes,
       sum(CASE WHEN degraded THEN 1 ELSE 0 END)::integer AS degraded_minutes,
       sum(volume_veh)               AS volume_veh,
       sum(arrivals)                 AS arrivals,
       sum(arrivals_on_green)        AS arrivals_on_green,
       sum(arrivals_on_red)          AS arrivals_on_red,
       sum(arrivals_on_yellow)       AS arrivals_on_yellow,
       sum(red_arrival_wait_s)       AS red_arrival_wait_s,
       sum(green_s)                  AS green_s,
       sum(cycles)                   AS cycles,
       sum(cycle_s)                  AS cycle_s,
       sum(cycle_effective_green_s)  AS cycle_effective_green_s,
       sum(split_failures)           AS split_failures,
       sum(queue_veh_sum)            AS queue_veh_sum,
       sum(spillback_cycles)         AS spillback_cycles
FROM movement_minutes
GROUP BY 1, 2, 3, 4
WITH NO DATA;
SELECT add_continuous_aggregate_policy('approach_15min',
  start_offset => INTERVAL '3 days', end_offset => INTERVAL '2 minutes',
  schedule_interval => INTERVAL '1 minute', if_not_exists => true);

CREATE MATERIALIZED VIEW IF NOT EXISTS approach_hourly
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '1 hour', ts) AS bucket,
       intersection_id, approach_id, movement,
       max(phase)                    AS phase,
       count(*)::integer             AS minutes,
       sum(CASE WHEN degraded THEN 1 ELSE 0 END)::integer AS degraded_minutes,
       sum(volume_veh)               AS volume_veh,
       sum(arrivals)                 AS arrivals,
       sum(arrivals_on_green)        AS arrivals_on_green,
       sum(arrivals_on_red)          AS arrivals_on_red,
       sum(arrivals_on_yellow)       AS arrivals_on_yellow,
       sum(red_arrival_wait_s)       AS red_arrival_wait_s,
       sum(green_s)                  AS green_s,
       sum(cycles)                   AS cycles,
       sum(cycle_s)                  AS cycle_s,
       sum(cycle_effective_green_s)  AS cycle_effective_green_s,
       sum(split_failures)           AS split_failures,
       sum(queue_veh_sum)            AS queue_veh_sum,
       sum(spillback_cycles)         AS spillback_cycles
FROM movement_minutes
GROUP BY 1, 2, 3, 4
WITH NO DATA;
SELECT add_continuous_aggregate_policy('approach_hourly',
  start_offset => INTERVAL '7 days', end_offset => INTERVAL '2 minutes',
  schedule_interval => INTERVAL '5 minutes', if_not_exists => true);
-- @plain
CREATE TABLE IF NOT EXISTS approach_15min (
  bucket                  timestamptz      NOT NULL,
  intersection_id         text             NOT NULL,
  approach_id             text             NOT NULL,
  movement                text             NOT NULL,
  phase                   smallint         NOT NULL,
  minutes                 integer          NOT NULL,
  degraded_minutes        integer          NOT NULL,
  volume_veh              double precision NOT NULL,
  arrivals                double precision NOT NULL,
  arrivals_on_green       double precision NOT NULL,
  arrivals_on_red         double precision NOT NULL,
  arrivals_on_yellow      double precision NOT NULL,
  red_arrival_wait_s      double precision NOT NULL,
  green_s                 double precision NOT NULL,
  cycles                  double precision NOT NULL,
  cycle_s                 double precision NOT NULL,
  cycle_effective_green_s double precision NOT NULL,
  split_failures          double precision NOT NULL,
  queue_veh_sum           double precision NOT NULL,
  spillback_cycles        double precision NOT NULL,
  PRIMARY KEY (approach_id, movement, bucket)
);
CREATE INDEX IF NOT EXISTS approach_15min_by_intersection ON approach_15min (intersection_id, bucket);
CREATE TABLE IF NOT EXISTS approach_hourly (LIKE approach_15min INCLUDING ALL);
-- @end

-- Where the plain rollup got to (updated_at of movement_minutes); unused on TimescaleDB.
CREATE TABLE IF NOT EXISTS measure_rollup_state (
  name      text        PRIMARY KEY,
  watermark timestamptz NOT NULL
);
