-- 0031 alerts and detector status (DESIGN §1, §7, §9).
-- Alerts: engine alerts keep a deterministic id (<kind>:<subject>:<opened at ms>) so a cause
-- opens one row, updated while active and closed once; officers acknowledge and close them;
-- incidents reported from the field are alerts of kind 'incident' with a position and a note.
CREATE TABLE IF NOT EXISTS alerts (
  id              text        PRIMARY KEY,
  kind            text        NOT NULL CHECK (kind IN ('congestion', 'spillback', 'detector-fault', 'silent', 'flash', 'power-failure', 'incident')),
  severity        text        NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
  status          text        NOT NULL CHECK (status IN ('open', 'acknowledged', 'closed')),
  intersection_id text,
  approach_id     text,
  detector_id     text,
  lon             double precision,
  lat             double precision,
  opened_at       timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  closed_at       timestamptz,
  acknowledged_by text,
  acknowledged_at timestamptz,
  closed_by       text,
  reported_by     text,
  note            text,
  details         jsonb       NOT NULL DEFAULT '{}',
  source_ts       timestamptz NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((lon IS NULL) = (lat IS NULL))
);
CREATE INDEX IF NOT EXISTS alerts_active ON alerts (opened_at) WHERE status <> 'closed';
CREATE INDEX IF NOT EXISTS alerts_by_time ON alerts (opened_at);
CREATE INDEX IF NOT EXISTS alerts_by_intersection ON alerts (intersection_id, opened_at);

-- The watchdog's current view of each detector; `since` is the event time of the last change.
CREATE TABLE IF NOT EXISTS detector_status (
  detector_id     text        PRIMARY KEY,
  intersection_id text        NOT NULL,
  channel         smallint    NOT NULL,
  status          text        NOT NULL CHECK (status IN ('ok', 'faulty')),
  faults          text[]      NOT NULL DEFAULT '{}',
  since           timestamptz NOT NULL,
  details         jsonb       NOT NULL DEFAULT '{}',
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS detector_status_by_intersection ON detector_status (intersection_id);
