"""Table tests per field: small fragments written for these tests, one per oddity of the corpus README.

No database, no shared corpus: these run everywhere.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from cabledb.errors import ParseError
from cabledb.parse import parse_cable, split_classification
from cabledb.parse.ids import canonical_id

HEADER = """VZCZCXRO5672
PP RUEHBC RUEHDE
DE RUEHKB #1515/01 3531235
ZNY CCCCC ZZH
{dtg}
FM AMEMBASSY BAKU
{to}
"""


def body(*lines: str, banner: str = "C O N F I D E N T I A L SECTION 01 OF 02 BAKU 001515") -> str:
    return banner + "\n\nSIPDIS\n\n" + "\n".join(lines) + "\n"


def cable(text: str, **meta: str) -> object:
    return parse_cable(text, format="text", **meta)


# -- reference ids ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "canon"),
    [
        ("07BAKU1515", "07BAKU1515"),
        ("07SETION02OF02BAKU1501", "07BAKU1501"),
        ("08ECTION01OF02MANAMA492", "08MANAMA492"),
        ("09SECTION0QF05HANOI297", "09HANOI297"),
        ("0901OF02RPODUBAI288", "09RPODUBAI288"),
        ("06EFTOBAKU1165", "06BAKU1165"),
        ("09AMEMBASSYHANOI1284", "09HANOI1284"),
        ("7575LIBREVILLE1895", "75LIBREVILLE1895"),
        ("08ACCRA001382SUSPECTEDDUPLICATE1392", "08ACCRA1382"),
        ("06MADRID002583ZFR2585", "06MADRID2583"),
        ("90STATE255195TOSEC140301", "90STATE255195"),
        ("09SIFIEDABUJA1673", "09ABUJA1673"),
        ("85NOFORNMOGADISHU1643", "85MOGADISHU1643"),
        ("06HONGKOG2054", "06HONGKONG2054"),
        ("07BAKU001515", "07BAKU1515"),
    ],
)
def test_canonical_id(raw: str, canon: str) -> None:
    got, note = canonical_id(raw)
    assert got == canon
    assert (note is None) == (raw == canon)


def test_unrepairable_id_is_kept_with_a_note() -> None:
    got, note = canonical_id("06ASTANA")
    assert got == "06ASTANA" and note and "malformed" in note


def test_reference_id_derived_from_banner_and_dtg() -> None:
    c = cable(HEADER.format(dtg="P 191235Z DEC 07", to="TO RUEHC/SECSTATE WASHDC PRIORITY 4500") + "\n" + body())
    assert c.reference_id == c.canonical_id == "07BAKU1515"
    assert c.created == datetime(2007, 12, 19, 12, 35, tzinfo=UTC)


# -- routing header -----------------------------------------------------------------------------------------------


def recipients(header: str) -> list[tuple[str, str | None, str, str | None, str | None, list[str]]]:
    c = cable(header + "\n" + body())
    return [(r.kind, r.route, r.name, r.precedence, r.mcn, r.excluded) for r in c.recipients]


def test_recipient_line() -> None:
    got = recipients(HEADER.format(dtg="P 191235Z DEC 07", to="TO RUEHC/SECSTATE WASHDC PRIORITY 4500"))
    assert got == [("to", "RUEHC", "SECSTATE WASHDC", "PRIORITY", "4500", [])]


def test_prioity_typo_and_missing_space_after_to() -> None:
    got = recipients(HEADER.format(dtg="O 191235Z DEC 07", to="TORUEHC/SECSTATE WASHDC PRIOITY 4500"))
    assert got == [("to", "RUEHC", "SECSTATE WASHDC", "PRIORITY", "4500", [])]


def test_dual_precedence_gives_info_the_second_prosign() -> None:
    got = recipients(
        HEADER.format(dtg="P R 041820Z JAN 10", to="TO RUEHC/SECSTATE WASHDC 0630\nINFO RUEHLO/AMEMBASSY LONDON 0001")
    )
    assert got[0][3] == "PRIORITY" and got[1][3] == "ROUTINE"
    c = cable(HEADER.format(dtg="P R 041820Z JAN 10", to="TO RUEHC/SECSTATE WASHDC") + "\n" + body())
    assert c.precedence == "PRIORITY" and c.dtg == "041820Z JAN 10"


def test_xmt_exclusions_belong_to_the_collective() -> None:
    got = recipients(
        HEADER.format(
            dtg="P 191235Z DEC 07",
            to="TO RUEHC/SECSTATE WASHDC PRIORITY\nINFO RUEHXK/ARAB ISRAELI COLLECTIVE PRIORITY\n"
            "XMT AMCONSUL JERUSALEM\nXMT AMEMBASSY AMMAN\nRUEHLO/AMEMBASSY LONDON PRIORITY",
        )
    )
    assert got[1][2] == "ARAB ISRAELI COLLECTIVE" and got[1][5] == ["AMCONSUL JERUSALEM", "AMEMBASSY AMMAN"]
    assert got[2][2] == "AMEMBASSY LONDON" and got[2][5] == []


def test_page_header_debris_inside_the_address_list() -> None:
    got = recipients(
        HEADER.format(
            dtg="P 191235Z DEC 07",
            to="TO AMEMBASSY BAMAKO\nAMEMBASSY BANJUL\nTO PAGE 02 STATE 023763 071504Z\nAMEMBASSY DAKAR",
        )
    )
    assert [r[2] for r in got] == ["AMEMBASSY BAMAKO", "AMEMBASSY BANJUL", "AMEMBASSY DAKAR"]


def test_header_without_to_line() -> None:
    c = cable("R 270230Z NOV 08\nFM SECSTATE WASHDC\nINFO AMEMBASSY PANAMA\n\n" + body())
    assert [(r.kind, r.name) for r in c.recipients] == [("info", "AMEMBASSY PANAMA")]
    assert any("no TO line" in a for a in c.anomalies)


def test_old_header_without_routing_indicators() -> None:
    c = cable(
        "P R 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES\nTO SECSTATE WASHDC PRIORITY\nINFO USCINCSO\nCINCLANT\n\n"
        + body(banner="UNCLASSIFIED BUENOS AIRES 2481")
    )
    assert [(r.kind, r.route, r.name, r.precedence) for r in c.recipients] == [
        ("to", None, "SECSTATE WASHDC", "PRIORITY"),
        ("info", None, "USCINCSO", "ROUTINE"),
        ("info", None, "CINCLANT", "ROUTINE"),
    ]
    assert c.canonical_id == "66BUENOSAIRES2481" and c.origin == "Embassy Buenos Aires"


def test_fragment_with_only_a_routing_header() -> None:
    c = cable(HEADER.format(dtg="P 191235Z DEC 07", to="TO RUEHC/SECSTATE WASHDC PRIORITY 4500"))
    assert c.transmission_id == "VZCZCXRO5672" and c.from_ == "AMEMBASSY BAKU"
    assert len(c.recipients) == 1 and c.tags == [] and c.subject is None and c.paragraphs == []


# -- classification -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "level", "caveats"),
    [
        ("SECRET//NOFORN", "SECRET", ["NOFORN"]),
        ("UNCLASSIFIED//FOR OFFICIAL USE ONLY", "UNCLASSIFIED", ["FOR OFFICIAL USE ONLY"]),
        ("CONFIDENTIAL", "CONFIDENTIAL", []),
        ("LIMITED OFFICIAL USE", "LIMITED OFFICIAL USE", []),
        ("TOP SECRET//NODIS", "TOP SECRET", ["NODIS"]),
    ],
)
def test_split_classification(value: str, level: str, caveats: list[str]) -> None:
    assert split_classification(value) == (level, caveats)


@pytest.mark.parametrize(
    ("banner", "level", "caveats"),
    [
        ("C O N F I D E N T I A L SECTION 01 OF 02 BAKU 001515", "CONFIDENTIAL", []),
        ("S E C R E T NOFORN BAKU 001515", "SECRET", ["NOFORN"]),
        ("UNCLAS E F T O SECTION 01 OF 03 BAKU 001515", "UNCLASSIFIED", ["EFTO"]),
        ("S e c r e t section 01 of 02 baku 001515", "SECRET", []),
        ("SECRET SECTION 01 of 03 BAKU 001515", "SECRET", []),
        ("LIMITED OFFICIAL USE BAKU 001515", "LIMITED OFFICIAL USE", []),
        ("S E C R E T NODIS BAKU 001515", "SECRET", ["NODIS"]),
        ("C O N F I D E N T I A L EXDIS BAKU 001515", "CONFIDENTIAL", ["EXDIS"]),
    ],
)
def test_banner(banner: str, level: str, caveats: list[str]) -> None:
    c = cable(body("TAGS: PGOV AJ", banner=banner))
    assert c.classification == level and c.caveats == caveats
    assert c.reference_id is None  # no date: the id cannot be derived


def test_caveat_lines_after_the_banner() -> None:
    c = cable("UNCLAS KABUL 000348\n\nSIPDIS\nSENSITIVE\n\nE.O. 12958: N/A\nTAGS: PGOV AF\n")
    assert c.classification == "UNCLASSIFIED" and c.caveats == ["SENSITIVE BUT UNCLASSIFIED"]


def test_metadata_classification_wins_over_the_banner() -> None:
    c = cable(body("TAGS: PGOV"), classification="SECRET//NOFORN")
    assert c.classification == "SECRET" and c.caveats == ["NOFORN"] and c.classification_raw == "SECRET//NOFORN"
    assert any("banner says CONFIDENTIAL" in a for a in c.anomalies)


def test_section_of_count() -> None:
    c = cable(body("TAGS: PGOV"))
    assert (c.section, c.section_count) == (1, 2)


# -- E.O. and DECL -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "eo", "on", "raw"),
    [
        ("E.O. 12958: DECL: 12/18/2017", "12958", date(2017, 12, 18), "12/18/2017"),
        ("EO 12958 DECL: 09/21/10", "12958", date(2010, 9, 21), "09/21/10"),
        ("E.O. 12958: DECL: 2019/10/22", "12958", date(2019, 10, 22), "2019/10/22"),
        ("E.O. 12356: DECL: OADR", "12356", None, "OADR"),
        ("E.O. 12958: DECL: X1", "12958", None, "X1"),
        ("E.O. 12958: DECL: 1.6X1", "12958", None, "1.6X1"),
        (
            "E.O. 12958: DECL: DECLASSIFIED BY NARA 09/02/2009",
            "12958",
            date(2009, 9, 2),
            "DECLASSIFIED BY NARA 09/02/2009",
        ),
        ("E.O. 12958: N/A", "12958", None, "N/A"),
        ("E.0. 12958: DECL: 01/05/2014", "12958", date(2014, 1, 5), "01/05/2014"),
        (
            "E.O. 12065: GDS 8/12/85 (TOMSETH, VICTOR L.) OR-P",
            "12065",
            date(1985, 8, 12),
            "GDS 8/12/85 (TOMSETH, VICTOR L.) OR-P",
        ),
        ("E.O. 12958: DNG: CO 03/09/2018", "12958", None, "DNG: CO 03/09/2018"),
    ],
)
def test_eo_and_decl(line: str, eo: str, on: date | None, raw: str) -> None:
    c = cable(body(line, "TAGS: PGOV"))
    assert (c.executive_order, c.declassify_on, c.declassify_raw) == (eo, on, raw)


# -- TAGS ---------------------------------------------------------------------------------------------------------


def tags(*lines: str) -> list[tuple[str, str]]:
    c = cable(body(*lines, "SUBJECT: TEST"))
    return [(t.code, t.kind) for t in c.tags]


@pytest.mark.parametrize(
    "keyword", ["TAGS:", "TAS:", "TABS:", "TGS:", "AGS:", "TAGES:", "TAGS,", "TAGS;", "TAGS", "Tags:"]
)
def test_misspelled_tags_keyword(keyword: str) -> None:
    assert tags(f"{keyword} PGOV PREL AJ") == [("PGOV", "subject"), ("PREL", "subject"), ("AJ", "geo")]


def test_tags_on_the_decl_line_without_newlines() -> None:
    c = cable(
        "Cable dated:2005-08-17T21:24:00]C O N F I D E N T I A L SECTION 01 OF 02 LIMA 003571SIPDISEB FOR A/S "
        "WAYNE; INL FOR AGUILERAE.O. 12958: DECL: 08/16/2015TAGS: EMIN PGOV SNAR PE\n"
    )
    assert [t.code for t in c.tags] == ["EMIN", "PGOV", "SNAR", "PE"]
    assert c.declassify_on == date(2015, 8, 16)


def test_tags_line_without_keyword() -> None:
    assert tags("E.O. 12958: N/A", "EFIN, ECON, EINV, PGOV, CH") == [
        ("EFIN", "subject"),
        ("ECON", "subject"),
        ("EINV", "subject"),
        ("PGOV", "subject"),
        ("CH", "geo"),
    ]


def test_tag_typos_merged_tags_sipdis_and_duplicates() -> None:
    assert tags("TAGS: POGOV MASSMNUC SIPDIS PGOV KDEMAF ETRDEINVTINTCS") == [
        ("PGOV", "subject"),
        ("MASS", "subject"),
        ("MNUC", "subject"),
        ("KDEM", "program"),
        ("AF", "geo"),
        ("ETRD", "subject"),
        ("EINV", "subject"),
        ("TINT", "subject"),
        ("CS", "geo"),
    ]


def test_a_word_is_not_split_into_country_codes() -> None:
    assert tags("TAGS: PHUM RIGHTS") == [("PHUM", "subject"), ("RIGHTS", "unknown")]


@pytest.mark.parametrize("written", ["OVIP CLINTON HILLARY PREL", "OVIP (CLINTON, HILLARY), PREL"])
def test_person_tags(written: str) -> None:
    assert tags(f"TAGS: {written}") == [("OVIP", "subject"), ("CLINTON, HILLARY", "person"), ("PREL", "subject")]


def test_free_words_are_a_gloss_not_tags_nor_a_person() -> None:
    """``KMCA KMPI DOMESTIC POLITICS`` (05SANAA1352), ``PHUM OPRC IT HUMAN RIGHTS`` (02ROME1196): English words run
    into the TAGS line are left out; they are no person's name either."""
    assert tags("TAGS: PREL KMCA DOMESTIC POLITICS") == [("PREL", "subject"), ("KMCA", "program")]
    assert tags("TAGS: PHUM OPRC IT HUMAN RIGHTS") == [("PHUM", "subject"), ("OPRC", "subject"), ("IT", "geo")]


