-- The analysts' views of migration 0005 (its search function is in search_0005_function.sql).

CREATE OR REPLACE VIEW bi.cables_by_month AS
SELECT date_trunc('month', c.created AT TIME ZONE 'UTC')::date AS month,
       o.name AS origin,
       l.code AS classification_level,
       count(*)::integer AS count
  FROM cable c
  LEFT JOIN origin o ON o.id = c.origin_id
  LEFT JOIN classification_level l ON l.id = c.classification_id
 GROUP BY 1, 2, 3;

COMMENT ON VIEW bi.cables_by_month IS 'Cables per month, origin and classification level: for time series.';
COMMENT ON COLUMN bi.cables_by_month.month IS 'First day of the month (UTC) the cables were sent.';
COMMENT ON COLUMN bi.cables_by_month.origin IS 'The sending post, e.g. Embassy Baku.';
COMMENT ON COLUMN bi.cables_by_month.classification_level IS 'UNCLASSIFIED, LIMITED OFFICIAL USE, CONFIDENTIAL, SECRET or TOP SECRET.';
COMMENT ON COLUMN bi.cables_by_month.count IS 'Number of cables.';

CREATE OR REPLACE VIEW bi.tag_glossary AS
SELECT t.code, t.kind, t.description,
       (SELECT count(*) FROM cable_tag ct WHERE ct.tag_id = t.id)::integer AS cable_count
  FROM tag t;

COMMENT ON VIEW bi.tag_glossary IS 'Every TAGS code with its kind, its description from the TAGS standard and FIPS 10-4, and how many cables carry it.';
COMMENT ON COLUMN bi.tag_glossary.code IS 'The code, e.g. PGOV, AJ, KDEM.';
COMMENT ON COLUMN bi.tag_glossary.kind IS 'subject, geo, program, person, organization or unknown (not in the glossary).';
COMMENT ON COLUMN bi.tag_glossary.description IS 'What the code means, e.g. Internal Governmental Affairs, Azerbaijan; empty if unknown.';
COMMENT ON COLUMN bi.tag_glossary.cable_count IS 'Number of cables with this tag.';

CREATE OR REPLACE VIEW bi.citations AS
SELECT src.reference_id AS citing_reference_id,
       dst.reference_id AS cited_reference_id,
       src.created AS citing_created,
       dst.created AS cited_created,
       so.name AS citing_origin,
       dor.name AS cited_origin
  FROM cable_reference x
  JOIN cable src ON src.id = x.cable_id
  JOIN cable dst ON dst.id = x.target_cable_id
  LEFT JOIN origin so ON so.id = src.origin_id
  LEFT JOIN origin dor ON dor.id = dst.origin_id;

COMMENT ON VIEW bi.citations IS 'The reference graph: one row per citation between two cables that are both in the database.';
COMMENT ON COLUMN bi.citations.citing_reference_id IS 'The cable that cites, e.g. 07BAKU1515.';
COMMENT ON COLUMN bi.citations.cited_reference_id IS 'The cable it cites, e.g. 07BAKU1495.';
COMMENT ON COLUMN bi.citations.citing_created IS 'When the citing cable was sent (UTC).';
COMMENT ON COLUMN bi.citations.cited_created IS 'When the cited cable was sent (UTC).';
COMMENT ON COLUMN bi.citations.citing_origin IS 'Post of the citing cable.';
COMMENT ON COLUMN bi.citations.cited_origin IS 'Post of the cited cable.';
