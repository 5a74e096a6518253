-- Search facets (issue 14): with the hits of a search, how many matching cables there are per year, origin, tag
-- and classification level, as document-search tools show beside their results. Applied by migration 0012.
--
-- The matches are every cable whose full document satisfies the query (the set cabledb_search ranks from), with
-- the same filters; each facet counts distinct cables. A facet lists its values by count, at most max_values.
CREATE OR REPLACE FUNCTION public.cabledb_search_facets(
    query text,
    origin text DEFAULT NULL,
    tag text DEFAULT NULL,
    classification text DEFAULT NULL,
    since date DEFAULT NULL,
    until date DEFAULT NULL,
    max_values integer DEFAULT 20
)
RETURNS TABLE (facet text, value text, cable_count bigint)
LANGUAGE sql STABLE
SET search_path = public, pg_temp
AS $fn$
    WITH q AS (SELECT websearch_to_tsquery('english', query) AS tsq),
    hits AS MATERIALIZED (
        SELECT c.id, c.created, c.origin_id, c.classification_id
          FROM cable_search s
          JOIN cable c ON c.id = s.cable_id
          CROSS JOIN q
         WHERE numnode(q.tsq) > 0 AND s.document @@ q.tsq
           AND (cabledb_search_facets.origin IS NULL OR c.origin_id IN (
                 SELECT o.id FROM origin o
                  WHERE o.name ILIKE cabledb_search_facets.origin OR o.station = upper(cabledb_search_facets.origin)))
           AND (cabledb_search_facets.tag IS NULL OR EXISTS (
                 SELECT 1 FROM cable_tag ct JOIN tag t ON t.id = ct.tag_id
                  WHERE ct.cable_id = c.id AND t.code = upper(cabledb_search_facets.tag)))
           AND (cabledb_search_facets.classification IS NULL OR c.classification_id IN (
                 SELECT l.id FROM classification_level l WHERE l.code = upper(cabledb_search_facets.classification))
                OR (NOT EXISTS (SELECT 1 FROM classification_level l
                                 WHERE l.code = upper(cabledb_search_facets.classification))
                    AND c.classification ILIKE cabledb_search_facets.classification))
           AND (since IS NULL OR c.created >= since)
           AND (until IS NULL OR c.created < until + 1)
    ),
    counted AS (
        SELECT 'year' AS facet, extract(year FROM h.created AT TIME ZONE 'UTC')::int::text AS value, count(*) AS n
          FROM hits h GROUP BY 2
        UNION ALL
        SELECT 'origin', o.name, count(*) FROM hits h JOIN origin o ON o.id = h.origin_id GROUP BY 2
        UNION ALL
        SELECT 'tag', t.code, count(DISTINCT h.id)
          FROM hits h JOIN cable_tag ct ON ct.cable_id = h.id JOIN tag t ON t.id = ct.tag_id GROUP BY 2
        UNION ALL
        SELECT 'classification_level', l.code, count(*)
          FROM hits h JOIN classification_level l ON l.id = h.classification_id GROUP BY 2
        UNION ALL
        SELECT 'total', NULL, count(*) FROM hits
    ),
    ranked AS (
        SELECT c.*, row_number() OVER (PARTITION BY c.facet ORDER BY c.n DESC, c.value) AS k FROM counted c
    )
    SELECT r.facet, r.value, r.n FROM ranked r
     WHERE r.k <= greatest(coalesce(max_values, 20), 1)
     ORDER BY CASE r.facet WHEN 'total' THEN 0 WHEN 'year' THEN 1 WHEN 'origin' THEN 2 WHEN 'tag' THEN 3 ELSE 4 END,
              r.n DESC, r.value
$fn$;

COMMENT ON FUNCTION public.cabledb_search_facets(text, text, text, text, date, date, integer) IS
    'Facets of a search: the number of matching cables per year, origin, tag and classification_level (facet, '
    'value, cable_count; the top max_values of each by count), and one row facet = total. Same query syntax and '
    'filters as cabledb_search().';

CREATE OR REPLACE FUNCTION bi.search_facets(
    query text,
    origin text DEFAULT NULL,
    tag text DEFAULT NULL,
    classification text DEFAULT NULL,
    since date DEFAULT NULL,
    until date DEFAULT NULL,
    max_values integer DEFAULT 20
)
RETURNS TABLE (facet text, value text, cable_count bigint)
LANGUAGE sql STABLE
SET search_path = public, pg_temp
AS $fn$
    SELECT * FROM public.cabledb_search_facets(query, origin, tag, classification, since, until, max_values)
$fn$;

COMMENT ON FUNCTION bi.search_facets(text, text, text, text, date, date, integer) IS
    'The BI-facing name of cabledb_search_facets(): matching cables per year, origin, tag and classification_level.';