def test_tags_over_two_lines_but_not_into_the_subject() -> None:
    assert [c for c, _ in tags("TAGS: PGOV PREL PHUM IN", "LE, IS")] == ["PGOV", "PREL", "PHUM", "IN", "LE", "IS"]
    assert [c for c, _ in tags("TAGS: PGOV PINR PE", "RUN-OFF, SEEKS EMBASSY'S ASSISTANCE")] == ["PGOV", "PINR", "PE"]


def test_organization_tags() -> None:
    assert tags("TAGS: PREL UNSC NATO IAEA") == [
        ("PREL", "subject"),
        ("UNSC", "organization"),
        ("NATO", "organization"),
        ("IAEA", "organization"),
    ]


# -- SUBJECT ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "subject"),
    [
        (
            ("SUBJECT: BRAZIL: UNWILLING TO ENDORSE ARGENTINE CLAIMS ON", "AMIA"),
            "BRAZIL: UNWILLING TO ENDORSE ARGENTINE CLAIMS ON AMIA",
        ),
        (("SUBJECT: (C) AFGHANISTAN:  UK WILL URGE ICELAND",), "AFGHANISTAN: UK WILL URGE ICELAND"),
        (("SUBJECT: (S/NF) TEST",), "TEST"),
        (("SUBJ: KOREA AT 30TH UNGA: GABON",), "KOREA AT 30TH UNGA: GABON"),
        (("SUBJECT: GOE JAILS JOURNALIST REF: A. CAIRO 1231",), "GOE JAILS JOURNALIST"),
        # A page marker ends the first page right after the subject (07BAKU855, 10TRIPOLI114).
        (
            ("SUBJECT: AZERBAIJAN ENERGY INFRASTRUCTURE", "VULNERABLE", "BAKU 00000855 001.2 OF 004", "1.(SBU) Text."),
            "AZERBAIJAN ENERGY INFRASTRUCTURE VULNERABLE",
        ),
        (("SUBJECT: JAPAN BACKS ACTA  TOKYO 00003567  001.2 OF 002   ", "", "1. Summary."), "JAPAN BACKS ACTA"),
        # Double-spaced cables: the subject runs on after a blank line when it ends on "TO" (07BUENOSAIRES1819).
        (
            ("SUBJECT: PAMPA HOLDINGS BETS ON GOVERNMENT PROMISE TO ", "", "REWARD NEW CAPACITY ", "", "REF: A. X"),
            "PAMPA HOLDINGS BETS ON GOVERNMENT PROMISE TO REWARD NEW CAPACITY",
        ),
        (("SUBJECT: IRAN", "", "1. (C) Summary."), "IRAN"),
        (("SUBJECT: A TALK WITH", "", "Classified By: Amb X for reasons 1.4 (b)."), "A TALK WITH"),
    ],
)
def test_subject(lines: tuple[str, ...], subject: str) -> None:
    c = cable(body("TAGS: PGOV", *lines), created="2009-01-01")
    assert c.subject == subject


