-- Search facets from a narrow table with its own search document (issue 14; migration 0019). Replaces the
-- materialized view cable_facet of facets_0017.sql with a table the loader writes (cabledb/load/writer.py, with
-- cable_search, in the batch's transaction: always current, no refresh), and the function with one that finds the
-- matches in it. The same results.
--
-- A GIN index gives row addresses: to count the facets of 173,051 matches (`government`), 0017 first read their
-- rows of cable_search for the ids, about 1 KB each (the head vector is inline): 166 ms of its 420. Here each row is
-- a few dozen bytes, the document always out of line (toast_tuple_target = 128): the matches and their facet
-- columns come from one bitmap scan of 40 MB instead of 240 MB (30 ms). The document is a copy of
-- cable_search.document; the function turns sequential scans off (for itself only), as a word in half the cables
-- would otherwise make the planner scan the table and read every document out of line to test it, ten times
-- slower. What remains is counting: about 120 ms for the 985,000 tag ids of `government`, and a phrase's matches
-- re-checked against their whole documents, as before.

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
LANGUAGE plpgsql STABLE
SET search_path = public, pg_temp
SET enable_seqscan = off  -- the matches through the GIN index whatever their number (see above)
SET work_mem = '64MB'
SET max_parallel_workers_per_gather = 0
AS $fn$
DECLARE
    tsq tsquery := websearch_to_tsquery('english', query);
    origin_ids integer[];
    tag_id integer;
    level_ids smallint[];
    filters text := '';
BEGIN
    IF numnode(tsq) = 0 THEN
        RETURN QUERY SELECT 'total'::text, NULL::text, 0::bigint;  -- nothing to look for: no match
        RETURN;
    END IF;
    -- An unknown origin or tag leaves its array or id NULL, which matches nothing: the total is 0.
    IF origin IS NOT NULL THEN
        SELECT array_agg(o.id) INTO origin_ids FROM origin o WHERE o.name ILIKE origin OR o.station = upper(origin);
        filters := filters || ' AND f.origin_id = ANY($2)';
    END IF;
    IF tag IS NOT NULL THEN
        SELECT t.id INTO tag_id FROM tag t WHERE t.code = upper(tag);
        filters := filters || ' AND $3 = ANY(f.tag_ids)';
    END IF;
    IF classification IS NOT NULL THEN
        SELECT array_agg(l.id) INTO level_ids FROM classification_level l WHERE l.code = upper(classification);
        filters := filters || CASE WHEN level_ids IS NOT NULL THEN ' AND f.classification_id = ANY($4)'
            ELSE ' AND EXISTS (SELECT 1 FROM cable c WHERE c.id = f.cable_id AND c.classification ILIKE $7)' END;
    END IF;
    IF since IS NOT NULL THEN
        filters := filters || ' AND f.created >= $5';
    END IF;
    IF until IS NOT NULL THEN
        filters := filters || ' AND f.created < $6 + 1';
    END IF;
    RETURN QUERY EXECUTE format(
        $q$
        WITH hits AS MATERIALIZED (
            SELECT f.year, f.origin_id, f.classification_id, f.tag_ids
              FROM cable_facet f
             WHERE f.document @@ $1 %s
        ),
        grouped AS (  -- one pass: the total, and the count of each year, origin and level
            SELECT h.year, h.origin_id, h.classification_id, count(*) AS n,
                   GROUPING(h.year, h.origin_id, h.classification_id) AS g
              FROM hits h
             GROUP BY GROUPING SETS ((), (h.year), (h.origin_id), (h.classification_id))
        ),
        counted AS (
            SELECT 'total'::text AS facet, NULL::text AS value, g.n FROM grouped g WHERE g.g = 7
            UNION ALL
            SELECT 'year', g.year::text, g.n FROM grouped g WHERE g.g = 3
            UNION ALL
            SELECT 'origin', o.name, sum(g.n)::bigint
              FROM grouped g JOIN origin o ON o.id = g.origin_id WHERE g.g = 5
             GROUP BY o.name
            UNION ALL
            SELECT 'classification_level', l.code, g.n
              FROM grouped g JOIN classification_level l ON l.id = g.classification_id WHERE g.g = 6
            UNION ALL
            SELECT 'tag', t.code, x.n
              FROM (SELECT u.tag_id, count(*) AS n FROM (SELECT unnest(h.tag_ids) AS tag_id FROM hits h) u
                     GROUP BY u.tag_id) x
              JOIN tag t ON t.id = x.tag_id
        ),
        ranked AS (
            SELECT c.*, row_number() OVER (PARTITION BY c.facet ORDER BY c.n DESC, c.value) AS k FROM counted c
        )
        SELECT r.facet, r.value, r.n FROM ranked r
         WHERE r.k <= $8
         ORDER BY CASE r.facet WHEN 'total' THEN 0 WHEN 'year' THEN 1 WHEN 'origin' THEN 2 WHEN 'tag' THEN 3
                  ELSE 4 END, r.n DESC, r.value
        $q$, filters)
    USING tsq, origin_ids, tag_id, level_ids, since, until, classification, greatest(coalesce(max_values, 20), 1);
END
$fn$;

-- Readers that exist already (cabledb db create-reader) read the new table too: the facets of a reader's search
-- read cable_facet with its privileges.
DO $do$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT rolname FROM pg_roles
         WHERE NOT rolsuper AND rolname <> current_user AND rolname NOT LIKE 'pg\_%'
           AND has_table_privilege(oid, 'public.cable_search', 'SELECT')
    LOOP
        EXECUTE format('GRANT SELECT ON public.cable_facet TO %I', r.rolname);
    END LOOP;
END
$do$;
