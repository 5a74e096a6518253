-- A materialized summary behind bi.cables (issue 14, finding 5; migration 0014).
--
-- bi.cables computed its lists and counts per row, with seven correlated subqueries: a full read, an ILIKE on
-- tags or an average over paragraph_count evaluated every subquery for every cable (3.6 to 13 s at 100,000
-- cables). cable_summary holds the rows of bi.cables, computed set-wise (one grouped pass per part table), and
-- bi.cables reads it. Every import refreshes it at the end of its run, under the import lock (REFRESH ...
-- CONCURRENTLY, so that readers of bi.cables are never blocked; a plain REFRESH when it is empty); this migration
-- fills it. Its unique index on cable_id is what CONCURRENTLY needs.

CREATE MATERIALIZED VIEW public.cable_summary AS
SELECT
    c.id AS cable_id,
    c.reference_id,
    c.created,
    c.released,
    c.classification AS classification_marking,
    cl.code AS classification_level,
    cv.caveats,
    o.name AS origin,
    c.subject,
    tg.tags,
    coalesce(tg.tag_count, 0) AS tag_count,
    coalesce(p.paragraph_count, 0) AS paragraph_count,
    coalesce(r.to_count, 0) AS to_count,
    coalesce(r.info_count, 0) AS info_count,
    coalesce(x.reference_count, 0) AS reference_count,
    coalesce(y.cited_by_count, 0) AS cited_by_count,
    c.is_partial,
    array_to_string(c.signed_by, ',') AS signed_by,
    NULLIF(concat_ws(', ', c.classified_by_name, c.classified_by_title), '') AS classified_by,
    c.declassify_on,
    c.classified_by_office
FROM public.cable c
LEFT JOIN public.classification_level cl ON cl.id = c.classification_id
LEFT JOIN public.origin o ON o.id = c.origin_id
LEFT JOIN (SELECT cc.cable_id, string_agg(k.code, ',' ORDER BY cc.position) AS caveats
             FROM public.cable_caveat cc JOIN public.caveat k ON k.id = cc.caveat_id
            GROUP BY cc.cable_id) cv ON cv.cable_id = c.id
LEFT JOIN (SELECT ct.cable_id, string_agg(t.code, ',' ORDER BY ct.position) AS tags, count(*)::integer AS tag_count
             FROM public.cable_tag ct JOIN public.tag t ON t.id = ct.tag_id
            GROUP BY ct.cable_id) tg ON tg.cable_id = c.id
LEFT JOIN (SELECT pa.cable_id, count(*)::integer AS paragraph_count
             FROM public.paragraph pa GROUP BY pa.cable_id) p ON p.cable_id = c.id
LEFT JOIN (SELECT re.cable_id,
                  (count(*) FILTER (WHERE re.kind = 'to'))::integer AS to_count,
                  (count(*) FILTER (WHERE re.kind = 'info'))::integer AS info_count
             FROM public.cable_recipient re GROUP BY re.cable_id) r ON r.cable_id = c.id
LEFT JOIN (SELECT xr.cable_id, count(*)::integer AS reference_count
             FROM public.cable_reference xr GROUP BY xr.cable_id) x ON x.cable_id = c.id
LEFT JOIN (SELECT yr.target_cable_id, count(*)::integer AS cited_by_count
             FROM public.cable_reference yr WHERE yr.target_cable_id IS NOT NULL
            GROUP BY yr.target_cable_id) y ON y.target_cable_id = c.id
WITH DATA;

CREATE UNIQUE INDEX ux_cable_summary_cable_id ON public.cable_summary (cable_id);
CREATE UNIQUE INDEX ux_cable_summary_reference_id ON public.cable_summary (reference_id);
CREATE INDEX ix_cable_summary_created ON public.cable_summary (created);
CREATE INDEX ix_cable_summary_origin ON public.cable_summary (origin);
CREATE INDEX ix_cable_summary_classification_level ON public.cable_summary (classification_level);

COMMENT ON MATERIALIZED VIEW public.cable_summary IS
    'The rows of bi.cables, materialized (cable_id added): refreshed at the end of every import (read bi.cables).';

-- Its columns say what bi.cables says of them.
DO $do$
DECLARE
    col record;
BEGIN
    FOR col IN
        SELECT a.attname, col_description(a.attrelid, a.attnum) AS comment
          FROM pg_attribute a
         WHERE a.attrelid = 'bi.cables'::regclass AND a.attnum > 0 AND NOT a.attisdropped
    LOOP
        EXECUTE format('COMMENT ON COLUMN public.cable_summary.%I IS %L', col.attname, col.comment);
    END LOOP;
END
$do$;
COMMENT ON COLUMN public.cable_summary.cable_id IS 'The cable (cable.id).';

-- The same columns, in the same order, with the same types: CREATE OR REPLACE keeps the view, its comments and
-- its grants.
CREATE OR REPLACE VIEW bi.cables AS
SELECT s.reference_id, s.created, s.released, s.classification_marking, s.classification_level, s.caveats,
       s.origin, s.subject, s.tags, s.tag_count, s.paragraph_count, s.to_count, s.info_count, s.reference_count,
       s.cited_by_count, s.is_partial, s.signed_by, s.classified_by, s.declassify_on, s.classified_by_office
  FROM public.cable_summary s;

COMMENT ON VIEW bi.cables IS
    'One row per cable: metadata, classification, origin, subject, tags and counts. Start here. '
    'Materialized (cable_summary): current as of the last finished import.';

ANALYZE public.cable_summary;

-- bi.tag_glossary counted the cables of each tag with one subquery per tag (0.7 to 1 s at 251,287 cables for the
-- subject tags, PGOV alone on 125,000): one grouped pass over cable_tag instead.
CREATE OR REPLACE VIEW bi.tag_glossary AS
SELECT t.code AS tag, t.kind, t.description, coalesce(n.cable_count, 0)::integer AS cable_count
  FROM public.tag t
  LEFT JOIN (SELECT ct.tag_id, count(*) AS cable_count FROM public.cable_tag ct GROUP BY ct.tag_id) n
    ON n.tag_id = t.id;
