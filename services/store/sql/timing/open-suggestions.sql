-- Open (proposed or approved) suggestions of one target, or computed against any of the listed
-- intersections' plans (their base versions name them), for superseding; locked for the
-- caller's transaction.
-- $1 kind text (nullable)   $2 target_id text (nullable)   $3 intersection_ids text[] (nullable)
-- returns: id, kind, target_id, status, plans jsonb
SELECT id, kind, target_id, status, plans
FROM timing_suggestions
WHERE status IN ('proposed', 'approved')
  AND (($1::text IS NOT NULL AND kind = $1 AND target_id = $2)
       OR ($3::text[] IS NOT NULL AND base_versions ?| $3::text[]))
ORDER BY id
FOR UPDATE
