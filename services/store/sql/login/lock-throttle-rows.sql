-- The throttle state of an account and an address, locked until the transaction ends so that
-- concurrent attempts are counted one after another (several API processes).
-- $1 account_key text
-- $2 address_key text
-- returns: scope text, failures integer, last_failure_at timestamptz
SELECT scope, failures, last_failure_at
FROM login_throttle
WHERE (scope = 'account' AND key = $1) OR (scope = 'address' AND key = $2)
ORDER BY scope
FOR UPDATE
