-- Every classifier of a cable (migration 0007): bi.cable_classifiers, and the office of the first classifier on
-- bi.cables (a new last column; the earlier ones are unchanged).

CREATE OR REPLACE VIEW bi.cables AS
SELECT
    c.reference_id,
    c.created,
    c.released,
    c.classification,
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

COMMENT ON COLUMN bi.cables.classified_by IS 'First classifier''s name and title, e.g. Anne E. Derse, Ambassador (all: bi.cable_classifiers).';
COMMENT ON COLUMN bi.cables.classified_by_office IS 'Office beside the first classifier''s title, e.g. EAP/CM; empty when none.';

CREATE OR REPLACE VIEW bi.cable_classifiers AS
SELECT c.reference_id, k.position, k.name, k.title, k.office, array_to_string(k.reasons, ',') AS reasons, k.raw
FROM cable_classifier k
JOIN cable c ON c.id = k.cable_id;

COMMENT ON VIEW bi.cable_classifiers IS 'Who classified each cable, one row per classifier (a cable may have two), from its Classified-By statements.';
COMMENT ON COLUMN bi.cable_classifiers.reference_id IS 'The cable, e.g. 07BAKU1515.';
COMMENT ON COLUMN bi.cable_classifiers.position IS 'Order in the cable, from 1.';
COMMENT ON COLUMN bi.cable_classifiers.name IS 'The person, e.g. Anne E. Derse; empty when the statement names none.';
COMMENT ON COLUMN bi.cable_classifiers.title IS 'Job title as written, e.g. Ambassador, Acting DCM, POLOFF.';
COMMENT ON COLUMN bi.cable_classifiers.office IS 'Office beside the title, e.g. EAP/CM, NEA/I, STATE, EXEC.';
COMMENT ON COLUMN bi.cable_classifiers.reasons IS 'Reasons of the executive order, comma-separated, e.g. 1.4(b),1.4(d).';
COMMENT ON COLUMN bi.cable_classifiers.raw IS 'The statement as written, e.g. Classified By: Ambassador Anne E. Derse for reasons 1.4 (b) and (d).';
