-- Forgets throttle rows with no failure since a cut-off and no block in force.
-- $1 before timestamptz
-- returns: nothing
DELETE FROM login_throttle
WHERE (last_failure_at IS NULL OR last_failure_at < $1) AND (blocked_until IS NULL OR blocked_until < now())
