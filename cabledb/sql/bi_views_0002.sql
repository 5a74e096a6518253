-- The bi schema: read-only views for people who write SQL and for BI tools (Metabase, Superset, Tableau,
-- Power BI). Their names and columns are a public interface: change them only in new migrations, compatibly.
-- Applied by migration 0002 (a "replaceable object": a later migration replaces a view from a new file), with
-- bi_cable_tags_0002.sql, which holds bi.cable_tags on its own so that migration 0011's downgrade can restore it.

CREATE SCHEMA IF NOT EXISTS bi;
COMMENT ON SCHEMA bi IS 'Friendly read-only views over the cable database, for SQL users and BI tools.';

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
    c.declassify_on
FROM cable c
LEFT JOIN classification_level cl ON cl.id = c.classification_id
LEFT JOIN origin o ON o.id = c.origin_id;

COMMENT ON VIEW bi.cables IS 'One row per cable: metadata, classification, origin, subject, tags and counts. Start here.';
COMMENT ON COLUMN bi.cables.reference_id IS 'Reference id as published, e.g. 07BAKU1515.';
COMMENT ON COLUMN bi.cables.created IS 'When the cable was sent (UTC).';
COMMENT ON COLUMN bi.cables.released IS 'When WikiLeaks released it (UTC); empty when not known.';
COMMENT ON COLUMN bi.cables.classification IS 'Classification as published, e.g. SECRET//NOFORN.';
COMMENT ON COLUMN bi.cables.classification_level IS 'UNCLASSIFIED, LIMITED OFFICIAL USE, CONFIDENTIAL, SECRET or TOP SECRET.';
COMMENT ON COLUMN bi.cables.caveats IS 'Caveats, comma-separated, e.g. NOFORN.';
COMMENT ON COLUMN bi.cables.origin IS 'The sending post, e.g. Embassy Baku.';
COMMENT ON COLUMN bi.cables.subject IS 'Subject line.';
COMMENT ON COLUMN bi.cables.tags IS 'TAGS codes, comma-separated, in cable order, e.g. PGOV,PINR,PREL,IR,AJ.';
COMMENT ON COLUMN bi.cables.tag_count IS 'Number of TAGS codes.';
COMMENT ON COLUMN bi.cables.paragraph_count IS 'Number of paragraphs.';
COMMENT ON COLUMN bi.cables.to_count IS 'Number of TO (action) addressees.';
COMMENT ON COLUMN bi.cables.info_count IS 'Number of INFO addressees.';
COMMENT ON COLUMN bi.cables.reference_count IS 'Number of items in the REF block.';
COMMENT ON COLUMN bi.cables.cited_by_count IS 'Number of cables in the database that cite this one.';
COMMENT ON COLUMN bi.cables.is_partial IS 'True for partial extracts (the full text was not released).';
COMMENT ON COLUMN bi.cables.signed_by IS 'Signer surname(s), comma-separated, e.g. DERSE.';
COMMENT ON COLUMN bi.cables.classified_by IS 'Classifier and title, e.g. Anne E. Derse, Ambassador.';
COMMENT ON COLUMN bi.cables.declassify_on IS 'Declassification date, when the cable gives one.';

CREATE OR REPLACE VIEW bi.cable_recipients AS
SELECT c.reference_id, r.kind, r.position, o.routing_indicator, o.name AS office, r.precedence, r.mcn
FROM cable_recipient r
JOIN cable c ON c.id = r.cable_id
JOIN office o ON o.id = r.office_id;

COMMENT ON VIEW bi.cable_recipients IS 'Addressees of each cable, TO and INFO, in header order.';
COMMENT ON COLUMN bi.cable_recipients.reference_id IS 'The cable, e.g. 07BAKU1515.';
COMMENT ON COLUMN bi.cable_recipients.kind IS 'to (action addressee) or info.';
COMMENT ON COLUMN bi.cable_recipients.position IS 'Order in the header, from 1.';
COMMENT ON COLUMN bi.cable_recipients.routing_indicator IS 'Routing indicator, e.g. RUEHC; empty on old cables.';
COMMENT ON COLUMN bi.cable_recipients.office IS 'Addressee, e.g. SECSTATE WASHDC.';
COMMENT ON COLUMN bi.cable_recipients.precedence IS 'FLASH, IMMEDIATE, PRIORITY, ROUTINE or NIACT IMMEDIATE.';
COMMENT ON COLUMN bi.cable_recipients.mcn IS 'Message control number on the address line, e.g. 4500.';

CREATE OR REPLACE VIEW bi.paragraphs AS
SELECT c.reference_id, p.position, p.number, p.classification, p.heading, p.text
FROM paragraph p
JOIN cable c ON c.id = p.cable_id;

COMMENT ON VIEW bi.paragraphs IS 'Paragraphs of each cable with their number, portion mark and heading.';
COMMENT ON COLUMN bi.paragraphs.reference_id IS 'The cable, e.g. 07BAKU1515.';
COMMENT ON COLUMN bi.paragraphs.position IS 'Order in the body, from 1.';
COMMENT ON COLUMN bi.paragraphs.number IS 'Paragraph number as written; empty for unnumbered text.';
COMMENT ON COLUMN bi.paragraphs.classification IS 'Portion mark, e.g. C, S/NF, SBU, U; empty when unmarked.';
COMMENT ON COLUMN bi.paragraphs.heading IS 'Heading just before the paragraph, e.g. Comment.';
COMMENT ON COLUMN bi.paragraphs.text IS 'Paragraph text.';

CREATE OR REPLACE VIEW bi.cable_references AS
SELECT c.reference_id, x.position, x.bullet, x.kind, x.text, x.target_reference_id,
       (x.target_cable_id IS NOT NULL) AS target_found
FROM cable_reference x
JOIN cable c ON c.id = x.cable_id;

COMMENT ON VIEW bi.cable_references IS 'Items of each cable''s REF block; cited cables and whether they are in the database.';
COMMENT ON COLUMN bi.cable_references.reference_id IS 'The citing cable, e.g. 07BAKU1515.';
COMMENT ON COLUMN bi.cable_references.position IS 'Order in the REF block, from 1.';
COMMENT ON COLUMN bi.cable_references.bullet IS 'Bullet letter as written, e.g. A.';
COMMENT ON COLUMN bi.cable_references.kind IS 'cable, email, telcon, report, document or other.';
COMMENT ON COLUMN bi.cable_references.text IS 'The item as written, e.g. BAKU 1495.';
COMMENT ON COLUMN bi.cable_references.target_reference_id IS 'Reference id of the cited cable, e.g. 07BAKU1495.';
COMMENT ON COLUMN bi.cable_references.target_found IS 'True when the cited cable is in the database.';
