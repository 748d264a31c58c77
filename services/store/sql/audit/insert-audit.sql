-- Appends one audit entry. Callers remove secrets from before/after first.
-- $1  actor_kind  text  user | api_key | system
-- $2  actor_id    text (nullable)
-- $3  actor_name  text (nullable)
-- $4  action      text  e.g. user.create
-- $5  target_kind text (nullable)
-- $6  target_id   text (nullable)
-- $7  before      jsonb (nullable)
-- $8  after       jsonb (nullable)
-- $9  request_id  text (nullable)
-- $10 ip          text (nullable)
-- $11 status      smallint (nullable)  HTTP status; null outside HTTP
-- returns: id
INSERT INTO audit_log (actor_kind, actor_id, actor_name, action, target_kind, target_id, before, after, request_id, ip, status)
VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10, $11)
RETURNING id