# -- references ---------------------------------------------------------------------------------------------------


def refs(block: str, created: str = "2007-12-19") -> list[tuple[str | None, str, str | None]]:
    c = cable(body("TAGS: PGOV", "SUBJECT: TEST", "", block), created=created)
    return [(r.bullet, r.kind, r.value) for r in c.references]


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("REF: BAKU 1495", [(None, "cable", "07BAKU1495")]),
        ("REF: A) STATE 1234\nB) BAKU 99", [("A", "cable", "07STATE1234"), ("B", "cable", "07BAKU99")]),
        (
            "REF:  A. (A) BUENOS AIRES 002222\n     B. (B) BRASILIA 002070",
            [("A", "cable", "07BUENOSAIRES2222"), ("B", "cable", "07BRASILIA2070")],
        ),
        ("REF A: GENEVA 2373; REF B: GENEVA 2355", [("A", "cable", "07GENEVA2373"), ("B", "cable", "07GENEVA2355")]),
        ("REF: SECSTATE 87254", [(None, "cable", "07STATE87254")]),
        (
            "REF: 0TTAWA 12; SANTIAG0 34; HCMC 56",
            [(None, "cable", "07OTTAWA12"), (None, "cable", "07SANTIAGO34"), (None, "cable", "07HOCHIMINHCITY56")],
        ),
        ("REF: 06 STATE 12345", [(None, "cable", "06STATE12345")]),
        ("REF: 2005 BRASILIA 2939", [(None, "cable", "05BRASILIA2939")]),
        ("REF: AMMAN 07718 99", [(None, "cable", "99AMMAN7718")]),
        ("REF: LIMA 4516 (06)", [(None, "cable", "06LIMA4516")]),
        ("REF: BRASILIA 2799 AND 2764", [(None, "cable", "07BRASILIA2799"), (None, "cable", "07BRASILIA2764")]),
        ("REF: 09BOGOTA1506", [(None, "cable", "09BOGOTA1506")]),
        (
            "REF: A. EMBASSY E-MAIL OF 12/3/2007\nB. 12/4 TELCON\nC. INR REPORT 42\nD. 12 FAM 123\nE. NONSENSE",
            [
                ("A", "email", None),
                ("B", "telcon", None),
                ("C", "report", None),
                ("D", "document", None),
                ("E", "other", None),
            ],
        ),
    ],
)
def test_references(block: str, expected: list[tuple[str | None, str, str | None]]) -> None:
    assert refs(block) == expected


