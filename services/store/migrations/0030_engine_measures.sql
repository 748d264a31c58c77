-- 0030 engine measures (DESIGN §6, §9): per phase per cycle, per movement / approach /
-- intersection per minute. Times are the engine's event times. Every row is keyed by what
-- it measures, so a recompute (late data, replay) upserts or replaces it idempotently.
-- TimescaleDB: hypertables with 1-day chunks. Plain: ordinary tables (measures are small
-- next to the raw events, and replaced by key, so they are not partitioned).

-- One row per phase per red-to-red cycle, keyed by the cycle's end (its red start).
CREATE TABLE IF NOT EXISTS phase_cycles (
  intersection_id    text             NOT NULL,
  phase              smallint         NOT NULL,
  red_start          timestamptz      NOT NULL,
  cycle_start        timestamptz      NOT NULL,
  green_start        timestamptz      NOT NULL,
  yellow_start       timestamptz      NOT NULL,
  green_s            double precision NOT NULL,
  yellow_s           double precision NOT NULL,
  red_s              double precision NOT NULL,
  split_s            double precision,
  termination        text             NOT NULL CHECK (termination IN ('gap-out', 'max-out', 'force-off', 'unknown')),
  volume             integer          NOT NULL,
  arrivals_on_green  integer          NOT NULL,
  arrivals_on_red    integer          NOT NULL,
  arrivals_on_yellow integer          NOT NULL,
  aog_pct            double precision,
  platoon_ratio      double precision,
  gor                double precision,
  ror5               double precision,
  split_failure      boolean          NOT NULL,
  arrival_offsets_s  double precision[] NOT NULL DEFAULT '{}',
  atspm_delay_s      double precision,
  max_queue_veh      double precision,
  spillback          boolean          NOT NULL DEFAULT false,
  approach_ids       text[]           NOT NULL DEFAULT '{}',
  inferred           text[]           NOT NULL DEFAULT '{}',
  degraded           text[]           NOT NULL DEFAULT '{}',
  source_ts          timestamptz      NOT NULL,
  updated_at         timestamptz      NOT NULL DEFAULT now(),
  PRIMARY KEY (intersection_id, phase, red_start)
);
CREATE INDEX IF NOT EXISTS phase_cycles_by_time ON phase_cycles (red_start);

-- The additive record of a movement (HCM lane group) per minute: counts and sums only, so
-- 15-minute and hourly roll-ups are sums and every ratio is derived from sums.
CREATE TABLE IF NOT EXISTS movement_minutes (
  ts                      timestamptz      NOT NULL,
  intersection_id         text             NOT NULL,
  approach_id             text             NOT NULL,
  movement                text             NOT NULL CHECK (movement IN ('L', 'T', 'R', 'U')),
  phase                   smallint         NOT NULL,
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
  degraded                boolean          NOT NULL DEFAULT false,
  updated_at              timestamptz      NOT NULL DEFAULT now(),
  PRIMARY KEY (approach_id, movement, ts)
);
CREATE INDEX IF NOT EXISTS movement_minutes_by_intersection ON movement_minutes (intersection_id, ts);
CREATE INDEX IF NOT EXISTS movement_minutes_by_update ON movement_minutes (updated_at);

-- An approach at each minute close: the minute's counts and the 5-minute window's measures.
CREATE TABLE IF NOT EXISTS approach_minutes (
  ts               timestamptz      NOT NULL,
  intersection_id  text             NOT NULL,
  approach_id      text             NOT NULL,
  volume_veh       double precision NOT NULL,
  split_failures   double precision NOT NULL,
  cycles           double precision NOT NULL,
  spillback        boolean          NOT NULL,
  flow_vph         double precision NOT NULL,
  vc               double precision,
  control_delay_s  double precision,
  los              text CHECK (los IN ('A', 'B', 'C', 'D', 'E', 'F')),
  aog_pct          double precision,
  queue_veh        double precision NOT NULL,
  queue_m          double precision NOT NULL,
  atspm_delay_s    double precision,
  link_speed_kmh   double precision,
  congestion_index double precision NOT NULL,
  level            text             NOT NULL,
  degraded         text[]           NOT NULL DEFAULT '{}',
  updated_at       timestamptz      NOT NULL DEFAULT now(),
  PRIMARY KEY (approach_id, ts)
);
CREATE INDEX IF NOT EXISTS approach_minutes_by_intersection ON approach_minutes (intersection_id, ts);

CREATE TABLE IF NOT EXISTS intersection_minutes (
  ts               timestamptz      NOT NULL,
  intersection_id  text             NOT NULL,
  volume_veh       double precision NOT NULL,
  split_failures   double precision NOT NULL,
  flow_vph         double precision NOT NULL,
  control_delay_s  double precision,
  congestion_index double precision NOT NULL,
  level            text             NOT NULL,
  degraded         boolean          NOT NULL DEFAULT false,
  updated_at       timestamptz      NOT NULL DEFAULT now(),
  PRIMARY KEY (intersection_id, ts)
);

-- @timescale
SELECT create_hypertable('phase_cycles', by_range('red_start', INTERVAL '1 day'), if_not_exists => true, migrate_data => true);
SELECT create_hypertable('movement_minutes', by_range('ts', INTERVAL '1 day'), if_not_exists => true, migrate_data => true);
SELECT create_hypertable('approach_minutes', by_range('ts', INTERVAL '1 day'), if_not_exists => true, migrate_data => true);
SELECT create_hypertable('intersection_minutes', by_range('ts', INTERVAL '1 day'), if_not_exists => true, migrate_data => true);
-- @end
