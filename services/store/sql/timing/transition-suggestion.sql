-- Moves a suggestion to a new status if it is in one of the allowed ones (atomic check-and-set).
-- $1 id bigint   $2 from_statuses text[]   $3 to_status text
-- $4 reviewed_by text (nullable: unchanged)   $5 review_comment text (nullable: unchanged)
-- $6 exported_by text (nullable: unchanged)   $7 exported_versions jsonb (nullable: unchanged)
-- $8 superseded_by bigint (nullable: unchanged)
-- returns: id; no row when the suggestion is absent or not in an allowed status
UPDATE timing_suggestions SET
  status = $3,
  reviewed_by = COALESCE($4, reviewed_by),
  reviewed_at = CASE WHEN $4::text IS NULL THEN reviewed_at ELSE now() END,
  review_comment = COALESCE($5, review_comment),
  exported_by = COALESCE($6, exported_by),
  exported_at = CASE WHEN $6::text IS NULL THEN exported_at ELSE now() END,
  exported_versions = COALESCE($7::jsonb, exported_versions),
  superseded_by = COALESCE($8, superseded_by),
  updated_at = now()
WHERE id = $1 AND status = ANY($2::text[])
RETURNING id
