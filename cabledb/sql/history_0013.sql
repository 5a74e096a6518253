-- Release history (issue 13, migration 0013): the releases, every version of every cable and what changed between
-- consecutive releases. Releases are ordered by publication time (releases without one last), then by name.

CREATE OR REPLACE VIEW bi.releases AS
SELECT r.name AS release, r.published_at, r.cable_count, r.new_count, r.changed_count, r.unchanged_count,
       r.withdrawn_count
FROM release r
ORDER BY r.published_at NULLS LAST, r.name;

COMMENT ON VIEW bi.releases IS 'The releases cables were imported from (WikiLeaks builds, cables.csv, named imports), in order, with their counts against the release before each.';
COMMENT ON COLUMN bi.releases.release IS 'Release name, e.g. cablegate-201012041409 (a torrent build), cables.csv, or import run 3.';
COMMENT ON COLUMN bi.releases.published_at IS 'When the release was published (from a build name, UTC); NULL when unknown (such releases sort last).';
COMMENT ON COLUMN bi.releases.cable_count IS 'Cables in the release.';
COMMENT ON COLUMN bi.releases.new_count IS 'Cables in the release that the release before it lacks.';
COMMENT ON COLUMN bi.releases.changed_count IS 'Cables whose text differs from the release before it (see bi.cable_changes).';
COMMENT ON COLUMN bi.releases.unchanged_count IS 'Cables with the same text as in the release before it.';
COMMENT ON COLUMN bi.releases.withdrawn_count IS 'Cables of the release before it that this release lacks; NULL unless it was imported with --complete.';

CREATE OR REPLACE VIEW bi.cable_versions AS
WITH ordered AS (
    SELECT r.id, r.name, row_number() OVER (ORDER BY r.published_at NULLS LAST, r.name) AS position FROM release r
), spans AS (
    -- Grouped by reference id too, so that a filter on one cable reaches cable_appearance's index.
    SELECT a.reference_id, a.content_version_id, count(*) AS release_count, min(o.position) AS first_position,
           max(o.position) AS last_position
    FROM cable_appearance a
    JOIN ordered o ON o.id = a.release_id
    GROUP BY a.reference_id, a.content_version_id
)
SELECT v.reference_id,
       row_number() OVER (PARTITION BY v.reference_id ORDER BY s.first_position NULLS LAST, v.version_key)::integer
           AS version,
       f.name AS first_release, l.name AS last_release, coalesce(s.release_count, 0)::integer AS release_count,
       coalesce(c.version_key = v.version_key, false) AS is_current,
       v.redaction_count, v.header, v.body
FROM content_version v
LEFT JOIN spans s ON s.content_version_id = v.id AND s.reference_id = v.reference_id
LEFT JOIN ordered f ON f.position = s.first_position
LEFT JOIN ordered l ON l.position = s.last_position
LEFT JOIN cable c ON c.reference_id = v.reference_id;

COMMENT ON VIEW bi.cable_versions IS 'Every distinct text of every cable (whitespace makes no new version), with the releases it appeared in. A text that comes back after a redaction is the same version again.';
COMMENT ON COLUMN bi.cable_versions.reference_id IS 'The cable''s reference id, e.g. 10KABUL693.';
COMMENT ON COLUMN bi.cable_versions.version IS '1, 2, ... in the order of the first release that carried each version.';
COMMENT ON COLUMN bi.cable_versions.first_release IS 'The first release that carried this version.';
COMMENT ON COLUMN bi.cable_versions.last_release IS 'The last release that carried this version.';
COMMENT ON COLUMN bi.cable_versions.release_count IS 'How many releases carried this version.';
COMMENT ON COLUMN bi.cable_versions.is_current IS 'True for the version that is the cable''s current text (the most complete one, in bi.cables).';
COMMENT ON COLUMN bi.cable_versions.redaction_count IS 'Redaction masks (XXXXXXXXXXXX) in this version.';
COMMENT ON COLUMN bi.cable_versions.header IS 'The routing header of this version.';
COMMENT ON COLUMN bi.cable_versions.body IS 'The body of this version.';

CREATE OR REPLACE VIEW bi.cable_changes AS
SELECT ch.reference_id, r.name AS release, p.name AS previous_release, ch.part, ch.paragraph_number, ch.change,
       ch.removed_text, ch.added_text
FROM cable_change ch
JOIN release r ON r.id = ch.release_id
JOIN release p ON p.id = ch.previous_release_id
ORDER BY ch.reference_id, r.published_at NULLS LAST, r.name, ch.position;

COMMENT ON VIEW bi.cable_changes IS 'What changed in each cable between two consecutive releases that carry it with different texts, word by word: one row per run of changed words and part of the cable.';
COMMENT ON COLUMN bi.cable_changes.reference_id IS 'The cable''s reference id.';
COMMENT ON COLUMN bi.cable_changes.release IS 'The release with the new text.';
COMMENT ON COLUMN bi.cable_changes.previous_release IS 'The release before it that carries the cable.';
COMMENT ON COLUMN bi.cable_changes.part IS 'Where the change is: header (routing header), subject, preamble (banner, E.O., TAGS, references), paragraph or signature.';
COMMENT ON COLUMN bi.cable_changes.paragraph_number IS 'The paragraph''s number, for a change in a numbered paragraph.';
COMMENT ON COLUMN bi.cable_changes.change IS 'redacted (text replaced by XXXXXXXXXXXX), unredacted (the reverse) or edited (anything else).';
COMMENT ON COLUMN bi.cable_changes.removed_text IS 'The words the new text no longer has.';
COMMENT ON COLUMN bi.cable_changes.added_text IS 'The words the new text has instead.';
