-- Full-text search: the function of migration 0005 (its views are in search_0005_views.sql); migration 0006 replaces it and its downgrade restores it.

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
