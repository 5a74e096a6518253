-- bi.cable_tags from its own rows (issue 14, finding 5; migration 0018, after the table cable_tag_row).
--
-- bi.cable_tags joined, for every (cable, tag) row, the cable's row (337 MB of it at 251,287 cables), its origin,
-- level and tag: a dashboard that groups 1.4 million tag rows by origin or joins them to bi.cables (docs/sql.md
-- #5, the top tags of each embassy) took 1.0 to 1.1 s, most of it those joins. cable_tag_row holds each tag row
-- with the cable's reference id, date, origin and level; the loader writes it with the tags, in the same
-- transaction (so it is always current, and needs no refresh), and bi.cable_tags reads it. The kind comes from
-- tag (a newer glossary may correct it): a query that does not ask for it does not join tag at all.

INSERT INTO public.cable_tag_row (cable_id, position, tag_id, tag, reference_id, created, origin, classification_level)
SELECT ct.cable_id, ct.position, ct.tag_id, t.code, c.reference_id, c.created, o.name, cl.code
  FROM public.cable_tag ct
  JOIN public.cable c ON c.id = ct.cable_id
  JOIN public.tag t ON t.id = ct.tag_id
  LEFT JOIN public.origin o ON o.id = c.origin_id
  LEFT JOIN public.classification_level cl ON cl.id = c.classification_id;

-- The same columns, in the same order, with the same types: CREATE OR REPLACE keeps the view, its comments and
-- its grants.
CREATE OR REPLACE VIEW bi.cable_tags AS
SELECT s.reference_id, s.position, s.tag, t.kind, s.created, s.origin, s.classification_level
  FROM public.cable_tag_row s
  LEFT JOIN public.tag t ON t.id = s.tag_id;

ANALYZE public.cable_tag_row;

-- Readers that exist already (cabledb db create-reader) read it too, as they read the other tables.
DO $do$
DECLARE
    r record;
BEGIN
    FOR r IN
        SELECT rolname FROM pg_roles
         WHERE NOT rolsuper AND rolname <> current_user AND rolname NOT LIKE 'pg\_%'
           AND has_table_privilege(oid, 'public.cable_tag', 'SELECT')
    LOOP
        EXECUTE format('GRANT SELECT ON public.cable_tag_row TO %I', r.rolname);
    END LOOP;
END
$do$;
