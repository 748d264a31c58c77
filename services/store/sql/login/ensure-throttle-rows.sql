-- Makes sure the throttle rows of an account and an address exist, so both can be locked.
-- $1 account_key text  lower-cased login name
-- $2 address_key text  client address
-- returns: nothing
INSERT INTO login_throttle (scope, key) VALUES ('account', $1), ('address', $2)
ON CONFLICT (scope, key) DO NOTHING
