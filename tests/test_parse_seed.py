"""The seed cable, 07BAKU1515, in its plain-text rendering (../shared/corpus/text/07BAKU1515.txt)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from cabledb.parse import ParsedCable, parse_cable
from tests.conftest import SEED_TEXT, need


@pytest.fixture(scope="module")
def seed() -> ParsedCable:
    return parse_cable(need(SEED_TEXT).read_text(encoding="utf-8"))


def test_ids_and_dates(seed: ParsedCable) -> None:
    assert seed.reference_id == seed.canonical_id == "07BAKU1515"
    assert seed.created == datetime(2007, 12, 19, 12, 35, tzinfo=UTC)
    assert seed.to_dict()["created"] == "2007-12-19T12:35:00+00:00"
    assert (seed.transmission_id, seed.precedence, seed.dtg) == ("VZCZCXRO5672", "PRIORITY", "191235Z DEC 07")
    assert (seed.origin, seed.from_) == ("Embassy Baku", "AMEMBASSY BAKU")
    assert (seed.classification, seed.caveats) == ("CONFIDENTIAL", [])
    assert (seed.section, seed.section_count) == (1, 2)


def test_recipients(seed: ParsedCable) -> None:
    assert [r.to_dict() for r in seed.recipients if r.kind == "to"] == [
        {
            "kind": "to",
            "route": "RUEHC",
            "name": "SECSTATE WASHDC",
            "precedence": "PRIORITY",
            "mcn": "4500",
            "excluded": [],
        }
    ]
    info = [(r.route, r.name, r.precedence) for r in seed.recipients if r.kind == "info"]
    assert info == [
        ("RUCNCIS", "CIS COLLECTIVE", "PRIORITY"),
        ("RUCNIRA", "IRAN COLLECTIVE", "PRIORITY"),
        ("RHEHNSC", "NSC WASHDC", "PRIORITY"),
        ("RUEHDIR", "IRAN RPO DUBAI", "PRIORITY"),
        ("RHMFISS", "CDR USEUCOM VAIHINGEN GE", "PRIORITY"),
        ("RUEKJCS", "SECDEF WASHDC", "PRIORITY"),
    ]


def test_preamble(seed: ParsedCable) -> None:
    assert [(t.code, t.kind) for t in seed.tags] == [
        ("PGOV", "subject"),
        ("PINR", "subject"),
        ("PREL", "subject"),
        ("IR", "geo"),
        ("AJ", "geo"),
    ]
    assert seed.subject == "AZERBAIJANI SPY SHOW FALLOUT CONTINUES"
    assert [r.to_dict() for r in seed.references] == [
        {"bullet": None, "kind": "cable", "value": "07BAKU1495", "text": "BAKU 1495"}
    ]
    assert (seed.executive_order, seed.declassify_on, seed.declassify_raw) == (
        "12958",
        date(2017, 12, 18),
        "12/18/2017",
    )
    assert seed.classified_by is not None
    assert seed.classified_by.to_dict() == {
        "name": "Anne E. Derse",
        "title": "Ambassador",
        "office": None,
        "reasons": ["1.4(b)", "1.4(d)"],
        "raw": "Classified By: Ambassador Anne E. Derse for reasons 1.4 (b) and (d).",
    }
    assert seed.classifiers == [seed.classified_by]


def test_paragraphs(seed: ParsedCable) -> None:
    assert [(p.number, p.classification) for p in seed.paragraphs] == [(1, "C"), (2, "C"), (3, "C"), (4, "U"), (5, "C")]
    assert [p.heading for p in seed.paragraphs] == [
        None,
        "Iranian Reaction Continues",
        None,
        "Azerbaijani Media Reaction",
        "Comment",
    ]
    assert "issues such a statement, it means" in seed.paragraphs[3].text
    assert "BAKU 00001515" not in seed.paragraphs[3].text
    assert seed.paragraphs[1].text.endswith("on this and other issues.)")


def test_summary_comment_signature(seed: ParsedCable) -> None:
    assert seed.summary is not None
    assert seed.summary.startswith("Fallout associated") and seed.summary.endswith("for a Western audience.")
    assert seed.comment == seed.paragraphs[4].text
    assert seed.signed_by == ["DERSE"]
    assert not seed.is_partial


def test_raw_text_is_kept(seed: ParsedCable) -> None:
    assert seed.header.startswith("VZCZCXRO5672") and seed.header.endswith("RUEKJCS/SECDEF WASHDC PRIORITY")
    assert seed.body.startswith("C O N F I D E N T I A L SECTION 01 OF 02 BAKU 001515") and seed.body.endswith("DERSE")
