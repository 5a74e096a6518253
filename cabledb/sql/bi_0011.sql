-- BI tools (issue 14, migration 0011): functions that work whatever the caller's search_path, bi.search(), one
-- name per thing across the bi views, bridge views that carry what dashboards filter by, bi.import_errors.

-- Superset sets search_path=bi: the function's own tables must not depend on the caller (also a security fix:
-- a caller's schema must not shadow cable_search or cable).
ALTER FUNCTION public.cabledb_search(text, text, text, text, date, date, integer) SET search_path = public, pg_temp;

CREATE OR REPLACE FUNCTION bi.search(
    query text,
    origin text DEFAULT NULL,
    tag text DEFAULT NULL,
    classification text DEFAULT NULL,
    since date DEFAULT NULL,
    until date DEFAULT NULL,
    max_results integer DEFAULT 20
)
RETURNS TABLE (reference_id text, rank real, snippet text)
LANGUAGE sql STABLE
SET search_path = public, pg_temp
AS $fn$
    SELECT * FROM public.cabledb_search(query, origin, tag, classification, since, until, max_results)
$fn$;

COMMENT ON FUNCTION bi.search(text, text, text, text, date, date, integer) IS
    'The BI-facing name of cabledb_search(): full-text search in web-search syntax ("exact phrase", -word, OR), '
    'the best cables with a rank and a snippet. Optional filters: origin, tag, classification, since, until.';

-- count clashes with the COUNT(*) metric BI tools add to every dataset.
ALTER VIEW bi.cables_by_month RENAME COLUMN count TO cable_count;
-- One key, one name: a TAGS code is "tag" in every view.
ALTER VIEW bi.tag_glossary RENAME COLUMN code TO tag;
-- The marking as published, apart from its level and from a paragraph's portion mark.
ALTER VIEW bi.cables RENAME COLUMN classification TO classification_marking;
ALTER VIEW bi.paragraphs RENAME COLUMN classification TO portion_mark;

COMMENT ON COLUMN bi.cables.classification_marking IS 'Classification marking as published, e.g. SECRET//NOFORN (its level: classification_level).';

-- The bridge views carry what dashboards filter and group by, so that no dashboard needs a hand-written join.
CREATE OR REPLACE VIEW bi.cable_tags AS
SELECT c.reference_id, ct.position, t.code AS tag, t.kind,
       c.created, o.name AS origin, cl.code AS classification_level
FROM cable_tag ct
JOIN cable c ON c.id = ct.cable_id
JOIN tag t ON t.id = ct.tag_id
LEFT JOIN origin o ON o.id = c.origin_id
LEFT JOIN classification_level cl ON cl.id = c.classification_id;

COMMENT ON COLUMN bi.cable_tags.created IS 'When the cable was sent (UTC).';
COMMENT ON COLUMN bi.cable_tags.origin IS 'The sending post, e.g. Embassy Baku.';
COMMENT ON COLUMN bi.cable_tags.classification_level IS 'UNCLASSIFIED, LIMITED OFFICIAL USE, CONFIDENTIAL, SECRET or TOP SECRET.';

CREATE OR REPLACE VIEW bi.cable_caveats AS
SELECT c.reference_id, cc.position, cv.code AS caveat,
       c.created, o.name AS origin, cl.code AS classification_level
FROM cable_caveat cc
JOIN cable c ON c.id = cc.cable_id
JOIN caveat cv ON cv.id = cc.caveat_id
LEFT JOIN origin o ON o.id = c.origin_id
LEFT JOIN classification_level cl ON cl.id = c.classification_id;

COMMENT ON VIEW bi.cable_caveats IS 'Caveats of each cable (NOFORN, ...), one row per cable and caveat, in cable order.';
COMMENT ON COLUMN bi.cable_caveats.reference_id IS 'The cable, e.g. 07BAKU1515.';
COMMENT ON COLUMN bi.cable_caveats.position IS 'Order in the marking, from 1.';
COMMENT ON COLUMN bi.cable_caveats.caveat IS 'The caveat, e.g. NOFORN.';
COMMENT ON COLUMN bi.cable_caveats.created IS 'When the cable was sent (UTC).';
COMMENT ON COLUMN bi.cable_caveats.origin IS 'The sending post, e.g. Embassy Baku.';
COMMENT ON COLUMN bi.cable_caveats.classification_level IS 'UNCLASSIFIED, LIMITED OFFICIAL USE, CONFIDENTIAL, SECRET or TOP SECRET.';

-- SELECT * on import_error fails for a reader (it may not read raw): the same rows without the raw bytes.
CREATE OR REPLACE VIEW bi.import_errors AS
SELECT e.id, e.run_id, e.source, e.position, e.reason, e.raw_size, e.created_at
FROM import_error e;

COMMENT ON VIEW bi.import_errors IS 'Records an import rejected, with the reason; without their raw bytes.';
COMMENT ON COLUMN bi.import_errors.id IS 'Row id.';
COMMENT ON COLUMN bi.import_errors.run_id IS 'The import run that rejected it (import_run.id).';
COMMENT ON COLUMN bi.import_errors.source IS 'File or archive member the record came from.';
COMMENT ON COLUMN bi.import_errors.position IS 'Position of the record in its source.';
COMMENT ON COLUMN bi.import_errors.reason IS 'Why it was rejected.';
COMMENT ON COLUMN bi.import_errors.raw_size IS 'Size of the rejected record in bytes.';
COMMENT ON COLUMN bi.import_errors.created_at IS 'When it was rejected (UTC).';
