-- Search snippets located before they are marked (issue 14; migration 0016). Replaces the search function of
-- search_0014.sql, the same but for the snippet, which cabledb_snippet() now makes.
--
-- ts_headline() parses the text it is given with the text-search parser (about 0.7 ms per 3,000 characters here),
-- and that was still the largest part of a common word's search at 251,287 cables: 25 to 90 ms of the 20 results'
-- snippets, the most for phrases, whose snippet came from the whole body. cabledb_snippet() first finds where the
-- query's first match is likely to be, with a regular expression over the raw text (the start of a word that
-- begins like one of the query's lexemes, or a phrase's words in order), and marks a window of 1,200 characters
-- around it; only when that window marks nothing (a stem that does not begin its words, a match in a negated
-- group) does it fall back to what 0014 did: the first 3,000 characters, then the whole body.

CREATE OR REPLACE FUNCTION public.cabledb_snippet(body text, query tsquery)
RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $fn$
DECLARE
    opts constant text := 'StartSel=**, StopSel=**, MaxWords=24, MinWords=10, MaxFragments=2, FragmentDelimiter=" ... "';
    token text[];
    pattern text := NULL;  -- the regular expression of the word or phrase being read
    patterns text[] := '{}';
    distance integer := NULL;  -- the <N> before the next lexeme: it continues a phrase
    negated boolean := false;
    word text;
    found integer;
    pos integer := NULL;
    h text;
BEGIN
    IF body IS NULL OR query IS NULL OR numnode(query) = 0 THEN
        RETURN NULL;
    END IF;
    -- The query's positive words and phrases as regular expressions, from its text form:
    -- 'iran' & !'nuclear', 'nuclear' <-> 'program', 'prime' <-> 'minist' | 'whale'.
    FOR token IN SELECT m FROM regexp_matches(query::text, '''((?:[^'']|'''')+)''(?::[*A-D]+)?|<(\d+|-)>|(!)', 'g') AS m
    LOOP
        IF token[3] IS NOT NULL THEN
            negated := true;
        ELSIF token[2] IS NOT NULL THEN
            distance := CASE token[2] WHEN '-' THEN 1 ELSE token[2]::integer END;
        ELSE
            -- A word begins like its lexeme, the stemmer's last letter aside ('embassi': embassy, embassies).
            word := replace(token[1], '''''', '''');
            word := regexp_replace(left(word, greatest(3, length(word) - 1)), '([^[:alnum:]])', '\\\1', 'g');
            IF distance IS NOT NULL AND pattern IS NOT NULL THEN
                pattern := pattern || '\w*(\W+\w+){0,' || (distance - 1) || '}\W+' || word;
            ELSE
                IF pattern IS NOT NULL THEN
                    patterns := patterns || pattern;
                END IF;
                pattern := CASE WHEN negated THEN NULL ELSE '\m' || word END;
            END IF;
            negated := false;
            distance := NULL;
        END IF;
    END LOOP;
    IF pattern IS NOT NULL THEN
        patterns := patterns || pattern;
    END IF;
    FOREACH pattern IN ARRAY patterns LOOP
        found := regexp_instr(body, pattern, 1, 1, 0, 'i');
        IF found > 0 AND (pos IS NULL OR found < pos) THEN
            pos := found;
        END IF;
    END LOOP;
    IF pos IS NOT NULL THEN
        h := ts_headline('english', substr(body, greatest(1, pos - 240), 1200), query, opts);
        IF position('**' IN h) > 0 THEN
            RETURN h;
        END IF;
    END IF;
    IF pos IS NULL OR pos > 2000 THEN
        h := ts_headline('english', left(body, 3000), query, opts);
        IF position('**' IN h) > 0 THEN
            RETURN h;
        END IF;
    END IF;
    RETURN ts_headline('english', body, query, opts);
END
$fn$;

COMMENT ON FUNCTION public.cabledb_snippet(text, tsquery) IS
    'The snippet of a search result: up to two fragments of the text around the query''s first matches, the '
    'matches marked **like this** (ts_headline of a window found by a regular expression; of the whole text when '
    'the window marks nothing).';

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
           regexp_replace(public.cabledb_snippet(c.body, tsq), '\s+', ' ', 'g')
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
