-- Seeds version 1 of an intersection's plan from the network file, once.
-- $1 intersection_id text
-- $2 plan            jsonb  (TimingPlan, DESIGN §5)
-- returns: the inserted row's id, or no row when a version 1 already exists
INSERT INTO timing_plans (intersection_id, version, plan, source, note, created_by)
VALUES ($1, 1, $2::jsonb, 'network', 'from the network file', 'system')
ON CONFLICT (intersection_id, version) DO NOTHING
RETURNING id
