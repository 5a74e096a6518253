"""The real corpus: every WikiLeaks page of ../shared/corpus/cablegate-html-dev.tar.xz and every row of
cables-sample.csv parse, and agree with the metadata, tag links and paragraph anchors of the pages themselves."""

from __future__ import annotations

import csv
import re
from functools import cache

from cabledb.parse import ParsedCable, parse_cable
from cabledb.parse.notes import Notes
from cabledb.parse.tags import parse_tags
from tests.conftest import CSV_SAMPLE, html_pages, need

TAG_LINK = re.compile(r"<a href='/tag/[^']*'>([^<]*)</a>")
PAR_ANCHOR = re.compile(r"<a id='par(\d+)'")
CELL = re.compile(r"<td>\s*<a[^>]*>(.*?)</a>", re.S)


@cache
def parsed() -> list[tuple[str, str, ParsedCable]]:
    return [(name, page, parse_cable(page)) for name, page in html_pages()]


def page_body(page: str) -> str:
    """The body <pre> block of a page (tag links and anchors are looked for there only: the site navigation
    around it links every tag)."""
    table_end = page.find("</table>", page.rfind("<table class='cable'>"))
    return re.findall(r"<pre>(.*?)</pre>", page[table_end:], re.S)[-1]


def words(codes: list[str]) -> set[str]:
    """WikiLeaks split multi-word tags into one link per word (``CLINTON``, ``HILLARY``; ``ZANU-PF`` into ``ZANU``
    and ``PF``), so both sides are compared word by word."""
    return {w for code in codes for w in re.split(r"[^A-Z0-9]+", code.upper()) if w}


def test_no_page_fails_and_metadata_agrees() -> None:
    pages = parsed()
    assert len(pages) == 2296
    for name, page, cable in pages:
        table = page[page.rfind("<table class='cable'>") :]
        rid, created, _released, classification, origin = CELL.findall(table[: table.find("</table>")])[:5]
        assert cable.reference_id == rid, name
        assert cable.created is not None and cable.created.strftime("%Y-%m-%d %H:%M") == created, name
        assert cable.classification_raw == classification, name
        assert cable.classification == classification.split("//")[0], name
        assert cable.origin == origin, name
        assert cable.source_format == "html"


def test_tags_agree_with_the_page_links() -> None:
    """Compared as sets of words, after applying to the page's links the same documented repairs the parser
    applies (typos such as POGOV, merged codes such as MASSMNUC, the parenthesised person form): WikiLeaks
    linked the tokens of the ``TAGS:`` line as they were written.

    What remains are pages where the TAGS run over a second line: WikiLeaks linked only the first line
    (07SANTIAGO796 ``TAGS: ... VE`` / ``IR, CI``; 08BOGOTA337; 09GENEVA203), while the parser reads both. Each such
    page must differ only by tags that the parser found on that second line."""
    with_links = agree = 0
    unexplained: list[str] = []
    for name, page, cable in parsed():
        links = TAG_LINK.findall(page_body(page))
        if not links:
            continue
        with_links += 1
        mine = words([t.code for t in cable.tags])
        theirs = words([t.code for t in parse_tags(" ".join(links), Notes())])
        if mine == theirs:
            agree += 1
            continue
        line = next(ln for ln in cable.body.split("\n") if "TAGS:" in ln)
        following = cable.body.split(line, 1)[1].lstrip("\n").split("\n", 1)[0]
        second = words([t.code for t in parse_tags(following, Notes())])
        if not (theirs <= mine and mine - theirs <= second):
            unexplained.append(f"{name}: mine {sorted(mine - theirs)} theirs {sorted(theirs - mine)}")
    assert with_links == 2104
    assert agree / with_links >= 0.98, f"{agree}/{with_links}"
    assert unexplained == []


def test_paragraph_numbers_agree_with_the_anchors() -> None:
    """Where a page's ``parN`` anchors run 1..N, the parser's paragraph numbers start with exactly that sequence.
    The parser may find more: WikiLeaks put no anchor on ``7.(S/NF)`` written without a space (326 pages) nor on
    paragraphs run into one line, and its anchors stop where it lost track."""
    checked = exact = 0
    for name, page, cable in parsed():
        anchors = [int(x) for x in PAR_ANCHOR.findall(page_body(page))]
        if not anchors or anchors != list(range(1, len(anchors) + 1)):
            continue
        if any("carries another cable" in a for a in cable.anomalies):
            continue  # the anchors are those of the other cable glued into the page (73TEHRAN2077)
        checked += 1
        numbers = [p.number for p in cable.paragraphs if p.number is not None]
        assert numbers[: len(anchors)] == anchors, name
        exact += numbers == anchors
    assert checked >= 1500
    assert exact / checked >= 0.95


def test_every_page_has_its_parts() -> None:
    """Sanity figures over the whole archive, so that a regression in one field shows."""
    cables = [c for _, _, c in parsed()]
    n = len(cables)
    share = {
        "tags": sum(bool(c.tags) for c in cables) / n,
        "subject": sum(bool(c.subject) for c in cables) / n,
        "paragraphs": sum(bool(c.paragraphs) for c in cables) / n,
        "recipients": sum(bool(c.recipients) for c in cables if not c.is_partial)
        / sum(not c.is_partial for c in cables),
        "declassify": sum(bool(c.declassify_raw) for c in cables) / n,
        "signed": sum(bool(c.signed_by) for c in cables) / n,
    }
    assert share["tags"] > 0.99 and share["subject"] > 0.96 and share["paragraphs"] > 0.98
    assert share["recipients"] > 0.95 and share["declassify"] > 0.99 and share["signed"] > 0.80, share


def test_csv_sample_rows() -> None:
    with need(CSV_SAMPLE).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, escapechar="\\", doublequote=False))
    assert len(rows) == 12
    for row in rows:
        cable = parse_cable(row)
        assert cable.reference_id == row[2] and cable.origin == row[3] and cable.classification == row[4]
        assert cable.created is not None and cable.source_format == "csv"
    first = parse_cable(rows[0])
    assert [r.value for r in first.references if r.kind == "cable"] == ["66STATE106206"]
    assert first.declassify_raw == "DECLASSIFIED BY NARA 09/02/2009"
    libreville = parse_cable(rows[9])
    assert libreville.canonical_id == "75LIBREVILLE1895"
    assert any(r.precedence == "NIACT IMMEDIATE" for r in libreville.recipients)
