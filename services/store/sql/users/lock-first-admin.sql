-- Serialises first-admin creation between processes starting together (transaction-scoped lock).
-- no parameters
-- returns: nothing useful
SELECT pg_advisory_xact_lock(72420010)
