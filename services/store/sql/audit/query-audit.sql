-- Audit entries matching optional filters, newest first (keyset paging on id).
-- $1 actor        text (nullable)  actor name or actor id, exact
-- $2 actor_kind   text (nullable)
-- $3 action       text (nullable)  exact action
-- $4 action_pfx   text (nullable)  action prefix (LIKE pattern with % and _ already escaped)
-- $5 target_kind  text (nullable)
-- $6 target_id    text (nullable)
-- $7 from_ts      timestamptz (nullable)  inclusive
-- $8 to_ts        timestamptz (nullable)  exclusive
-- $9 before_id    bigint (nullable)       cursor: only entries with a smaller id
-- $10 limit       integer
-- returns: id, ts, actor_kind, actor_id, actor_name, action, target_kind, target_id, before, after,
--          status, request_id, ip
SELECT id, ts, actor_kind, actor_id, actor_name, action, target_kind, target_id, before, after, status, request_id, ip
FROM audit_log
WHERE ($1::text IS NULL OR actor_name = $1 OR actor_id = $1)
  AND ($2::text IS NULL OR actor_kind = $2)
  AND ($3::text IS NULL OR action = $3)
  AND ($4::text IS NULL OR action LIKE $4 || '%')
  AND ($5::text IS NULL OR target_kind = $5)
  AND ($6::text IS NULL OR target_id = $6)
  AND ($7::timestamptz IS NULL OR ts >= $7)
  AND ($8::timestamptz IS NULL OR ts < $8)
  AND ($9::bigint IS NULL OR id < $9)
ORDER BY id DESC
LIMIT $10
