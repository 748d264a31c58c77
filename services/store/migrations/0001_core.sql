-- 0001 core: raw feeds, quarantine, plans, identities, audit, settings (DESIGN §9).
-- Sections between "-- @timescale" / "-- @plain" and "-- @end" apply only to that schema variant.

CREATE TABLE IF NOT EXISTS settings (
  key        text PRIMARY KEY,
  value      jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Day partitions for plain PostgreSQL; TimescaleDB manages chunks itself, so the same
-- function exists there as a no-op and callers never branch on the variant.
-- @plain
CREATE OR REPLACE FUNCTION zhidu_ensure_day_partitions(parent regclass, from_ts timestamptz, to_ts timestamptz)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  day date := (from_ts AT TIME ZONE 'UTC')::date;
  last_day date := (to_ts AT TIME ZONE 'UTC')::date;
  created integer := 0;
  partition_name text;
BEGIN
  WHILE day <= last_day LOOP
    partition_name := parent::text || '_p' || to_char(day, 'YYYYMMDD');
    IF to_regclass(partition_name) IS NULL THEN
      BEGIN
        EXECUTE format(
          'CREATE TABLE IF NOT EXISTS %I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
          partition_name, parent,
          (day::timestamp AT TIME ZONE 'UTC'), ((day + 1)::timestamp AT TIME ZONE 'UTC'));
        created := created + 1;
      EXCEPTION WHEN duplicate_table OR unique_violation THEN
        NULL; -- another process created it first
      END;
    END IF;
    day := day + 1;
  END LOOP;
  RETURN created;
END $$;

CREATE OR REPLACE FUNCTION zhidu_drop_day_partitions_before(parent regclass, before_ts timestamptz)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  part record;
  dropped integer := 0;
  cutoff text := parent::text || '_p' || to_char((before_ts AT TIME ZONE 'UTC')::date, 'YYYYMMDD');
BEGIN
  FOR part IN
    SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = parent AND c.relname ~ '_p[0-9]{8}$' AND c.relname < cutoff
  LOOP
    EXECUTE format('DROP TABLE IF EXISTS %I', part.relname);
    dropped := dropped + 1;
  END LOOP;
  RETURN dropped;
END $$;
-- @timescale
CREATE OR REPLACE FUNCTION zhidu_ensure_day_partitions(parent regclass, from_ts timestamptz, to_ts timestamptz)
RETURNS integer LANGUAGE sql AS $$ SELECT 0 $$;

CREATE OR REPLACE FUNCTION zhidu_drop_day_partitions_before(parent regclass, before_ts timestamptz)
RETURNS integer LANGUAGE sql AS $$ SELECT 0 $$;
-- @end

-- Controller high-resolution events (DESIGN §4.1). Duplicates (retries) are recognised by
-- (intersection, ts, code, param): the unique index makes re-delivery idempotent.
-- @plain
CREATE TABLE IF NOT EXISTS controller_events (
  ts              timestamptz NOT NULL,
  intersection_id text        NOT NULL,
  code            smallint    NOT NULL,
  param           smallint    NOT NULL,
  feed_id         text,
  seq             bigint,
  ingested_at     timestamptz NOT NULL DEFAULT now()
) PARTITION BY RANGE (ts);
-- @timescale
CREATE TABLE IF NOT EXISTS controller_events (
  ts              timestamptz NOT NULL,
  intersection_id text        NOT NULL,
  code            smallint    NOT NULL,
  param           smallint    NOT NULL,
  feed_id         text,
  seq             bigint,
  ingested_at     timestamptz NOT NULL DEFAULT now()
);
SELECT create_hypertable('controller_events', by_range('ts', INTERVAL '1 day'), if_not_exists => true);
-- @end
CREATE UNIQUE INDEX IF NOT EXISTS controller_events_identity ON controller_events (intersection_id, ts, code, param);

-- Aggregated detector samples (DESIGN §4.2): one row per detector per interval start.
-- @plain
CREATE TABLE IF NOT EXISTS detector_samples (
  ts              timestamptz NOT NULL,
  detector_id     text        NOT NULL,
  intersection_id text        NOT NULL,
  interval_s      integer     NOT NULL,
  volume          integer     NOT NULL,
  occupancy_pct   real,
  speed_kmh       real,
  queue_m         real,
  feed_id         text,
  seq             bigint,
  ingested_at     timestamptz NOT NULL DEFAULT now()
) PARTITION BY RANGE (ts);
-- @timescale
CREATE TABLE IF NOT EXISTS detector_samples (
  ts              timestamptz NOT NULL,
  detector_id     text        NOT NULL,
  intersection_id text        NOT NULL,
  interval_s      integer     NOT NULL,
  volume          integer     NOT NULL,
  occupancy_pct   real,
  speed_kmh       real,
  queue_m         real,
  feed_id         text,
  seq             bigint,
  ingested_at     timestamptz NOT NULL DEFAULT now()
);
SELECT create_hypertable('detector_samples', by_range('ts', INTERVAL '1 day'), if_not_exists => true);
-- @end
CREATE UNIQUE INDEX IF NOT EXISTS detector_samples_identity ON detector_samples (detector_id, ts);
CREATE INDEX IF NOT EXISTS detector_samples_by_intersection ON detector_samples (intersection_id, ts);

-- @timescale
ALTER TABLE controller_events SET (
  timescaledb.compress,
  timescaledb.compress_segmentby = 'intersection_id',
  timescaledb.compress_orderby = 'ts'
);
SELECT add_compression_policy('controller_events', INTERVAL '2 days', if_not_exists => true);
ALTER TABLE detector_samples SET (
  timescaledb.compress,
  timescaledb.compress_segmentby = 'intersection_id',
  timescaledb.compress_orderby = 'ts'
);
SELECT add_compression_policy('detector_samples', INTERVAL '2 days', if_not_exists => true);
-- @end

-- 15-minute roll-up of aggregated detector samples (the reporting default, DESIGN §6).
-- TimescaleDB: a continuous aggregate refreshed by policy; plain PostgreSQL: a view.
-- @timescale
CREATE MATERIALIZED VIEW IF NOT EXISTS detector_samples_15min
WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
SELECT time_bucket(INTERVAL '15 minutes', ts) AS bucket,
       detector_id,
       intersection_id,
       sum(volume)::bigint        AS volume,
       avg(occupancy_pct)::real   AS occupancy_pct,
       avg(speed_kmh)::real       AS speed_kmh,
       max(queue_m)::real         AS max_queue_m,
       count(*)::integer          AS samples
FROM detector_samples
GROUP BY 1, 2, 3
WITH NO DATA;
SELECT add_continuous_aggregate_policy('detector_samples_15min',
  start_offset => INTERVAL '3 days', end_offset => INTERVAL '15 minutes',
  schedule_interval => INTERVAL '5 minutes', if_not_exists => true);
-- @plain
CREATE OR REPLACE VIEW detector_samples_15min AS
SELECT date_bin(INTERVAL '15 minutes', ts, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket,
       detector_id,
       intersection_id,
       sum(volume)::bigint        AS volume,
       avg(occupancy_pct)::real   AS occupancy_pct,
       avg(speed_kmh)::real       AS speed_kmh,
       max(queue_m)::real         AS max_queue_m,
       count(*)::integer          AS samples
FROM detector_samples
GROUP BY 1, 2, 3;
-- @end

-- Quarantine: every rejected record, verbatim, with why (DESIGN §4.3).
CREATE TABLE IF NOT EXISTS ingest_rejects (
  id              bigserial PRIMARY KEY,
  received_at     timestamptz NOT NULL DEFAULT now(),
  feed_id         text,
  transport       text        NOT NULL,
  record_kind     text        NOT NULL,
  line            integer,
  reason_code     text        NOT NULL,
  reason          text        NOT NULL,
  field           text,
  intersection_id text,
  raw             text        NOT NULL
);
CREATE INDEX IF NOT EXISTS ingest_rejects_by_time ON ingest_rejects (received_at);
CREATE INDEX IF NOT EXISTS ingest_rejects_by_feed ON ingest_rejects (feed_id, received_at);

-- Timing plans, versioned per intersection; version 1 comes from the network file.
CREATE TABLE IF NOT EXISTS timing_plans (
  id              bigserial PRIMARY KEY,
  intersection_id text        NOT NULL,
  version         integer     NOT NULL,
  plan            jsonb       NOT NULL,
  source          text        NOT NULL CHECK (source IN ('network', 'suggestion', 'manual')),
  note            text,
  created_by      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (intersection_id, version)
);

CREATE TABLE IF NOT EXISTS users (
  id                  bigserial PRIMARY KEY,
  name                text        NOT NULL,
  display_name        text,
  role                text        NOT NULL CHECK (role IN ('viewer', 'officer', 'engineer', 'admin')),
  password_hash       text        NOT NULL,
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  disabled_at         timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX IF NOT EXISTS users_name ON users (lower(name));

-- Feed API keys: only a hash is stored; the prefix finds the row without scanning.
CREATE TABLE IF NOT EXISTS api_keys (
  id            bigserial PRIMARY KEY,
  name          text        NOT NULL,
  key_prefix    text        NOT NULL UNIQUE,
  key_hash      text        NOT NULL,
  intersections text[],
  created_by    bigint REFERENCES users (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz,
  last_used_at  timestamptz
);

CREATE TABLE IF NOT EXISTS audit_log (
  id          bigserial PRIMARY KEY,
  ts          timestamptz NOT NULL DEFAULT now(),
  actor_kind  text        NOT NULL CHECK (actor_kind IN ('user', 'api_key', 'system')),
  actor_id    text,
  actor_name  text,
  action      text        NOT NULL,
  target_kind text,
  target_id   text,
  before      jsonb,
  after       jsonb,
  request_id  text,
  ip          text
);
CREATE INDEX IF NOT EXISTS audit_log_by_time ON audit_log (ts);
CREATE INDEX IF NOT EXISTS audit_log_by_actor ON audit_log (actor_kind, actor_id, ts);
CREATE INDEX IF NOT EXISTS audit_log_by_target ON audit_log (target_kind, target_id, ts);
