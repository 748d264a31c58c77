-- Stores the throttle state of one account or address.
-- $1 scope           text  account | address
-- $2 key             text
-- $3 failures        integer
-- $4 last_failure_at timestamptz (nullable)
-- $5 blocked_until   timestamptz (nullable)  when the next attempt may be made
-- returns: nothing
UPDATE login_throttle
SET failures = $3, last_failure_at = $4, blocked_until = $5
WHERE scope = $1 AND key = $2