def test_reference_text_is_the_item_as_written() -> None:
    c = cable(body("TAGS: PGOV", "SUBJECT: TEST", "", "REF: A. STATE 106206 CIRCULAR"), created="1966-12-28")
    assert [r.to_dict() for r in c.references] == [
        {"bullet": "A", "kind": "cable", "value": "66STATE106206", "text": "STATE 106206 CIRCULAR"}
    ]


def test_references_default_year_comes_from_created_option() -> None:
    assert refs("REF: BAKU 1495", created="2008-02-01") == [(None, "cable", "08BAKU1495")]


def test_body_fragment_yields_tags_subject_and_references() -> None:
    c = cable("TAGS: PGOV AJ\nSUBJECT: A FRAGMENT\n\nREF: BAKU 1495\n", created="2007-12-19")
    assert [t.code for t in c.tags] == ["PGOV", "AJ"] and c.subject == "A FRAGMENT"
    assert [r.value for r in c.references] == ["07BAKU1495"]
    assert c.recipients == [] and c.classification is None


# -- Classified By ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "name", "title", "reasons"),
    [
        (
            "Classified By: Ambassador Anne E. Derse for reasons 1.4 (b) and (d).",
            "Anne E. Derse",
            "Ambassador",
            ["1.4(b)", "1.4(d)"],
        ),
        (
            "Classified By: DEPUTY CHIEF OF MISSION PHIL CHICOLA FOR REASONS 1.4 B A \nND D",
            "PHIL CHICOLA",
            "DEPUTY CHIEF OF MISSION",
            ["1.4(b)", "1.4(d)"],
        ),
        (
            "Classified By: Political Minister-Counselor Josiah Rosenblatt for reaso\nns 1.4 (b) and (d).",
            "Josiah Rosenblatt",
            "Political Minister-Counselor",
            ["1.4(b)", "1.4(d)"],
        ),
        (
            "CLASSIFIED BY: Robin R. Sanders, Ambassador, STATE, EXEC; REASON: 1.4(A), (B), (D)",
            "Robin R. Sanders",
            "Ambassador",
            ["1.4(a)", "1.4(b)", "1.4(d)"],
        ),
        (
            "Classified By: Polcouns Kathy Fitzpatrick; reason 1.5 (B) and (D).",
            "Kathy Fitzpatrick",
            "Polcouns",
            ["1.5(b)", "1.5(d)"],
        ),
        (
            "Classified By: CHARGE D'AFFAIRES A. I. CAROL URBAN, REASONS 1.4 B/D",
            "CAROL URBAN",
            "CHARGE D'AFFAIRES A. I.",
            ["1.4(b)", "1.4(d)"],
        ),
        (
            "Classified By: Ambassador J0HN D0E for reasons 1.4 (b) and (d).",
            "JOHN DOE",
            "Ambassador",
            ["1.4(b)", "1.4(d)"],
        ),
        ("Classified By: Classified by: DCM Alice Wells, reasons 1.4 (c)", "Alice Wells", "DCM", ["1.4(c)"]),
    ],
)
def test_classified_by(line: str, name: str, title: str, reasons: list[str]) -> None:
    c = cable(body("TAGS: PGOV", "SUBJECT: TEST", "", line, "", "1. (C) Text."))
    assert c.classified_by is not None
    got = c.classified_by.to_dict()
    assert (got["name"], got["title"], got["reasons"]) == (name, title, reasons)


