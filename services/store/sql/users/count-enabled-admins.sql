-- How many admin accounts can sign in (guards against removing the last one).
-- no parameters
-- returns: count integer
SELECT count(*)::integer AS count FROM users WHERE role = 'admin' AND disabled_at IS NULL
