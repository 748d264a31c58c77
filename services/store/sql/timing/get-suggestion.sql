-- One suggestion with its reasoning.
-- $1 id bigint
-- returns: every column of timing_suggestions; no row when absent
SELECT id, kind, target_id, intersection_ids, status, trigger, window_from, window_to, base_versions, plans, reasoning, quality, reason,
       delay_before_s, delay_after_s, improvement_pct, band_gain_s, created_at, created_by, reviewed_by, reviewed_at, review_comment,
       exported_by, exported_at, exported_versions, superseded_by
FROM timing_suggestions
WHERE id = $1