def test_two_classifiers_are_noted() -> None:
    c = cable(
        body(
            "TAGS: PGOV",
            "Classified By: Ambassador Anne Derse and DCM Jason Lewis, reasons 1.4 (b)",
            "",
            "1. (C) Text.",
        )
    )
    assert c.classified_by is not None and "Derse" in (c.classified_by.name or "")
    assert any("two classifiers" in a for a in c.anomalies)


def test_classified_by_run_into_the_text() -> None:
    c = cable(
        body(
            "TAGS: PGOV",
            "Classified By: Minister-Counselor William R. Stewart for reason 1.4 (b). (C) The "
            "wife of the imprisoned leader passed us a letter. " + "More text. " * 40,
        )
    )
    assert c.classified_by is not None and c.classified_by.reasons == ["1.4(b)"]
    assert c.paragraphs and c.paragraphs[0].classification == "C"


# -- paragraphs ---------------------------------------------------------------------------------------------------


def paragraphs(*lines: str) -> list[tuple[int | None, str | None, str | None, str]]:
    c = cable(body("TAGS: PGOV", "SUBJECT: TEST", "", *lines))
    return [(p.number, p.classification, p.heading, p.text) for p in c.paragraphs]


def test_paragraph_forms() -> None:
    assert paragraphs(
        "¶1. (C) One.",
        "",
        "2.(S/NF) Two.",
        "",
        "3. C) Three.",
        "",
        "¶4. (SBU) Four.",
        "",
        "5. (U//FOUO) Five.",
        "",
        "6. (C - ENTIRE TEXT) Six.",
        "",
        "7. (C NF) Seven.",
    ) == [
        (1, "C", None, "One."),
        (2, "S/NF", None, "Two."),
        (3, "C", None, "Three."),
        (4, "SBU", None, "Four."),
        (5, "U//FOUO", None, "Five."),
        (6, "C", None, "Six."),
        (7, "C/NF", None, "Seven."),
    ]


