-- Release history in search (issue 13, migration 0013): cabledb_search() gains two parameters with defaults, so
-- that every call of the 7-parameter function works as before: redacted (only cables that some release redacted)
-- and earlier_versions (also cables whose earlier versions match: a name a later build blacked out). Otherwise the
-- function of search_0006.sql, with the SET search_path of bi_0011.sql. A new parameter list is a new function:
-- migration 0013 drops the old one first, or calls with 7 arguments would be ambiguous. bi.search() calls it with
-- 7. (Migration 0014's downgrade applies this file again.)

CREATE OR REPLACE FUNCTION public.cabledb_search(
    query text,
    origin text DEFAULT NULL,
    tag text DEFAULT NULL,
    classification text DEFAULT NULL,
    since date DEFAULT NULL,
    until date DEFAULT NULL,
    max_results integer DEFAULT 20,
    redacted boolean DEFAULT false,
    earlier_versions boolean DEFAULT false
)
RETURNS TABLE (reference_id text, rank real, snippet text)
LANGUAGE plpgsql STABLE
SET search_path = public, pg_temp
AS $fn$
DECLARE
    tsq tsquery := websearch_to_tsquery('english', query);
    check_document boolean;
    origin_ids integer[];
    tag_id integer;
    level_ids smallint[];
    pool integer := greatest(200, max_results * 4);
    filters text := '';
    tier_match text[] := ARRAY[
        'ts_filter(s.head, ''{a}'') @@ $1',
        's.head @@ $1',
        's.document @@ $1'
    ];
    picked bigint[] := '{}';
    tiers smallint[] := '{}';
    found_ids bigint[];
BEGIN
    IF max_results IS NULL OR max_results < 1 OR numnode(tsq) = 0 THEN
        RETURN;  -- nothing to look for (an empty query, or stop words only)
    END IF;
    -- A match in the subject or head implies a match in the document, but for a -word (the body may have it) and
    -- for a phrase in the head (it could span the tags and the summary, which the document does not join).
    check_document := position('!' IN tsq::text) > 0 OR position('<' IN tsq::text) > 0;
    -- The filters, resolved to ids through the small tables first, so that the planner sees the actual values
    -- (PGOV is on half the cables, KNNP on few). Values reach the SQL as parameters only.
    IF origin IS NOT NULL THEN
        SELECT array_agg(o.id) INTO origin_ids FROM origin o WHERE o.name ILIKE origin OR o.station = upper(origin);
        IF origin_ids IS NULL THEN
            RETURN;
        END IF;
        filters := filters || ' AND c.origin_id = ANY($2)';
    END IF;
    IF tag IS NOT NULL THEN
        SELECT t.id INTO tag_id FROM tag t WHERE t.code = upper(tag);
        IF tag_id IS NULL THEN
            RETURN;
        END IF;
        filters := filters || ' AND EXISTS (SELECT 1 FROM cable_tag ct WHERE ct.cable_id = c.id AND ct.tag_id = $3)';
    END IF;
    IF classification IS NOT NULL THEN
        SELECT array_agg(l.id) INTO level_ids FROM classification_level l WHERE l.code = upper(classification);
        filters := filters || CASE WHEN level_ids IS NOT NULL THEN ' AND c.classification_id = ANY($4)'
                                   ELSE ' AND c.classification ILIKE $9' END;
    END IF;
    IF since IS NOT NULL THEN
        filters := filters || ' AND c.created >= $5';
    END IF;
    IF until IS NOT NULL THEN
        filters := filters || ' AND c.created < $6 + 1';
    END IF;
    IF redacted THEN
        -- Only cables that some release redacted (release history, migration 0013).
        filters := filters || ' AND EXISTS (SELECT 1 FROM cable_change ch WHERE ch.reference_id = c.reference_id'
                           || ' AND ch.change = ''redacted'')';
    END IF;
    FOR tier IN 1..3 LOOP
        -- Candidates of this tier, best head rank first; the full-document check of a -word runs only on
        -- them, in that order, until the pool is full (OFFSET 0 keeps it above the sort).
        EXECUTE format(
            'SELECT array_agg(x.cable_id) FROM ('
            '  SELECT y.cable_id FROM ('
            '    SELECT s.cable_id, s.document, ts_rank_cd(s.head, $1, 1) AS r'
            '      FROM cable_search s %s'
            '     WHERE %s AND NOT s.cable_id = ANY($7) %s'
            '     ORDER BY r DESC, s.cable_id DESC OFFSET 0) y'
            '   WHERE %s LIMIT $8) x',
            CASE WHEN filters <> '' THEN 'JOIN cable c ON c.id = s.cable_id' ELSE '' END, tier_match[tier], filters,
            CASE WHEN check_document AND tier < 3 THEN 'y.document @@ $1' ELSE 'true' END)
        INTO found_ids
        USING tsq, origin_ids, tag_id, level_ids, since, until, picked, pool - cardinality(picked), classification;
        IF found_ids IS NOT NULL THEN
            picked := picked || found_ids;
            tiers := tiers || array_fill(tier::smallint, ARRAY[cardinality(found_ids)]);
        END IF;
        EXIT WHEN cardinality(picked) >= max_results;
    END LOOP;
    IF earlier_versions AND cardinality(picked) < max_results THEN
        -- Tier 4: cables whose current text does not match but an earlier version does (a name that a later
        -- build blacked out, a paragraph it cut). Few cables have other versions; their text has no index.
        EXECUTE format(
            'SELECT array_agg(DISTINCT c.id) FROM content_version v JOIN cable c ON c.reference_id = v.reference_id'
            ' WHERE v.version_key IS DISTINCT FROM c.version_key AND NOT c.id = ANY($7)'
            '   AND to_tsvector(''english'', v.header || '' '' || v.body) @@ $1 %s', filters)
        INTO found_ids
        USING tsq, origin_ids, tag_id, level_ids, since, until, picked, pool, classification;
        IF found_ids IS NOT NULL THEN
            found_ids := found_ids[1:max_results - cardinality(picked)];
            picked := picked || found_ids;
            tiers := tiers || array_fill(4::smallint, ARRAY[cardinality(found_ids)]);
        END IF;
    END IF;
    RETURN QUERY
    WITH candidates AS (
        SELECT p.cable_id, p.tier,
               ts_rank_cd(s.head, tsq, 1) * 4 + ts_rank_cd(s.document, tsq, 1) AS score
          FROM unnest(picked, tiers) AS p(cable_id, tier)
          JOIN cable_search s ON s.cable_id = p.cable_id
    ),
    best AS (
        SELECT cand.cable_id,
               -- earlier tiers first; within a tier, the score (squashed into 0..1); tier 4 (earlier versions)
               -- ranks below 0
               ((3 - cand.tier) + cand.score / (1 + cand.score))::real AS rank
          FROM candidates cand
         ORDER BY rank DESC, cand.cable_id DESC
         LIMIT max_results
    )
    SELECT c.reference_id,
           b.rank,
           regexp_replace(ts_headline('english', c.body, tsq,
                       'StartSel=**, StopSel=**, MaxWords=24, MinWords=10, MaxFragments=2, FragmentDelimiter=" ... "'),
                          '\s+', ' ', 'g')
      FROM best b JOIN cable c ON c.id = b.cable_id
     ORDER BY b.rank DESC, c.id DESC;
END
$fn$;

COMMENT ON FUNCTION public.cabledb_search(text, text, text, text, date, date, integer, boolean, boolean) IS
    'Full-text search in web-search syntax ("exact phrase", -word, OR): the best cables with a rank and a snippet '
    '(matches marked **like this**). Cables whose subject matches come first, then those whose tags or summary do, '
    'then those whose body does. Optional filters: origin (name or station), tag, classification, since, until; '
    'redacted => true keeps only cables that some release redacted; earlier_versions => true also finds cables '
    'whose earlier versions match (ranked last, below 0).';
