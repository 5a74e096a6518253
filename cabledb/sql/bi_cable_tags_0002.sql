-- bi.cable_tags as migration 0002 made it, with its comments: applied by 0002 after bi_views_0002.sql, and again by
-- 0011's downgrade, which restores this view (0011 replaced it with one that has more columns).

CREATE OR REPLACE VIEW bi.cable_tags AS
SELECT c.reference_id, ct.position, t.code AS tag, t.kind
FROM cable_tag ct
JOIN cable c ON c.id = ct.cable_id
JOIN tag t ON t.id = ct.tag_id;

COMMENT ON VIEW bi.cable_tags IS 'TAGS of each cable, one row per cable and tag, in cable order.';
COMMENT ON COLUMN bi.cable_tags.reference_id IS 'The cable, e.g. 07BAKU1515.';
COMMENT ON COLUMN bi.cable_tags.position IS 'Order in the TAGS line, from 1.';
COMMENT ON COLUMN bi.cable_tags.tag IS 'The code, e.g. PGOV.';
COMMENT ON COLUMN bi.cable_tags.kind IS 'subject, geo, program, person, organization or unknown.';