def test_garbled_pilcrow_numbers() -> None:
    got = paragraphs("11. (C) Summary: One. End Summary.", "", "12. (C) Two.", "", "¶3. (C) Three.")
    assert [p[0] for p in got] == [1, 2, 3]


def test_page_marker_inside_a_paragraph_is_removed_and_the_paragraph_joined() -> None:
    got = paragraphs(
        "1. (U) If the Ministry issues such a",
        "",
        "BAKU 00001515 002.2 OF 002",
        "",
        "statement, it means facts.",
        "",
        "2. (C) Next.",
    )
    assert got[0][3] == "If the Ministry issues such a statement, it means facts."
    assert [p[0] for p in got] == [1, 2]


def test_old_page_header_and_inline_marker() -> None:
    got = paragraphs(
        "1. (C) THE OFFER WAS ATTRACTIVE",
        "PAGE 02 HARARE 05461 01 OF 02 271458Z ENOUGH, BUT NOT TO ALL.",
        "",
        "2. (C) Heading the initiative offers MOSCOW 00003335 002 OF 004 Medvedev a platform.",
    )
    assert got[0][3] == "THE OFFER WAS ATTRACTIVE ENOUGH, BUT NOT TO ALL."
    assert got[1][3] == "Heading the initiative offers Medvedev a platform."


def test_the_page_classification_run_into_the_line_before_an_old_page_header_goes() -> None:
    got = paragraphs(
        "1. (C) IT IS ONLY A MATTER OF TIME.  CONFIDENTIAL",
        "PAGE 04 HARARE 05461 02 OF 02 271459Z THEY ARE SEARCHING FOR A WAY OUT.",
        "",
        "2. (C) WE REMAIN CONFIDENTIAL",
    )
    assert got[0][3] == "IT IS ONLY A MATTER OF TIME. THEY ARE SEARCHING FOR A WAY OUT."
    assert got[1][3] == "WE REMAIN CONFIDENTIAL"  # no page header after it: the word is text


def test_unnumbered_headings() -> None:
    got = paragraphs(
        "1. (C) One.",
        "",
        "Iranian Reaction Continues",
        "",
        "2. (C) Two.",
        "",
        "--------",
        "Comment:",
        "--------",
        "",
        "3. (C) Three.",
    )
    assert [(p[0], p[2]) for p in got] == [(1, None), (2, "Iranian Reaction Continues"), (3, "Comment")]


_LONG = "They spoke at length about the matter, and neither of them would say more than that about it. " * 2


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # Paragraphs run into one line after a sentence: cut before each number.
        (f"1. (C) {_LONG} 2. (C) Two. {_LONG} 3.(S/NF) Three.", [(1, None), (2, None), (3, None)]),
        # A heading in capitals between the sentence and the number heads the next paragraph.
        (f"1. (C) {_LONG}  AN INDECENT PROPOSAL  2. (S/NF) Two. {_LONG}", [(1, None), (2, "AN INDECENT PROPOSAL")]),
        (f"1. (C) {_LONG}  NEXT STEPS: A/S VISIT  2. (C) Two.", [(1, None), (2, "NEXT STEPS: A/S VISIT")]),
        # Two spaces after the full stop and after the number (08LONDON2909: "market.  3.  (SBU) There ...").
        (f"1.  (SBU) {_LONG}  2.  (SBU) Two. {_LONG}  3.  (SBU) Three.", [(1, None), (2, None), (3, None)]),
        (f"1. (C) {_LONG}  NEXT STEPS  2.  (C) Two.", [(1, None), (2, "NEXT STEPS")]),
        # Capitals that end a sentence stay in it.
        (f"1. (C) {_LONG} He met the GOL and the FM.  2. (C) Two.", [(1, None), (2, None)]),
    ],
)
def test_run_on_paragraphs_are_cut_before_each_number_and_its_heading(
    line: str, expected: list[tuple[int, str | None]]
) -> None:
    assert [(p[0], p[2]) for p in paragraphs(line)] == expected


