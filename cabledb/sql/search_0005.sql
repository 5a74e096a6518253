-- Full-text search and the analysts' views. Applied by migration 0005.

-- The search function. Ranking every match of a common word with ts_rank reads every matching document (a few
-- KB each, out of line): about a second at 250,000 cables. So ranking happens in two steps: all matches are
-- ranked on their small "head" vector (subject, tags and summary, stored inline), the best 200 of them are ranked
-- again on the full document, and only the final ones get a snippet (ts_headline re-reads the body).
CREATE OR REPLACE FUNCTION cabledb_search(
    query text,
    origin text DEFAULT NULL,
    tag text DEFAULT NULL,
    classification text DEFAULT NULL,
    since date DEFAULT NULL,
    until date DEFAULT NULL,
    max_results integer DEFAULT 20
)
RETURNS TABLE (reference_id text, rank real, snippet text)
LANGUAGE sql STABLE PARALLEL SAFE
AS $fn$
    WITH q AS (
        SELECT websearch_to_tsquery('english', query) AS tsq
    ),
    matches AS (
        SELECT s.cable_id,
               ts_rank_cd(s.head, q.tsq, 1) * 4 + 0.01 AS head_rank
          FROM cable_search s
          JOIN q ON s.document @@ q.tsq
          JOIN cable c ON c.id = s.cable_id
         WHERE (cabledb_search.origin IS NULL OR c.origin_id IN
                   (SELECT o.id FROM origin o WHERE o.name ILIKE cabledb_search.origin OR o.station = upper(cabledb_search.origin)))
           AND (cabledb_search.classification IS NULL OR c.classification_id IN
                   (SELECT l.id FROM classification_level l WHERE l.code = upper(cabledb_search.classification))
                OR c.classification ILIKE cabledb_search.classification)
           AND (cabledb_search.since IS NULL OR c.created >= cabledb_search.since)
           AND (cabledb_search.until IS NULL OR c.created < cabledb_search.until + 1)
           AND (cabledb_search.tag IS NULL OR EXISTS (
                   SELECT 1 FROM cable_tag ct JOIN tag t ON t.id = ct.tag_id
                    WHERE ct.cable_id = c.id AND t.code = upper(cabledb_search.tag)))
         ORDER BY head_rank DESC, s.cable_id DESC
         LIMIT greatest(200, max_results * 4)
    ),
    ranked AS (
        SELECT m.cable_id, (m.head_rank + ts_rank_cd(s.document, q.tsq, 1))::real AS rank
          FROM matches m JOIN cable_search s ON s.cable_id = m.cable_id CROSS JOIN q
         ORDER BY rank DESC, m.cable_id DESC
         LIMIT max_results
    )
    SELECT c.reference_id,
           r.rank,
           regexp_replace(ts_headline('english', c.body, q.tsq,
                       'StartSel=**, StopSel=**, MaxWords=24, MinWords=10, MaxFragments=2, FragmentDelimiter=" ... "'),
                          '\s+', ' ', 'g')
      FROM ranked r JOIN cable c ON c.id = r.cable_id CROSS JOIN q
     ORDER BY r.rank DESC, c.id DESC
$fn$;

COMMENT ON FUNCTION cabledb_search(text, text, text, text, date, date, integer) IS
    'Full-text search in web-search syntax ("exact phrase", -word, OR): the best cables with a rank and a snippet '
    '(matches marked **like this**). Optional filters: origin (name or station), tag, classification, since, until.';

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
