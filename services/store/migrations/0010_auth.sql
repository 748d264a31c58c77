-- 0010 auth: refresh sessions, login throttling, audit status (DESIGN §12).

-- A refresh session per sign-in. The refresh token itself is never stored: only its
-- SHA-256. Rotation keeps the previous hash for a short grace (two tabs refreshing at
-- once); a previous hash presented after the grace means a stolen token, and the
-- session is revoked. Access tokens carry the session id, so revoking ends them too.
CREATE TABLE IF NOT EXISTS auth_sessions (
  id                    text        PRIMARY KEY,
  user_id               bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  refresh_hash          text        NOT NULL UNIQUE,
  previous_refresh_hash text,
  rotated_at            timestamptz,
  created_at            timestamptz NOT NULL DEFAULT now(),
  expires_at            timestamptz NOT NULL,
  revoked_at            timestamptz,
  revoked_reason        text,
  ip                    text,
  user_agent            text
);
CREATE INDEX IF NOT EXISTS auth_sessions_by_user ON auth_sessions (user_id) WHERE revoked_at IS NULL;
CREATE INDEX IF NOT EXISTS auth_sessions_by_previous ON auth_sessions (previous_refresh_hash) WHERE previous_refresh_hash IS NOT NULL;
CREATE INDEX IF NOT EXISTS auth_sessions_by_expiry ON auth_sessions (expires_at);

-- Failed sign-ins per account (lower-cased name) and per client address, shared by every
-- API process. `blocked_until` is when the next attempt may be made (backoff or lockout).
CREATE TABLE IF NOT EXISTS login_throttle (
  scope           text        NOT NULL CHECK (scope IN ('account', 'address')),
  key             text        NOT NULL,
  failures        integer     NOT NULL DEFAULT 0,
  last_failure_at timestamptz,
  blocked_until   timestamptz,
  PRIMARY KEY (scope, key)
);

-- The HTTP status of an audited request (null for changes made by the CLI or jobs).
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS status smallint;
CREATE INDEX IF NOT EXISTS audit_log_by_action ON audit_log (action, id);
