-- bi.cable_tags materialized (issue 14, finding 5; migration 0018).
--
-- bi.cable_tags joined, for every (cable, tag) row, the cable's row (337 MB of it at 251,287 cables), its origin,
-- level and tag: a dashboard that groups 1.4 million tag rows by origin or joins them to bi.cables (docs/sql.md
-- #5, the top tags of each embassy) took 1.0 to 1.1 s, most of it those joins. cable_tag_summary holds the rows of
-- bi.cable_tags (a few dozen bytes each, 135 MB with its indexes), and bi.cable_tags reads it: the same query takes
-- a third of a second. Like cable_summary, every import refreshes it at its end (CONCURRENTLY, through its unique
-- index on the bridge's key), so the view shows the cables of the last finished import.

CREATE MATERIALIZED VIEW public.cable_tag_summary AS
SELECT ct.cable_id, c.reference_id, ct.position, t.code AS tag, t.kind,
       c.created, o.name AS origin, cl.code AS classification_level
  FROM public.cable_tag ct
  JOIN public.cable c ON c.id = ct.cable_id
  JOIN public.tag t ON t.id = ct.tag_id
  LEFT JOIN public.origin o ON o.id = c.origin_id
  LEFT JOIN public.classification_level cl ON cl.id = c.classification_id
WITH DATA;

CREATE UNIQUE INDEX ux_cable_tag_summary_cable_id_position ON public.cable_tag_summary (cable_id, position);
CREATE INDEX ix_cable_tag_summary_tag ON public.cable_tag_summary (tag);
CREATE INDEX ix_cable_tag_summary_reference_id ON public.cable_tag_summary (reference_id);

COMMENT ON MATERIALIZED VIEW public.cable_tag_summary IS
    'The rows of bi.cable_tags, one per TAGS entry of a cable: refreshed at the end of every import.';
COMMENT ON COLUMN public.cable_tag_summary.cable_id IS 'The cable (cable.id).';

-- Its other columns say what bi.cable_tags says of them.
DO $do$
DECLARE
    col record;
BEGIN
    FOR col IN
        SELECT a.attname, col_description(a.attrelid, a.attnum) AS comment
          FROM pg_attribute a
         WHERE a.attrelid = 'bi.cable_tags'::regclass AND a.attnum > 0 AND NOT a.attisdropped
    LOOP
        EXECUTE format('COMMENT ON COLUMN public.cable_tag_summary.%I IS %L', col.attname, col.comment);
    END LOOP;
END
$do$;

-- The same columns, in the same order, with the same types: CREATE OR REPLACE keeps the view, its comments and
-- its grants.
CREATE OR REPLACE VIEW bi.cable_tags AS
SELECT s.reference_id, s.position, s.tag, s.kind, s.created, s.origin, s.classification_level
  FROM public.cable_tag_summary s;

ANALYZE public.cable_tag_summary;

-- Readers that exist already (cabledb db create-reader) read it too, as they read cable_summary.
DO $do$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT rolname FROM pg_roles
         WHERE NOT rolsuper AND rolname <> current_user AND rolname NOT LIKE 'pg\_%'
           AND has_table_privilege(oid, 'public.cable_summary', 'SELECT')
    LOOP
        EXECUTE format('GRANT SELECT ON public.cable_tag_summary TO %I', r.rolname);
    END LOOP;
END
$do$;
