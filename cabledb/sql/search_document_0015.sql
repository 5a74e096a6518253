-- The full-text documents of a cable, defined once (issue 12; migration 0015). The loader fills cable_search with
-- these two functions for every imported cable, and so does the catch-up that indexes cables an interrupted import
-- left unsearched: one definition, where migration 0005's backfill and the loader had each their own (0005's head
-- had no length limits).
--   cabledb_search_document: the document that finds matches: subject (weight A), tag codes and their words (B),
--   body (C).
--   cabledb_search_head: the small document that ranks them cheaply: subject (A), tags and summary (B).
-- The length limits (subject 2,000, summary 20,000, body 150,000 characters) keep a document under PostgreSQL's
-- 1 MB for a tsvector; cabledb.load.writer.SEARCH_LIMITS names the same figures for the import's anomaly note, and
-- a test checks that the two agree. Both functions work whatever the caller's search_path.
CREATE OR REPLACE FUNCTION public.cabledb_search_document(subject text, tags text, body text)
RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN setweight(to_tsvector('english'::regconfig, left(coalesce(subject, ''), 2000)), 'A')
    || setweight(to_tsvector('english'::regconfig, coalesce(tags, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, left(body, 150000)), 'C');

CREATE OR REPLACE FUNCTION public.cabledb_search_head(subject text, tags text, summary text)
RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
RETURN setweight(to_tsvector('english'::regconfig, left(coalesce(subject, ''), 2000)), 'A')
    || setweight(to_tsvector('english'::regconfig, coalesce(tags, '') || ' ' || left(coalesce(summary, ''), 20000)), 'B');

COMMENT ON FUNCTION public.cabledb_search_document(text, text, text) IS
    'The full-text document of a cable (cable_search.document): subject (weight A, first 2,000 characters), tag '
    'codes and words (B), body (C, first 150,000 characters), English configuration.';
COMMENT ON FUNCTION public.cabledb_search_head(text, text, text) IS
    'The head of a cable (cable_search.head), which ranks matches cheaply: subject (weight A, first 2,000 '
    'characters), tags and summary (B, summary to 20,000 characters), English configuration.';