def test_a_later_section_starts_at_its_own_marked_number() -> None:
    """SECTION 02 OF 03 of a cable sent in sections: its paragraphs go on from the first section's (09TRIPOLI583)."""
    got = paragraphs(
        "text left over from section one.", "", "6.(S/NF) Six.", "", "7.(S/NF) Seven.", "", "8. (S/NF) Eight."
    )
    assert [(p[0], p[1]) for p in got] == [(None, None), (6, "S/NF"), (7, "S/NF"), (8, "S/NF")]
    # A lone marked number is not a run of paragraphs.
    assert [p[0] for p in paragraphs("Intro text.", "", "6.(S/NF) Six.", "", "Other text.")] == [None, None, None]


def test_list_inside_a_paragraph_is_not_a_paragraph() -> None:
    got = paragraphs("1. (C) Points:", "1. first point", "2. second point", "", "2. (C) Next.")
    assert [p[0] for p in got] == [1, 2] and "second point" in got[0][3]


def test_quoted_numbered_document_inside_a_paragraph() -> None:
    got = paragraphs(
        "¶1. (C) The minister handed over a note:",
        "",
        "¶1. Article 6 of the treaty.",
        "",
        "¶2. In this regard.",
        "",
        "¶3. However.",
        "",
        "¶4. In light of this.",
        "",
        "¶2. (C) Next.",
        "",
        "¶3. (C) Last.",
    )
    assert [p[0] for p in got] == [1, 2, 3] and got[1][3] == "Next."


def test_wrapped_lines_are_joined_but_bullets_keep_their_lines() -> None:
    got = paragraphs("1. (C) First line", "continues here; JURIS-", "DICTION follows.", "-- a bullet", "-- another")
    assert got[0][3] == "First line continues here; JURIS-DICTION follows.\n-- a bullet\n-- another"


def test_summary_and_comment() -> None:
    c = cable(
        body(
            "TAGS: PGOV",
            "SUBJECT: TEST",
            "",
            "1. (C) Summary: The gist. End Summary.",
            "",
            "2. (C) Middle (Comment: an aside. End Comment.)",
            "",
            "Comment",
            "",
            "3. (C) What we think.",
            "",
            "DERSE",
        )
    )
    assert c.summary == "The gist." and c.comment == "What we think." and c.signed_by == ["DERSE"]


def test_summary_without_end_marker_and_begin_summary() -> None:
    c = cable(
        body(
            "TAGS: PGOV",
            "",
            "1. (C) BEGIN SUMMARY: Over two",
            "",
            "2. (C) paragraphs. END SUMMARY.",
            "",
            "3. (C) COMMENT: Inline comment. END COMMENT.",
        )
    )
    assert c.summary == "Over two\n\nparagraphs." and c.comment == "Inline comment."


# -- signature ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tail", "signed"),
    [
        (("", "DERSE"), ["DERSE"]),
        (("", "DERSQ"), ["DERSQ"]),  # misspelled: kept as written
        (("", "KEEGANPAAL"), ["KEEGANPAAL"]),  # two names run together: kept as written
        (("", "VAN VOORST"), ["VAN VOORST"]),
        (("", "Leslie BASSETT"), ["BASSETT"]),
        (("", "CDA Griffiths"), ["GRIFFITHS"]),
        (("", "SHANNON SHANNON"), ["SHANNON"]),
        (("", "RICE", "", "Declassified/Released US Department of State EO Systematic Review 30 JUN 2005"), ["RICE"]),
        (("", "WOOD", "=======================CABLE ENDS============================"), ["WOOD"]),
        (("", "FARLAND", "NNNN"), ["FARLAND"]),
        ((" End Comment.  WAYNE",), ["WAYNE"]),
        (("", "END COMMENT"), []),
    ],
)
def test_signature(tail: tuple[str, ...], signed: list[str]) -> None:
    lines = ["1. (C) The last paragraph ends here."]
    if tail and not tail[0]:
        lines += list(tail)
    else:
        lines[0] += tail[0]
    c = cable(body("TAGS: PGOV", "", *lines))
    assert c.signed_by == signed
    assert "CABLE ENDS" not in c.paragraphs[-1].text and "Declassified" not in c.paragraphs[-1].text


