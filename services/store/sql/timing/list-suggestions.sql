-- Suggestions matching optional filters, newest first (keyset paging on id), without reasoning.
-- $1 statuses text[] (nullable: any)   $2 kind text (nullable)
-- $3 intersection_id text (nullable): suggestions whose plans include this intersection
-- $4 corridor target_id text (nullable)   $5 before_id bigint (nullable)   $6 limit integer
-- returns: the summary columns
SELECT id, kind, target_id, intersection_ids, status, trigger, window_from, window_to, base_versions, reason,
       delay_before_s, delay_after_s, improvement_pct, band_gain_s, created_at, created_by, reviewed_by, reviewed_at, review_comment,
       exported_by, exported_at, exported_versions, superseded_by
FROM timing_suggestions
WHERE ($1::text[] IS NULL OR status = ANY($1::text[]))
  AND ($2::text IS NULL OR kind = $2)
  AND ($3::text IS NULL OR intersection_ids @> ARRAY[$3::text])
  AND ($4::text IS NULL OR (kind = 'corridor' AND target_id = $4))
  AND ($5::bigint IS NULL OR id < $5)
ORDER BY id DESC
LIMIT $6
