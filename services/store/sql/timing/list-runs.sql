-- The latest run of each target, optionally of one intersection (its own run and its corridors') or one corridor.
-- $1 intersection_id text (nullable)   $2 corridor_ids text[] (nullable: the intersection's corridors)   $3 corridor_id text (nullable)
-- returns: kind, target_id, ran_at, window_from, window_to, trigger, outcome, suggestion_id, detail
SELECT kind, target_id, ran_at, window_from, window_to, trigger, outcome, suggestion_id, detail
FROM timing_runs
WHERE ($1::text IS NULL AND $3::text IS NULL)
   OR ($1::text IS NOT NULL AND ((kind = 'intersection' AND target_id = $1) OR (kind = 'corridor' AND target_id = ANY($2::text[]))))
   OR ($3::text IS NOT NULL AND kind = 'corridor' AND target_id = $3)
ORDER BY kind, target_id