# -- text damage and partial extracts -------------------------------------------------------------------------------


def test_text_damage_is_kept_as_written() -> None:
    c = cable(body("TAGS: PGOV", "", "1. (C) Sarkozy,s &evidence room,8 Q and XXXXXXXXXXXX met."))
    assert c.paragraphs[0].text == "Sarkozy,s &evidence room,8 Q and XXXXXXXXXXXX met."


def test_partial_extract_page() -> None:
    page = (
        "<html><body><table class='cable'><tr><th>Reference ID</th><th>Created</th><th>Classification</th>"
        "<th>Origin</th></tr><tr><td><a href='#'>06PARIS1699</a></td><td><a href='#'>2006-03-16 17:05</a></td>"
        "<td><a href='#'>CONFIDENTIAL</a></td><td><a href='#'>Embassy Paris</a></td></tr></table>"
        "<code><pre>This record is a partial extract of the original cable. The full text of the original cable "
        "is not available.</pre></code><code><pre>C O N F I D E N T I A L PARIS 001699&#x000A;&#x000A;TAGS: "
        "<a href='/tag/PREL_0.html'>PREL</a> <a href='/tag/SP_0.html'>SP</a>&#x000A;SUBJECT: FRENCH &amp; "
        "SPANISH&#x000A;&#x000A;<a id='par1' href='#par1'>¶</a>1. (C) Text.</pre></code></body></html>"
    )
    c = parse_cable(page)
    assert c.is_partial and c.source_format == "html" and c.released is None
    assert (c.reference_id, c.origin, c.classification) == ("06PARIS1699", "Embassy Paris", "CONFIDENTIAL")
    assert c.subject == "FRENCH & SPANISH" and [t.code for t in c.tags] == ["PREL", "SP"]
    assert c.created == datetime(2006, 3, 16, 17, 5, tzinfo=UTC) and c.header == ""
    assert "¶1. (C) Text." in c.body


# -- formats and robustness ---------------------------------------------------------------------------------------


def test_csv_row_fields() -> None:
    row = [
        "7",
        "12/19/2007 12:35",
        "07BAKU1515",
        "Embassy Baku",
        "CONFIDENTIAL",
        "07BAKU1495",
        "P 191235Z DEC 07\r\nFM AMEMBASSY BAKU\r\nTO RUEHC/SECSTATE WASHDC PRIORITY 4500\r\n",
        "C O N F I D E N T I A L BAKU 001515\r\n\r\nTAGS: PGOV AJ\r\nSUBJECT: X\r\n\r\nREF: BAKU 1495\r\n",
    ]
    c = parse_cable(row)
    assert c.source_format == "csv" and c.canonical_id == "07BAKU1515" and "\r" not in c.body
    assert [r.value for r in c.references] == ["07BAKU1495"]


def test_csv_text_is_detected_from_content() -> None:
    text = (
        '"1","12/28/1966 18:48","66BUENOSAIRES2481","Embassy Buenos Aires","UNCLASSIFIED","","TO X",'
        '"UNCLAS Y \\"Q\\""\r\n'
    )
    c = parse_cable(text)
    assert c.source_format == "csv" and c.body == 'UNCLAS Y "Q"'


def test_csv_row_with_wrong_columns_raises() -> None:
    with pytest.raises(ParseError, match="7 columns"):
        parse_cable(["1", "2", "3", "4", "5", "6", "7"])


@pytest.mark.parametrize(
    "data", ["", "   \n\n", "hello world", b"\x00\x01\x02\x03" * 100, "<html><body>nothing</body></html>"]
)
def test_no_cable_raises_parse_error(data: str | bytes) -> None:
    with pytest.raises(ParseError):
        parse_cable(data)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1"])
def test_encodings(encoding: str) -> None:
    text = body("TAGS: PGOV", "SUBJECT: CAFÉ SOCIETY NOTES")
    c = parse_cable(text.encode(encoding), format="text")
    assert c.subject == "CAFÉ SOCIETY NOTES"


def test_every_key_is_always_present() -> None:
    keys = set(cable("TAGS: PGOV").to_dict())
    assert {
        "reference_id",
        "canonical_id",
        "created",
        "released",
        "origin",
        "from",
        "classification",
        "caveats",
        "transmission_id",
        "precedence",
        "dtg",
        "recipients",
        "section",
        "section_count",
        "executive_order",
        "declassify_on",
        "declassify_raw",
        "tags",
        "subject",
        "references",
        "classified_by",
        "summary",
        "comment",
        "paragraphs",
        "signed_by",
        "is_partial",
        "header",
        "body",
        "anomalies",
    } <= keys
