-- bi.cables as migrations 0007 and 0011 left it: one row per cable, with correlated subqueries per row (migration
-- 0014 replaced it by a view over the materialized cable_summary; its downgrade applies this file).
CREATE OR REPLACE VIEW bi.cables AS
SELECT
    c.reference_id,
    c.created,
    c.released,
    c.classification AS classification_marking,
    cl.code AS classification_level,
    (SELECT string_agg(cv.code, ',' ORDER BY cc.position)
       FROM cable_caveat cc JOIN caveat cv ON cv.id = cc.caveat_id
      WHERE cc.cable_id = c.id) AS caveats,
    o.name AS origin,
    c.subject,
    (SELECT string_agg(t.code, ',' ORDER BY ct.position)
       FROM cable_tag ct JOIN tag t ON t.id = ct.tag_id
      WHERE ct.cable_id = c.id) AS tags,
    (SELECT count(*) FROM cable_tag ct WHERE ct.cable_id = c.id)::integer AS tag_count,
    (SELECT count(*) FROM paragraph p WHERE p.cable_id = c.id)::integer AS paragraph_count,
    (SELECT count(*) FROM cable_recipient r WHERE r.cable_id = c.id AND r.kind = 'to')::integer AS to_count,
    (SELECT count(*) FROM cable_recipient r WHERE r.cable_id = c.id AND r.kind = 'info')::integer AS info_count,
    (SELECT count(*) FROM cable_reference x WHERE x.cable_id = c.id)::integer AS reference_count,
    (SELECT count(*) FROM cable_reference x WHERE x.target_cable_id = c.id)::integer AS cited_by_count,
    c.is_partial,
    array_to_string(c.signed_by, ',') AS signed_by,
    NULLIF(concat_ws(', ', c.classified_by_name, c.classified_by_title), '') AS classified_by,
    c.declassify_on,
    c.classified_by_office
FROM cable c
LEFT JOIN classification_level cl ON cl.id = c.classification_id
LEFT JOIN origin o ON o.id = c.origin_id;

COMMENT ON VIEW bi.cables IS
    'One row per cable: metadata, classification, origin, subject, tags and counts. Start here.';
