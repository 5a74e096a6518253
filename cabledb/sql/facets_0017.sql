-- Faster search facets, again (issue 14; migration 0017). Replaces cable_facet and the function of
-- facets_0014.sql, with the same results.
--
-- At 251,287 cables, the facets of a word in two cables of three took 500 to 750 ms, of which the matching itself
-- (the GIN index, then cable_search's rows for their ids) about 170 ms. The rest was the counting: the matches
-- joined to cable_facet through a hash that spilled to disk (work_mem), each match's year computed from its
-- timestamp, four passes over the matches and a nested loop over their tags. Now cable_facet keeps the year; the
-- matches' rows are read with cable_id = ANY(ids) (an index scan for a few ids, one scan with a hashed test for
-- many: a hash join with more work_mem hashed all of cable_facet even for a few matches); the year, origin and
-- classification are counted in one pass (GROUPING SETS) and the tags expanded by one set-returning call; and the
-- function runs with work_mem 64MB and no parallel workers (a parallel plan copies the array of ids to each
-- worker first), for itself only.

DROP MATERIALIZED VIEW IF EXISTS public.cable_facet;

CREATE MATERIALIZED VIEW public.cable_facet AS
SELECT c.id AS cable_id, c.created, extract(year FROM c.created AT TIME ZONE 'UTC')::smallint AS year,
       c.origin_id, c.classification_id, coalesce(t.tag_ids, '{}') AS tag_ids
  FROM public.cable c
  LEFT JOIN (SELECT ct.cable_id, array_agg(DISTINCT ct.tag_id ORDER BY ct.tag_id) AS tag_ids
               FROM public.cable_tag ct GROUP BY ct.cable_id) t ON t.cable_id = c.id
WITH DATA;

CREATE UNIQUE INDEX ux_cable_facet_cable_id ON public.cable_facet (cable_id);

COMMENT ON MATERIALIZED VIEW public.cable_facet IS
    'What the search facets count, one row per cable: refreshed at the end of every import (see cabledb_search_facets()).';
COMMENT ON COLUMN public.cable_facet.cable_id IS 'The cable (cable.id).';
COMMENT ON COLUMN public.cable_facet.created IS 'When the cable was sent (UTC).';
COMMENT ON COLUMN public.cable_facet.year IS 'The year it was sent, in UTC.';
COMMENT ON COLUMN public.cable_facet.origin_id IS 'The sending post (origin.id).';
COMMENT ON COLUMN public.cable_facet.classification_id IS 'Classification level (classification_level.id).';
COMMENT ON COLUMN public.cable_facet.tag_ids IS 'Its TAGS (tag.id), distinct and sorted.';

ANALYZE public.cable_facet;

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
SET enable_seqscan = off
SET work_mem = '64MB'
SET max_parallel_workers_per_gather = 0
AS $fn$
DECLARE
    tsq tsquery := websearch_to_tsquery('english', query);
    origin_ids integer[];
    tag_id integer;
    level_ids smallint[];
    filters text := '';
    found bigint[];
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
    -- The matches, through the GIN index whatever their number: for a word in half the cables the planner
    -- would rather scan cable_search, reading every document (out of line) to test it, about ten times slower
    -- (the function's SET clause turns seqscan off; only here).
    SELECT array_agg(s.cable_id) INTO found FROM cable_search s WHERE s.document @@ tsq;
    PERFORM set_config('enable_seqscan', 'on', true);  -- restored when the function returns
    RETURN QUERY EXECUTE format(
        $q$
        WITH hits AS MATERIALIZED (
            SELECT f.year, f.origin_id, f.classification_id, f.tag_ids
              FROM cable_facet f
             WHERE f.cable_id = ANY($9) %s
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
    USING tsq, origin_ids, tag_id, level_ids, since, until, classification, greatest(coalesce(max_values, 20), 1),
          coalesce(found, '{}');
END
$fn$;

-- Readers that exist already (cabledb db create-reader) read the new materialized view too: the facets of a
-- reader's search read cable_facet with its privileges.
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
