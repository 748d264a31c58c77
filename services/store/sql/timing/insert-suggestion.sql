-- Stores a proposed suggestion.
-- $1 kind text ('intersection' | 'corridor')   $2 target_id text   $3 intersection_ids text[]
-- $4 trigger text ('schedule' | 'on-demand')   $5/$6 window_from / window_to timestamptz
-- $7 base_versions jsonb {id: version}          $8 plans jsonb [{intersectionId, baseVersion, plan}]
-- $9 reasoning jsonb   $10 quality jsonb        $11 reason text
-- $12 delay_before_s, $13 delay_after_s (s/veh), $14 improvement_pct (%), $15 band_gain_s (s, nullable)
-- $16 created_by text
-- returns: id bigint, created_at timestamptz
INSERT INTO timing_suggestions (kind, target_id, intersection_ids, status, trigger, window_from, window_to, base_versions, plans, reasoning, quality,
                                reason, delay_before_s, delay_after_s, improvement_pct, band_gain_s, created_by)
VALUES ($1, $2, $3::text[], 'proposed', $4, $5, $6, $7::jsonb, $8::jsonb, $9::jsonb, $10::jsonb, $11, $12, $13, $14, $15, $16)
RETURNING id, created_at
