"""One row per variant of the fine-grained fields, written for these tests in the shape of real cable text (the
families that real cables showed the parser getting wrong): fragments, Classified By, TAGS, REF lists, summaries,
subjects, signatures and address lines. No database, no shared corpus.
"""

from __future__ import annotations

from typing import Any

import pytest

from cabledb.errors import ParseError
from cabledb.parse import ParsedCable, parse_cable

BANNER = "C O N F I D E N T I A L SECTION 01 OF 02 ANKARA 000512\n\nSIPDIS\n\n"


def parse(text: str, **meta: Any) -> ParsedCable:
    return parse_cable(text, format="text", **meta)


# -- fragments ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("Classified By: Ambassador Anne E. Derse for reasons 1.4 (b) and (d).", "classified_by.name", "Anne E. Derse"),
        ("E.O. 12958: DECL: 12/18/2017", "declassify_on", "2017-12-18"),
        ("DECL: 12/18/2017", "declassify_on", "2017-12-18"),
        ("REF: A. STATE 12345 B. BAKU 1495", "references", ["cable", "cable"]),
        ("SUMMARY: The minister said no. END SUMMARY.", "summary", "The minister said no."),
        ("TAGS: PGOV, PREL, IR", "tags", ["PGOV", "PREL", "IR"]),
        ("SUBJECT: THE MINISTER'S VISIT", "subject", "THE MINISTER'S VISIT"),
        ("1. (C) Summary: The minister said no.", "summary", "The minister said no."),
        ("COMMENT: We doubt it. END COMMENT.", "comment", "We doubt it."),
        # A comment heading with its rule run into the end of the paragraph before it (the newlines lost); not an
        # end marker before a rule.
        ("1. (C) He left. Comment -------\n\n2. (C) We doubt it.", "comment", "We doubt it."),
        ("1. (C) He left (note: early; end note). COMMENT -------\n\n2. (C) We doubt it.", "comment", "We doubt it."),
        ("1. (C) Comment: We doubt it. End Comment -------\n\n2. (C) He left.", "comment", "We doubt it."),
    ],
)
def test_a_fragment_yields_what_it_holds(text: str, field: str, value: Any) -> None:
    cable = parse(text)
    got: Any
    if field == "classified_by.name":
        got = cable.classified_by.name if cable.classified_by else None
    elif field == "declassify_on":
        got = cable.declassify_on.isoformat() if cable.declassify_on else None
    elif field == "references":
        got = [r.kind for r in cable.references]
    elif field == "tags":
        got = [t.code for t in cable.tags]
    else:
        got = getattr(cable, field)
    assert got == value


@pytest.mark.parametrize("text", ["Hello there, how are you?", "The weather in Ankara is fine today.", "12345"])
def test_text_with_no_part_of_a_cable_is_refused(text: str) -> None:
    with pytest.raises(ParseError):
        parse(text)


# -- Classified By ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statement", "name", "title", "office"),
    [
        ("Classified By: Acting Deputy Chief of Mission Carol J. Urban, reasons 1.4 (b,d)", "Carol J. Urban",
         "Acting Deputy Chief of Mission", None),
        ("Classified By: Consul General Karen Johnson for reasons 1.4 (b) and (d)", "Karen Johnson", "Consul General",
         None),
        ("Classified By: CHARGE D'AFFAIRES A.I. JOHN SMITH, REASONS 1.4 B/D", "JOHN SMITH", "CHARGE D'AFFAIRES A.I.",
         None),
        ("Classified By: CHARGE D'AFFAIRES A. I. CAROL URBAN, REASONS 1.4 B/D", "CAROL URBAN",
         "CHARGE D'AFFAIRES A. I.", None),
        ("Classified By: AMBASSADOR TO TURKEY ROSS WILSON FOR REASONS 1.4 (B) AND (D)", "ROSS WILSON",
         "AMBASSADOR TO TURKEY", None),
        ("Classified By: Ambassador to the Holy See Mary Ann Glendon, reasons 1.4 (b)", "Mary Ann Glendon",
         "Ambassador to the Holy See", None),
        ("Classified By: POLOFF BISOLA OJIKUTU FOR REASONS 1.4 B AND D", "BISOLA OJIKUTU", "POLOFF", None),
        ("Classified By: EAP/CM - John Norris, reasons 1.4 (b) and (d)", "John Norris", None, "EAP/CM"),
        ("Classified By: NEA/I, Robert Smith, for reasons 1.4 (d)", "Robert Smith", None, "NEA/I"),
        ("Classified By: (U) Polcounselor John Kunstadter; reasons 1.4 (b) and (d)", "John Kunstadter",
         "Polcounselor", None),
        ("Classified By: DCM Robert O. Blake, Jr. for Reasons 1.4 (B, D)", "Robert O. Blake, Jr.", "DCM", None),
        ("Classified By: Ambassador John Smith III for reasons 1.4 (b)", "John Smith III", "Ambassador", None),
        ("Classified By: AMBASSADOR ANTONIO O. GARZA JR FOR REASONS 1.4 (B,D)", "ANTONIO O. GARZA JR", "AMBASSADOR",
         None),
        ("Classified By: Anne Derse, Ambassador, Embassy Baku, for reasons 1.4 (b) and (d)", "Anne Derse",
         "Ambassador", "Embassy Baku"),
        ("CLASSIFIED BY: Robin R. Sanders, Ambassador, STATE, EXEC; REASON: 1.4(A), (B), (D)", "Robin R. Sanders",
         "Ambassador", "STATE, EXEC"),
        ("Classified By: Lawrence E. Cohen, Poloff, reasons 1.4 (b)(d)", "Lawrence E. Cohen", "Poloff", None),
        ("Classified By: ISN Acting A/S Vann H. Van Diepen. Reason 1.5 (D)", "Vann H. Van Diepen", "Acting A/S", "ISN"),
        ("Classified By: EUR/FO DAS Matthew Garber, Reasons 1.4 (b)", "Matthew Garber", "DAS", "EUR/FO"),
        ("Classified By: Interagency Provincial Affairs Deputy Director Hoyt Yee for Reasons 1.4(b) and (d)",
         "Hoyt Yee", "Interagency Provincial Affairs Deputy Director", None),
        ("Classified By: Ambassador J0HN D0E for reasons 1.4 (b) and (d).", "JOHN DOE", "Ambassador", None),
        ("Classified By: Ambassador for reasons 1.4 (b) and (d)", None, "Ambassador", None),
        ("Classified By: Janice Fair, Economic Officer for Reason Section 1.5 (b) and (d)", "Janice Fair",
         "Economic Officer", None),
        ("Classified By: AMB. DANILOVICH BASED UPON REASON 1.4(B)", "DANILOVICH", "AMB.", None),
        ("Classified By: XXXXXXXXXXXX for reasons 1.4 (b) and (d)", None, None, None),
        # "Deputy" ends a title after a section's title word; it still qualifies a title word after it.
        ("Classified By: Political Deputy Eric Falls for reasons 1.5 (b,d)", "Eric Falls", "Political Deputy", None),
        ("Classified By: Acting Deputy Director John Smith, reasons 1.4 (d)", "John Smith", "Acting Deputy Director",
         None),
        # Abbreviated titles: permanent representative, chief of mission, economic minister, under secretary.
        ("Classified By: Acting PermRep Jane Doe, for reasons 1.4 (b) and (d).", "Jane Doe", "Acting PermRep", None),
        ("Classified By: COM John Smith for reasons 1.4 (b) and (d).", "John Smith", "COM", None),
        ("Classified By: COM: J.E. Smith, reasons 1.4 (b) and (d).", "J.E. Smith", "COM", None),
        ("Classified By: E/MIN Richard Roe, reasons 1.4 (b) and (d).", "Richard Roe", "E/MIN", None),
        # The keyword's "By" written again (09KABUL140); a post section P/M before the title (09RIYADH181).
        ("Classified By: By Ambassador William Wood for reasons 1.4 (b) and (d)", "William Wood", "Ambassador", None),
        ("Classified By: P/M COUNSELOR SCOTT MCGEHEE REASONS 1.4 (b) (d).", "SCOTT MCGEHEE", "P/M COUNSELOR", None),
        # A given name that ends like POLOFF (06NEWDELHI5470).
        ("Classified By: Charge Geoff Pyatt for reasons 1.4 (B,D)", "Geoff Pyatt", "Charge", None),
        # An agency before the name (07TASHKENT2081).
        ("Classified By: DTRA Fred Carter, reasons 1.4 (b, d).", "Fred Carter", None, "DTRA"),
        # An under secretary's office symbol, one letter, before the title (09STATE96550).
        ("Classified By: T U/S Ellen O. Tauscher for Reasons 1.4 a,b,and d.", "Ellen O. Tauscher", "U/S", "T"),
        ("Classified By: P Under Secretary Bill Burns, reasons 1.4 (b, d).", "Bill Burns", "Under Secretary", "P"),
        ("Classified By: T U/S Mary Major, Reasons 1.4 (b) and (d).", "Mary Major", "U/S", "T"),
        # "by reasons" (09WARSAW298); the level and its "by" before the title (09MEXICO2556).
        ("Classified By: Ambassador Ashe by reasons 1.4 b and d", "Ashe", "Ambassador", None),
        # "a.i." after the title in the Washington layout ends the title (09TRIPOLI579, 07DUSHANBE1420).
        ("CLASSIFIED BY: Joan Polaschik, Charge d'Affaires, a.i., US Embassy Tripoli, Department of State. REASON: "
         "1.4 (b), (d)", "Joan Polaschik", "Charge d'Affaires, a.i.", "US Embassy Tripoli, Department of State"),
        ("Classified By: Confidential by Political Minister Gustavo Delgado. Reason: 1.4 (b),(d).", "Gustavo Delgado",
         "Political Minister", None),
        ("Classified By: DPR John Q. Adams, reasons 1.4 (b,d).", "John Q. Adams", "DPR", None),
    ],
)  # fmt: skip
def test_classifier_name_title_and_office(statement: str, name: str, title: str | None, office: str | None) -> None:
    cable = parse(statement)
    assert cable.classified_by is not None
    assert (cable.classified_by.name, cable.classified_by.title, cable.classified_by.office) == (name, title, office)


@pytest.mark.parametrize(
    ("reasons", "normalized"),
    [
        ("1.4 (b) and (d)", ["1.4(b)", "1.4(d)"]),
        ("1.4(B), (D)", ["1.4(b)", "1.4(d)"]),
        ("1.4 (b,d)", ["1.4(b)", "1.4(d)"]),
        ("1.4 (B/D)", ["1.4(b)", "1.4(d)"]),
        ("1.4 b and d", ["1.4(b)", "1.4(d)"]),
        ("1.4 (b)(d)", ["1.4(b)", "1.4(d)"]),
        ("1.4 (B )(D)", ["1.4(b)", "1.4(d)"]),
        ("1.4 (b & d)", ["1.4(b)", "1.4(d)"]),
        ("1.5 (B), (C) AND (D)", ["1.5(b)", "1.5(c)", "1.5(d)"]),
        ("1.5 (b, d, X6)", ["1.5(b)", "1.5(d)"]),
        ("1.5(b)-(d)", ["1.5(b)", "1.5(c)", "1.5(d)"]),
        ("1.4.", ["1.4"]),
        ("b, d.", ["1.4(b)", "1.4(d)"]),
    ],
)
def test_reasons_in_every_spelling(reasons: str, normalized: list[str]) -> None:
    cable = parse(f"Classified By: Political Counselor Mary Daly for reasons {reasons}")
    assert cable.classified_by is not None and cable.classified_by.reasons == normalized


@pytest.mark.parametrize(
    "text",
    [
        "Classified By: Ambassador Ross Wilson, E.O. 12958, reasons 1.4 (b) and (d).",
        "Classified By: Ambassador Ross Wilson for reasons\n1.4 (b) and (d).",
        "Classified By: Ambassador Ross Wilson for reasons\n\n1.4 (b) and (d).",
        "Classified By: Ambassador Ross Wilson for reasons 1.4 (b) a\nnd (d).",
        "CLASSIFIED BY: AMBASSADOR ROSS WILSON, REASONS\n\nPAGE 02 ANKARA 00512 01 OF 02 121530Z\n1.4 (B) AND (D).",
    ],
)
def test_reasons_after_the_eo_or_further_down(text: str) -> None:
    cable = parse(BANNER + text + "\n\n1. (C) Text.")
    assert cable.classified_by is not None
    assert (cable.classified_by.name, cable.classified_by.reasons) == ("Ross Wilson".upper()
        if "AMBASSADOR ROSS" in text else "Ross Wilson", ["1.4(b)", "1.4(d)"])  # fmt: skip


def test_raw_keeps_the_statement_as_written_to_the_end_of_its_reasons() -> None:
    cable = parse(BANNER + "Classified By: Ambassador Anne E. Derse for reasons 1.4 (b) and (d). CONFIDENTIAL\n\n1. X")
    assert cable.classified_by is not None
    assert cable.classified_by.raw == "Classified By: Ambassador Anne E. Derse for reasons 1.4 (b) and (d)."


def test_two_classifiers_in_one_statement_and_in_two() -> None:
    one = parse("Classified By: Ambassador Ryan C. Crocker and General David H. Petraeus for reasons 1.4 (b) and (d)")
    assert [(c.name, c.title) for c in one.classifiers] == [
        ("Ryan C. Crocker", "Ambassador"),
        ("David H. Petraeus", "General"),
    ]
    two = parse(
        BANNER + "Classified By: DCM Doug Silliman for reasons 1.4 (b) and (d).\n\n1. (C) Text.\n\n"
        "Classified By: Ambassador Ross Wilson for reasons 1.4 (d).\n"
    )
    assert [c.name for c in two.classifiers] == ["Doug Silliman", "Ross Wilson"]
    assert two.classified_by == two.classifiers[0]


def test_a_repeated_statement_counts_once() -> None:
    text = "Classified By: DCM Doug Silliman for reasons 1.4 (b) and (d)."
    assert len(parse(BANNER + text + "\n\n1. (C) Text.\n\n" + text).classifiers) == 1


# -- TAGS ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "codes"),
    [
        ("TAGS PREL, PGOV, TU", ["PREL", "PGOV", "TU"]),
        ("Tags: PREL, PGOV, TU", ["PREL", "PGOV", "TU"]),
        ("tags: PREL PGOV TU", ["PREL", "PGOV", "TU"]),
        ("TAGS: PREL, PGOV,\nKNNP, IR, TU", ["PREL", "PGOV", "KNNP", "IR", "TU"]),
        ("TAGS: PREL, PGOV, OVIP (CLINTON, HILLARY),\nIR", ["PREL", "PGOV", "OVIP", "CLINTON, HILLARY", "IR"]),
        ("TAGS: ZP, ZR", ["ZP", "ZR"]),
        # Codes the glossary lacks, written without commas, stay codes (no person "ZP, ZR").
        ("TAGS: PGOV PINF XF ZP ZR", ["PGOV", "PINF", "XF", "ZP", "ZR"]),
        ("TAGS: CIA INRA INRO PGOV", ["CIA", "INRA", "INRO", "PGOV"]),  # 08OSLO406: codes, no person "INRA, INRO"
        ("TAGS: POV PREL", ["PGOV", "PREL"]),  # 09REYKJAVIK140: a typo of PGOV
        ("TAGS: ENRG ECON KSEC ECIP EINV BR", ["ENRG", "ECON", "KSEC", "ECIP", "EINV", "BR"]),
        # A phrase is one free-text tag; two or three unknown words are a person's name; a name with a short word.
        ("TAGS: PHUM PREL AR MEETINGS WITH AMBASSADOR", ["PHUM", "PREL", "AR", "MEETINGS WITH AMBASSADOR"]),
        ("TAGS: PREL KN KIM JONG IL", ["PREL", "KN", "KIM, JONG IL"]),
        ("TAGS: PGOV MASSMNUC POGOV", ["PGOV", "MASS", "MNUC"]),
        # A continuation line with a code the glossary lacks, in a comma-separated list of code-shaped words.
        ("TAGS: PREL MASS PGOV SOCI EAID\nKFLO, CS", ["PREL", "MASS", "PGOV", "SOCI", "EAID", "KFLO", "CS"]),
        # English words run into the line, no person (06KUWAIT3201).
        ("TAGS: OREP AMGT KU COUNTRY CLEARANCE", ["OREP", "AMGT", "KU"]),
        # Post sections, no person (04BRASILIA2863).
        ("TAGS: PREL BR POL MIL", ["PREL", "BR", "POL", "MIL"]),
    ],
)
def test_tags_lines(line: str, codes: list[str]) -> None:
    assert [t.code for t in parse(BANNER + line + "\nSUBJECT: TEST\n\n1. (C) Text.").tags] == codes


# -- references ---------------------------------------------------------------------------------------------------


def refs(block: str, created: str = "2008-03-01") -> list[tuple[str, str | None]]:
    cable = parse(BANNER + "TAGS: PREL\n" + block + "\n\n1. (C) Text.", created=created)
    return [(r.kind, r.value) for r in cable.references]


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("SUBJECT: ERDOGAN MEETS FOREIGN MINISTERREF: A. STATE 12345 B. ANKARA 456",
         [("cable", "08STATE12345"), ("cable", "08ANKARA456")]),
        ("SUBJECT: TEST\n\nRef: a. 06 state 12345\nb. 07 ankara 678",
         [("cable", "06STATE12345"), ("cable", "07ANKARA678")]),
        ("SUBJECT: TEST\n\nRef(s): A) STATE 12345; B) ANKARA 456; C) BAKU 789",
         [("cable", "08STATE12345"), ("cable", "08ANKARA456"), ("cable", "08BAKU789")]),
        ("SUBJECT: TEST\n\nREF: A. STATE 12345\n\nANKARA 00000512 001.2 OF 004\n\nB. ANKARA 456",
         [("cable", "08STATE12345"), ("cable", "08ANKARA456")]),
        ("SUBJECT: TEST\n\nREF: A. STATE 12345\nPAGE 02 ANKARA 00512 01 OF 02 121530Z\nB. ANKARA 456",
         [("cable", "08STATE12345"), ("cable", "08ANKARA456")]),
        ("SUBJECT: TEST\n\nREF: A. STATE 12345\nC O N F I D E N T I A L SECTION 02 OF 02 ANKARA 000512\nB. ANKARA 456",
         [("cable", "08STATE12345"), ("cable", "08ANKARA456")]),
        ("SUBJECT: TEST\n\nREF: A. 2007 AMMAN 1234 B. AMMAN 1234 07", [("cable", "07AMMAN1234")]),
        ("SUBJECT: TEST\n\nREF: A. AMMAN 4321 06 B. 05\nAMMAN 1234",
         [("cable", "06AMMAN4321"), ("cable", "05AMMAN1234")]),
        ("SUBJECT: TEST\n\nREF: A. SAO PAUL 123 B. BUENOS AIRE 456",
         [("cable", "08SAOPAULO123"), ("cable", "08BUENOSAIRES456")]),
        ("SUBJECT: TEST\n\nREF: A. IIR 6 834 0123 08 B. OSC FEA20080512345678 C. ANKARA 456",
         [("report", None), ("report", None), ("cable", "08ANKARA456")]),
        ("SUBJECT: TEST\n\nREF: A. SMITH-JONES E-MAIL 03/04/08 B. TELCON AMB/DAS 3/5 C. 7 FAM 123 D. NONPAPER",
         [("email", None), ("telcon", None), ("document", None), ("document", None)]),
        ("SUBJECT: TEST\n\nREF: ANKARA 456 AND 789", [("cable", "08ANKARA456"), ("cable", "08ANKARA789")]),
        ("SUBJECT: TEST\n\nREF: A) ANKARA 456\nB) 789", [("cable", "08ANKARA456"), ("cable", "08ANKARA789")]),
        ("SUBJECT: TEST\n\nREFTEL: 08ANKARA456", [("cable", "08ANKARA456")]),
        ("SUBJECT: TEST\n\nREF: 06 KIEV 123, 08 KIEV 456", [("cable", "06KIEV123"), ("cable", "08KYIV456")]),
        ("SUBJECT: TEST\n\nREF: NONE", []),
        # Several report numbers in one item: a reference each (09BUENOSAIRES1017); words beside them: one.
        ("SUBJECT: TEST\n\nREF: A. TDX-315/090481-08 AND TDX-315/042493-09\nB. TD-314/65216-07",
         [("report", None), ("report", None), ("report", None)]),
        ("SUBJECT: TEST\n\nREF: A. IIR 6 834 0123 08, IIR 6 834 0124 08 B. ANKARA 456",
         [("report", None), ("report", None), ("cable", "08ANKARA456")]),
        ("SUBJECT: TEST\n\nREF: A. TD-314/65216-07 AND PREVIOUS", [("report", None)]),
        # An airgram cited beside a cable in one item (72TEHRAN4789).
        ("SUBJECT: TEST\n\nREF: TEHRAN'S A-077 OF MAY 15, 1972: TEHRAN 3312",
         [("document", None), ("cable", "08TEHRAN3312")]),
        ("SUBJECT: TEST\n\nREF: A. ANKARA 456 AND AIRGRAM 12", [("cable", "08ANKARA456"), ("document", None)]),
        # A station misspelt by one letter, when it is long enough to be told from words (05SANJOSE2658,
        # 09TRIPOLI661); a short one is not guessed.
        ("SUBJECT: TEST\n\nREF: A. SECTATE 188288 B. 07 TRIPOLII 695 C. LIMAA 12",
         [("cable", "08STATE188288"), ("cable", "07TRIPOLI695"), ("other", None)]),
        # A year wrapped onto a lettered line of its own after a month and day (06PARIS1031, 08LONDON2822); the
        # Iran Regional Presence Office in Dubai (09ISTANBUL83).
        ("SUBJECT: TEST\n\nREF: A. EMBASSY LONDON DAILY -- OCTOBER 31      B. 2008 C. IRPO DUBAI 95",
         [("other", None), ("cable", "08RPODUBAI95")]),
        # Doubled bullets: an item with the outer letter alone is a wrapped line (07PARIS1791), unless it cites a
        # cable (08BRASILIA806).
        ("SUBJECT: TEST\n\nREF: A. (A) PARIS 1784 AND PREVIOUS\nB. (B) EMBASSY PARIS DAILY REPORT FOR MAY 4\n"
         "C. 2007 AND PREVIOUS", [("cable", "08PARIS1784"), ("report", None)]),
        ("SUBJECT: TEST\n\nREF: A. A) SECSTATE 54183 B. B) 07 BRASILIA 1868 C. C) STATE 57700 D. 07 STATE 17940",
         [("cable", "08STATE54183"), ("cable", "07BRASILIA1868"), ("cable", "08STATE57700"),
          ("cable", "07STATE17940")]),
        ("SUBJECT: TEST\n\nREF: A. (A) STATE 43965 D.\n(D) BRASILIA 574",
         [("cable", "08STATE43965"), ("cable", "08BRASILIA574")]),
        # The serial run into the station, with no space (07STATE159388); a word run into a number is no cable.
        ("SUBJECT: TEST\n\nREF: A. STATE 109649 B. BEIJING5237 C. PARA5",
         [("cable", "08STATE109649"), ("cable", "08BEIJING5237"), ("other", None)]),
        # Basra for the Regional Embassy Office in Basrah (09BAGHDAD1104).
        ("SUBJECT: TEST\n\nREF: A. BAGHDAD 342 B. BASRA 17", [("cable", "08BAGHDAD342"), ("cable", "08BASRAH17")]),
        # A year in brackets before the station (09SAOPAULO619); BA for Buenos Aires (06BUENOSAIRES1439).
        ("SUBJECT: TEST\n\nREF: BRASILIA 1210; (07) SAO PAULO 497",
         [("cable", "08BRASILIA1210"), ("cable", "07SAOPAULO497")]),
        ("SUBJECT: TEST\n\nREF: A. BA 1485 B. BA 1062",
         [("cable", "08BUENOSAIRES1485"), ("cable", "08BUENOSAIRES1062")]),
    ],
)  # fmt: skip
def test_reference_lists(block: str, expected: list[tuple[str, str | None]]) -> None:
    assert refs(block) == expected


@pytest.mark.parametrize(
    "after",
    [
        # A heading lettered out of turn (08LONDON2757, a body run onto few lines) and a portion-marked line
        # (06SANTIAGO439) after a blank line are the text, not more of the list.
        "¶I. Key Objectives (SBU) The UK supports the aims; the markets; and the e-mail reports of 12 May.",
        "(U) Following text continues the report submission for 2006.",
    ],
)
def test_a_ref_list_ends_at_a_bullet_out_of_turn(after: str) -> None:
    block = "SUBJECT: TEST\n\nREF: A. STATE 12345\n\n¶B. ANKARA 456\n\n¶C. ANKARA 789\n\n" + after
    assert refs(block) == [("cable", "08STATE12345"), ("cable", "08ANKARA456"), ("cable", "08ANKARA789")]


def test_a_ref_run_on_from_the_subject_is_cut_from_it() -> None:
    cable = parse(BANNER + "SUBJECT: ERDOGAN MEETS FOREIGN MINISTERREF: A. STATE 12345\n\n1. (C) Text.")
    assert cable.subject == "ERDOGAN MEETS FOREIGN MINISTER"


# -- summary ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "SUMMARY\n-------\n\n1. (C) The minister said no.\n\n2. (C) Other text.",
        "-------\nSUMMARY\n-------\n\n1. (C) The minister said no.\n\n2. (C) Other text.",
        "-------\n(U) Summary\n-------\n\n1. (C) The minister said no.\n\nBackground\n----------\n\n2. (C) Other text.",
        "Summary -------\nThe minister said no.\n\n1. (C) Other text.",
        "1. (C) Summary: The minister said no.\n\n2. (C) Other text.",
        "1. (C) SUMMARY AND COMMENT: The minister said no.\n\n2. (C) Other text.",
        "1. (C) BEGIN SUMMARY: The minister said no. END SUMMARY.\n\n2. (C) Other text.",
        "1. (C) The minister said no. End Summary.\n\n2. (C) Other text.",
        "1. (C) Summary: The minister said no.\nEnd summary.\n\n2. (C) Other text.",
        "1. (C) SUMMARY AND BACKGROUND: The minister said no. END SUMMARY AND BACKGROUND.\n\n2. (C) Other text.",
    ],
)
def test_summary_layouts(body: str) -> None:
    cable = parse(BANNER + "SUBJECT: TEST\n\n" + body)
    assert cable.summary == "The minister said no."


@pytest.mark.parametrize(
    ("label", "end"), [("Summary:", "End Summary."), ("SUMMARY AND BACKGROUND:", "END SUMMARY AND BACKGROUND.")]
)
def test_a_summary_spread_over_paragraphs_to_its_end_marker(label: str, end: str) -> None:
    cable = parse(BANNER + f"1. (C) {label} The minister said no.\n\n2. (C) He left. {end}\n\n3. (C) More.")
    assert " ".join((cable.summary or "").split()) == "The minister said no. He left."


@pytest.mark.parametrize(
    "label", ["Summary continued:", "SUMMARY CONTINUED:", "Summary continued.", "SUMMARY CONT'D:", "Summary contd.:"]
)
def test_a_summary_continued_label_is_no_part_of_the_summary(label: str) -> None:
    labelled = parse(BANNER + f"1. (C) Summary: He said no.\n\n2. (C) {label} He left. End Summary.\n\n3. (C) More.")
    assert " ".join((labelled.summary or "").split()) == "He said no. He left."
    headed = parse(BANNER + f"Summary\n-------\n\n1. (C) He said no.\n\n2. (C) {label} He left. End summary.\n\n"
                   "Background\n----------\n\n3. (C) More.")  # fmt: skip
    assert " ".join((headed.summary or "").split()) == "He said no. He left."


@pytest.mark.parametrize(
    "first",
    [
        "1. SUMMARY (U) The minister said no. End summary.",  # the label before the mark (10SANJOSE210)
        "1. 1. (U) Summary: The minister said no. End summary.",  # the number twice (09STATE69224)
    ],
)
def test_the_mark_after_a_label_or_a_repeated_number(first: str) -> None:
    cable = parse(BANNER + first + "\n\n2. (C) Other text.")
    assert (cable.paragraphs[0].number, cable.paragraphs[0].classification) == (1, "U")
    assert cable.summary == "The minister said no."


@pytest.mark.parametrize(
    ("statement", "name", "title"),
    [
        # A teaser's statement cut short with no whole copy: read up to the cut (08HAVANA811, 09KABUL3423) ...
        ("Classified By: COM JONATHAN FARRAR FOR REA...", "JONATHAN FARRAR", "COM"),
        ("Classified By: Political Counselor Annie Pforzheimer, ...", "Annie Pforzheimer", "Political Counselor"),
        # ... and no classifier when no name can be told from the title (08STATE87260).
        ("CLASSIFIED BY: DEBORAH SCHNEIDER SENIOR WATCH OFFICE...", None, None),
    ],
)
def test_a_classified_by_statement_cut_short(statement: str, name: str | None, title: str | None) -> None:
    cable = parse(BANNER + "SUBJECT: TEST\n\n" + statement + "\n\n1. (C) Text.")
    found = [(c.name, c.title) for c in cable.classifiers]
    assert found == ([(name, title)] if name else [])


def test_a_bare_continued_label_inside_a_summary() -> None:
    # 09UNVIEVIENNA540: "Summary contd.:", then "Contd.:" on the next paragraphs, up to "End summary".
    cable = parse(BANNER + "1. (C) Summary: He said no.\n\n2. (C) Contd.: He left.\n\n3. (C) Contd.: She stayed. "
                  "End summary.\n\n4. (C) More.")  # fmt: skip
    assert " ".join((cable.summary or "").split()) == "He said no. He left. She stayed."


def test_a_summary_continued_after_an_unlabelled_first_paragraph() -> None:
    # 09BERN122: the summary's first paragraph has no label; the second says "Summary continued." and ends it.
    cable = parse(BANNER + "1. (C) He said no.\n\n2. (C) Summary continued. He left. End Summary.\n\n3. (U) More.")
    assert " ".join((cable.summary or "").split()) == "He said no. He left."


def test_summary_and_comment_under_one_heading() -> None:
    cable = parse(BANNER + "Summary and Comment\n-------\n\n1. (C) He said no.\n\n2. (C) Comment: We doubt it. "
                  "End Summary and Comment.\n\n3. (C) Text.")  # fmt: skip
    assert (cable.summary, cable.comment) == ("He said no.", "We doubt it.")


def test_a_paragraph_number_without_its_full_stop_before_a_portion_mark() -> None:
    # 10PARIS71: "18 (C) Like other energy companies ..." between 17. and 19.
    cable = parse(BANNER + "1. (C) One.\n\n2. (C) Two.\n\n3 (C) Three.\n\n4. (S) Four.\n\n5 apples were sold.")
    assert [(p.number, p.classification) for p in cable.paragraphs] == [(1, "C"), (2, "C"), (3, "C"), (4, "S")]


def test_an_unmarked_paragraph_number_run_into_the_one_before() -> None:
    # 05SAOPAULO1076: '... more broad-based." 6. Pomar, a ...' between 5 and 7; only a missing number is cut, never
    # after an abbreviation, and a number that is not missing stays text.
    cable = parse(BANNER + '1. (U) Text.\n\n2. (U) They said it was "broad-based." 3. Pomar agreed.  See No. 5. It '
                  "ended.\n\n4. (U) Next.\n\n5. (U) Last, on Oct. 6. Then 5. Others came.")  # fmt: skip
    assert [p.number for p in cable.paragraphs] == [1, 2, 3, 4, 5]
    assert cable.paragraphs[2].text == "Pomar agreed.  See No. 5. It ended."
    assert cable.paragraphs[4].text == "Last, on Oct. 6. Then 5. Others came."


def test_the_cables_own_database_row_after_its_signature_is_left_out() -> None:
    # 07TRIPOLI989: "... End comment. MILAM 0 11/26/2007 6209 PHUM,PGOV,PREL,LY LIBYA ESTABLISHES ..." and the
    # summary again.
    cable = parse(BANNER + "1. (C) Text. End comment. MILAM 0 11/26/2007 6209 PHUM,PGOV,PREL,LY LIBYA ESTABLISHES "
                  "A COURT The GOL quietly established a court.")  # fmt: skip
    assert cable.signed_by == ["MILAM"]
    assert cable.paragraphs[-1].text == "Text. End comment."


@pytest.mark.parametrize("indent", [" ", "   ", "\t"])
def test_an_indented_classified_by_line_is_the_preamble_s(indent: str) -> None:
    """An indented statement after the REF list or the subject (06NEWDELHI657, 10KUWAIT166 with its keyword twice)
    is the preamble's, not a heading of the first paragraph."""
    cable = parse(BANNER + "SUBJECT: TEST\n\nREF: A. STATE 1234\n  \n" + indent + "Classified By: Classified by: "
                  "Ambassador David C. Mulford, for reasons 1.4 (B,D)\n\n1. (C) Summary: No. End Summary.")  # fmt: skip
    assert cable.classified_by is not None and cable.classified_by.name == "David C. Mulford"
    assert cable.classified_by.raw.startswith("Classified By: Classified by: Ambassador")
    assert cable.paragraphs[0].heading is None and cable.summary == "No."


def test_a_database_row_cut_short_after_its_date_is_left_out() -> None:
    # 07TRIPOLI993, a body on one line that ends "... political sphere. MILAM 0 11/26/2007".
    cable = parse(BANNER + "SUBJECT: TEST REF: A) STATE 138248 Per reftel, Post requests it. MILAM 0 11/26/2007")
    assert "11/26/2007" not in " ".join(r.text for r in cable.references)
    assert any("database row" in a for a in cable.anomalies)


def test_a_page_marker_inside_a_paragraph_takes_no_words_of_the_text() -> None:
    # 07TRIPOLI1066: "... counter-proliferation and WMD TRIPOLI 00000066 002 OF 003 counter-terrorism ..."
    cable = parse(BANNER + "1. (C) The talks covered counter-proliferation and WMD TRIPOLI 00000066 002 OF 003 "
                  "counter-terrorism, at length.")  # fmt: skip
    assert (
        " ".join(cable.paragraphs[0].text.split())
        == "The talks covered counter-proliferation and WMD counter-terrorism, at length."
    )


def test_a_paragraph_with_web_addresses_is_text_not_the_web_site_note() -> None:
    # 10LUXEMBOURG5: a last paragraph that cites web pages is no trailer; the signer is run into its end.
    last = "http://en.wikipedia.org/wiki/Taxi for extensive information on Moazzam Begg and the film.  Stroum"
    cable = parse(BANNER + "1. (C) Text.\n\n2. (U) Please see: http://en.wikipedia.org/wiki/Moazzam_Begg and " + last)
    assert cable.signed_by == ["STROUM"]
    assert "wikipedia" in cable.paragraphs[-1].text


@pytest.mark.parametrize(
    "last",
    [
        "This cable was cleared by U/S Burns.",
        "AUSTR Eissenstat has cleared this cable.",
        "Consulate Munich contributed to this cable.",
        "Minimize considered.",
        "(U) Delegations: UK: Michael O'Neill, FCO Special Representative for Sudan.",
        "(U) Zelaya's delegation:",
    ],
)
def test_a_comment_under_its_heading_ends_before_an_administrative_paragraph(last: str) -> None:
    cable = parse(BANNER + "1. (C) Text.\n\nComment\n-------\n\n2. (C) We doubt it.\n\n3. " + last)
    assert cable.comment == "We doubt it."


@pytest.mark.parametrize("label", ["SUMMARY & COMMENT:", "Summary and Comment:"])
def test_an_ampersand_in_a_label(label: str) -> None:
    # 09RIYADH181: "SUMMARY & COMMENT: ... End summary & comment."
    end = label.replace(":", ".").replace("SUMMARY", "End summary").replace("Summary", "End summary")
    cable = parse(BANNER + f"1. (C) {label} He said no.\n\n2. (C) He left. {end}\n\n3. (C) More.")
    assert " ".join((cable.summary or "").split()) == "He said no. He left."


@pytest.mark.parametrize(
    ("paragraph", "comment"),
    [
        # A paragraph that is all one bracketed comment is a comment section (04VATICAN3213) ...
        ("4. (C) (Comment: We doubt it. End Comment.)", "We doubt it."),
        # ... the same brackets inside running text are an aside.
        ("4. (C) He left (Comment: we doubt it. End Comment.) at noon.", None),
        ("4. (C) (Comment: we doubt it. End Comment.) He left at noon.", None),
    ],
)
def test_bracketed_comments(paragraph: str, comment: str | None) -> None:
    assert parse(BANNER + "3. (C) Text.\n\n" + paragraph + "\n\n5. (C) More.").comment == comment


@pytest.mark.parametrize(
    ("second", "summary"),
    [
        # "Summary con't." (08LONDON1761) as "Summary continued:" is; "End Introduction and Summary." (09STOCKHOLM384).
        ("2. (C) Summary con't. He left. End summary.", "The minister said no.\n\nHe left."),
        ("2. (C) He left. End Introduction and Summary.", "The minister said no.\n\nHe left."),
        # The continuation label in brackets (09BAGHDAD1104).
        ("2. (S)(Summary continued) He left. End summary.", "The minister said no.\n\nHe left."),
        ("2. (C) Summary, cont'd:  He left. End summary.", "The minister said no.\n\nHe left."),  # 06REYKJAVIK428
    ],
)
def test_summary_labels_and_end_markers(second: str, summary: str) -> None:
    cable = parse(BANNER + "1. (C) Summary: The minister said no.\n\n" + second + "\n\n3. (C) Text.")
    assert cable.summary == summary


@pytest.mark.parametrize(
    ("first", "summary"),
    [
        # "Summary/Introduction." to "End Summary/Introduction." (09BUENOSAIRES853); "Summary," (05SANJOSE2726) ...
        ("1. (C) Summary/Introduction. The setback is here. End Summary/Introduction.", "The setback is here."),
        ("1. (C) Summary, Post convened a meeting.", "Post convened a meeting."),
        # ... but not "In summary," or a lower-case word after the comma.
        ("1. (C) In summary, we did.", None),
        ("1. (C) Summary, the word.", None),
    ],
)
def test_summary_label_forms(first: str, summary: str | None) -> None:
    assert parse(BANNER + first + "\n\n2. (C) Text.").summary == summary


def test_a_comment_continued_label_with_a_full_stop() -> None:
    # "Comment cont.: Coming on the heels ..." (04BRASILIA2890, 05SANJOSE2642, 07TASHKENT237).
    cable = parse(BANNER + "1. (C) Comment: It works.\n\n2. (C) Comment cont.: It still works.\n\n3. (C) Text.")
    assert cable.comment == "It works.\n\nIt still works."


@pytest.mark.parametrize(
    ("statement", "reasons", "raw_end"),
    [
        # The next paragraph's portion mark after the reasons is none of them (09LONDON2595) ...
        ("Classified By: Counselor Greg Berry for reasons 1.4 (b) and ( d) (C/NF) The talks.", ["1.4(b)", "1.4(d)"],
         "( d)"),
        ("Classified By: Counselor Greg Berry for reasons 1.4 (b) and (d) -- (SBU) The talks.", ["1.4(b)", "1.4(d)"],
         "(d)"),
        # ... but letters with a slash are reasons.
        ("Classified By: Counselor Greg Berry for reasons 1.4 (C/D).", ["1.4(c)", "1.4(d)"], "(C/D)."),
        # A mark letter in brackets before a sentence is the next paragraph's (08LONDON2218); "(C) AND (D)" are reasons.
        ("Classified By: Counselor Greg Berry for Reasons 1.4 (b) and (d) (C) HMG is aware.", ["1.4(b)", "1.4(d)"],
         "and (d)"),
        ("Classified By: Counselor Greg Berry for reasons 1.4 (B) AND (C) AND (D)", ["1.4(b)", "1.4(c)", "1.4(d)"],
         "AND (D)"),
        # A letter's full stop before "and" and the next letter (08REYKJAVIK46).
        ("Classified by Ambassador van Voorst, reasons 1.4 b. and d.\n\n(C) The talks.", ["1.4(b)", "1.4(d)"],
         "1.4 b. and d."),
    ],
)  # fmt: skip
def test_reasons_end_before_a_portion_mark(statement: str, reasons: list[str], raw_end: str) -> None:
    cable = parse(statement)
    assert cable.classified_by is not None and cable.classified_by.reasons == reasons
    assert cable.classified_by.raw.endswith(raw_end)


def test_a_compound_split_after_an_abbreviation_is_joined() -> None:
    # "U.S.-" / "affiliated" (08SANJOSE902), as "well-" / "known" is; a dash alone keeps its space.
    cable = parse(BANNER + "1. (C) They met U.S.-\naffiliated owners and well-\nknown people, a dash -\nthen.")
    assert cable.paragraphs[0].text == "They met U.S.-affiliated owners and well-known people, a dash - then."


def test_reasons_after_a_blank_line_with_the_order_s_number() -> None:
    # "REASON:" / blank / "E.O. 12958, 1.4(D)" (05SAOPAULO1158); an E.O. line with its DECL stays the E.O. line.
    cable = parse(BANNER + "SUBJECT: X\n\nClassified By: CONSUL GENERAL ARNOLD VELA. REASON: \n\n"
                  "E.O. 12958, 1.4(D) \n\n1. (C) Text.")  # fmt: skip
    assert cable.classified_by is not None and cable.classified_by.reasons == ["1.4(d)"]
    cable = parse(BANNER + "SUBJECT: X\n\nClassified By: CONSUL GENERAL ARNOLD VELA.\nE.O. 12958: DECL: 10/17/2015\n\n"
                  "1. (C) Text.")  # fmt: skip
    assert cable.classified_by is not None and cable.classified_by.reasons == []
    assert cable.declassify_on is not None and cable.declassify_on.isoformat() == "2015-10-17"


def test_a_colon_after_the_portion_mark_is_no_part_of_the_text() -> None:
    # "6.(C/NF): It is worth studying ..." under a COMMENT heading (09TRIPOLI579).
    cable = parse(BANNER + "1. (C) Text.\n\nComment\n-------\n\n2.(C/NF): It is worth it. End comment.\n\n3. (C) More.")
    assert cable.paragraphs[1].text.startswith("It is") and cable.comment == "It is worth it."


def test_a_number_closed_by_a_parenthesis_it_did_not_open_is_no_paragraph() -> None:
    # "... proposed by DOE was December" / "8).  At this point ..." (09TRIPOLI950); "(6). (U)" still is one.
    cable = parse(BANNER + "1. (S) One.\n\n2. (S) The deadline proposed by DOE was December\n8).  At this point, no."
                  "\n\n(3). (S) Three.")  # fmt: skip
    assert [p.number for p in cable.paragraphs] == [1, 2, 3]
    assert "December 8).  At this point" in cable.paragraphs[1].text


@pytest.mark.parametrize(("heading", "comment"), [("Final Comment", "We doubt it."), ("Final Comments", None)])
def test_final_comments_of_a_meeting_are_no_comment_of_the_post(heading: str, comment: str | None) -> None:
    """``Final Comments`` heads what the people at a meeting said last (05BUENOSAIRES138); ``Final Comment`` is the
    post's (09STOCKHOLM569)."""
    cable = parse(BANNER + "1. (C) The meeting began.\n\n" + heading + "\n\n2. (C) We doubt it.")
    assert cable.comment == comment


# -- subject ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "subject"),
    [
        ("SUBJECT: (C/NF) TURKEY: ERDOGAN'S VISIT\nTO WASHINGTON", "TURKEY: ERDOGAN'S VISIT TO WASHINGTON"),
        ("SUBJECT: (SBU) TURKEY: ERDOGAN'S VISIT\nTO WASHINGTON", "TURKEY: ERDOGAN'S VISIT TO WASHINGTON"),
        ("SUBJECT: TURKEY: ERDOGAN'S VISIT TO WASHINGTON (C)", "TURKEY: ERDOGAN'S VISIT TO WASHINGTON"),
        ("SUBJECT: (S//NF) TURKEY: ERDOGAN'S VISIT", "TURKEY: ERDOGAN'S VISIT"),
        ("SUBJ: (c) Turkey: Erdogan's visit", "Turkey: Erdogan's visit"),
        ("SUBJECT: (IRAN) NUCLEAR TALKS", "(IRAN) NUCLEAR TALKS"),
        ("SUBJECT: TURKEY: THE PRIME MINISTER'S LONG VISIT\n\nTO WASHINGTON",
         "TURKEY: THE PRIME MINISTER'S LONG VISIT TO WASHINGTON"),
        # 09ISLAMABAD3037 in one build: the top of the cable repeated under the subject.
        ("SUBJECT: BALOCH REQUEST UNHCR FACILITATE MOVEMENT OF\nBRAHMDAGH BUGTI TO IRELAND\n"
         "Friday, 18 December 2009, 11:04\nS E C R E T SECTION 01 OF 02 ISLAMABAD 003037\nNOFORN",
         "BALOCH REQUEST UNHCR FACILITATE MOVEMENT OF BRAHMDAGH BUGTI TO IRELAND"),
        ("SUBJECT: TALKS WITH THE MINISTER\nS E C R E T SECTION 01 OF 02 ANKARA 000512", "TALKS WITH THE MINISTER"),
        # A handling caveat run onto the subject line.
        ("SUBJECT: TALKS WITH THE MINISTER SENSITIVE BUT UNCLASSIFIED; PLEASE PROTECT ACCORDINGLY",
         "TALKS WITH THE MINISTER"),
        ("SUBJECT: Talks with the Minister Sensitive but Unclassified. Please handle accordingly.",
         "Talks with the Minister"),
        ("SUBJECT: TALKS WITH THE MINISTER ENTIRE TEXT SENSITIVE BUT UNCLASSIFIED/NOFORN; PLEASE PROTECT ACCORDINGLY.",
         "TALKS WITH THE MINISTER"),
        # A page marker run into the subject line takes no words of it (09TRIPOLI570, 08LONDON2294).
        ("SUBJECT: VICTORY FROM JAWS OF DEFEAT TRIPOLI 00000570 001.2 OF 002", "VICTORY FROM JAWS OF DEFEAT"),
        ("SUBJECT: VISIT OF DEPUTY SECRETARY JEFFREY KUPFER LONDON 00002294 001.2 OF 003",
         "VISIT OF DEPUTY SECRETARY JEFFREY KUPFER"),
        ("SUBJECT: TALKS IN SAO PAULO SAO PAULO 00000123 001.2 OF 002", "TALKS IN SAO PAULO"),
        # The keyword alone on its line, the subject after a blank line (09CAIRO1927).
        ("SUBJECT:\n\nGOE MINISTERS SAY EGYPT REMAINS COMMITTED TO ECONOMIC REFORM",
         "GOE MINISTERS SAY EGYPT REMAINS COMMITTED TO ECONOMIC REFORM"),
        # No space after the colon (09CAIRO1848, 09CAIRO1793).
        ("SUBJECT:EMBASSY RAISES HARASSMENT OF CONVERTS\nWITH MFA", "EMBASSY RAISES HARASSMENT OF CONVERTS WITH MFA"),
        ("Subject:Talks with the Minister", "Talks with the Minister"),
    ],
)  # fmt: skip
def test_subjects(lines: str, subject: str) -> None:
    assert parse(BANNER + "TAGS: PREL\n" + lines + "\n\n1. (C) Text.").subject == subject


# -- signature and address lines ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ending", "signer"),
    [
        ("the talks ended.\n\nWILSON", ["WILSON"]),
        ("the talks ended.  WILSON", ["WILSON"]),
        ("the talks ended.WILSON", ["WILSON"]),
        ("the talks ended. Wilson", ["WILSON"]),
        ("the talks ended.\n\nWILSON\n\nNNNN", ["WILSON"]),
        ("the talks ended.\n\nVisit Ankara's Classified Website: http://www.state.sgov.gov/p/eur/ankara\nWILSON",
         ["WILSON"]),
        ("the talks ended. ******* Visit Ankara's Classified Website: XXXXXXXXXXXX******* WILSON", ["WILSON"]),
        ("the talks ended.\nWILSON 0 02/14/2008", ["WILSON"]),
        ("the talks ended.\n\nWILSON\n\nDeclassified/Released US Department of State EO Systematic Review 30 JUN 2006",
         ["WILSON"]),
        ("the talks ended.\n\nXXXXXXXXXXXX", []),
        ("the talks ended.\n\nEND TEXT WILSON", ["WILSON"]),
        # A signature run into the end of the web-site note, on its own line or run into the text.
        ("the talks ended.\n\nVisit Ankara's classified website at: www.state.sgov.gov/p/eur/ankara. Wilson",
         ["WILSON"]),
        ("the talks ended.   Visit Ankara's Classified Website: XXXXXXXXXXXX ed_Turkey  WILSON.", ["WILSON"]),
        # A surname in camel case run in after the note or the text (08LONDON1841: "Website:XXXXXXXXXXXX LeBaron").
        ("the talks ended.   Visit Ankara's Classified Website:XXXXXXXXXXXX McWilson", ["MCWILSON"]),
        ("the talks ended.  O'Wilson", ["O'WILSON"]),
        ("the talks ended. LeWilson", ["LEWILSON"]),
        # A page number alone after the signature.
        ("the talks ended.\n\nVAN WILSON\n\n1\nSENSITIVE BUT UNCLASSIFIED", ["VAN WILSON"]),
        # The end of a teaser cut off with "..." after the signature (05TASHKENT2473, 08BEIJING4687).
        ("the talks ended.\n\nWILSON\nLL, FOR REASONS 1.4 (B, D)...", ["WILSON"]),
        ("the talks ended.\nWilson\n\nHTS ACTIVIST LIU XIAOBO...", ["WILSON"]),
        # A closing curly quote before a name run in (10LUXEMBOURG5).
        ("the film \u201cTaxi to the Dark Side.\u201d Wilson", ["WILSON"]),
        # The web-site note in two parts, a blank line between (05TELAVIV1593), and Kuwait's (09KUWAIT110).
        ("the talks ended.\n\n***** *****\nVisit Embassy Ankara's Classified Website:\n"
         "http://www.state.sgov.gov/p/eur/ankara\n\nYou can also access this site through the State Department's\n"
         "Classified SIPRNET website.\n***** *****\nWILSON", ["WILSON"]),
        # "Please visit ..." (05PARIS7626 and 14 more Paris cables).
        ("the talks ended.\n\n\n\nPlease visit Ankara' Classified Website at:\n"
         "http://www.state.sgov.gov/p/eur/ankara/index.c fm\nWilson", ["WILSON"]),
        ("the talks ended.\nWILSON\n\n***** *****\nFor more reporting from Embassy Ankara, visit:\n"
         "visit Ankara's Classified Website at:\n\nhttp://www.intelink.sgov.gov/wiki/Portal:Ankara\n***** *****\n"
         "WILSON", ["WILSON"]),
        # A quoted cable's signature and its end marker before the cable's own (09STATE127892).
        ("the talks ended.\nCLINTON UNQUOTE WILSON", ["WILSON"]),
        ("the talks ended.\nRICE END QUOTE WILSON", ["WILSON"]),
        # The cable's database row cut short after its date, at the end (07TRIPOLI993).
        ("the talks ended. WILSON 0 11/26/2007", ["WILSON"]),
    ],
)  # fmt: skip
def test_signatures(ending: str, signer: list[str]) -> None:
    cable = parse(BANNER + "1. (C) The meeting went well, and " + ending)
    assert cable.signed_by == signer
    last = cable.paragraphs[-1].text
    assert "Visit" not in last and "Please" not in last and "WILSON" not in last


HEADER = "P 121530Z MAR 08\nFM AMEMBASSY ANKARA\n{lines}\n\n"


@pytest.mark.parametrize(
    ("lines", "to", "info"),
    [
        ("TO RUEHC/SECSTATE WASHDC PRIORITY 4500\nINFO RUEHAK/AMEMBASSY ANKARA\nPAGE 02 ANKARA 00512 121530Z\n"
         "PRIORITY", ["SECSTATE WASHDC"], ["AMEMBASSY ANKARA"]),
        ("TO RUEHC/SECSTATE\nPAGE 02 ANKARA 00512 121530Z\nWASHDC PRIORITY 4500", ["SECSTATE WASHDC"], []),
        ("TO RUEHC/SECSTATE WASHDC\nINFO RUEHLP/AMEMBASSY LA PAZ FEB LIMA 4730", ["SECSTATE WASHDC"],
         ["AMEMBASSY LA PAZ", "AMEMBASSY LIMA"]),
        ("TO RUEHC/SECSTATE WASHDC\nINFO RUEHBO/AMEMBASSY BOGOTA 3806-3812", ["SECSTATE WASHDC"], ["AMEMBASSY BOGOTA"]),
        ("TO AMEMBASSY BAMAKO\nAMEMBASSY DAKAR\nINFO PAGE 02        STATE   037566  161435Z\nAMEMBASSY LONDON",
         ["AMEMBASSY BAMAKO", "AMEMBASSY DAKAR"], ["AMEMBASSY LONDON"]),
        # The routing indicator run into the office name, its slash lost (09CAIRO1848); an indicator alone stays.
        ("TO RUEHCSECSTATE WASHDC PRIORITY 3700\nINFO RUEHXK/ARAB ISRAELI COLLECTIVE\nRHEHNSC WASHDC",
         ["SECSTATE WASHDC"], ["ARAB ISRAELI COLLECTIVE", "RHEHNSC WASHDC"]),
    ],
)  # fmt: skip
def test_address_lines(lines: str, to: list[str], info: list[str]) -> None:
    cable = parse(HEADER.format(lines=lines) + BANNER + "1. (C) Text.")
    assert [r.name for r in cable.recipients if r.kind == "to"] == to
    assert [r.name for r in cable.recipients if r.kind == "info"] == info


# -- encodings ----------------------------------------------------------------------------------------------------


def test_utf8_with_a_few_cp1252_bytes_keeps_its_utf8() -> None:
    """A text cable in UTF-8 with a stray cp1252 quote elsewhere was decoded whole as cp1252 (``CAFÃ‰``)."""
    data = (BANNER + "SUBJECT: CAFÉ TALKS\n\n1. (C) He said ").encode("utf-8") + b"\x93no\x94."
    cable = parse_cable(data, format="text")
    assert cable.subject == "CAFÉ TALKS"
    assert "“no”" in cable.paragraphs[0].text
    assert any("mixed encodings" in a for a in cable.anomalies)


def test_a_cp1252_text_reads_as_cp1252() -> None:
    cable = parse_cable((BANNER + "SUBJECT: CAFÉ TALKS\n\n1. (C) Text.").encode("cp1252"), format="text")
    assert cable.subject == "CAFÉ TALKS"
    assert any("Windows-1252" in a for a in cable.anomalies)


# -- banners ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("top", "level", "section", "caveats"),
    [
        # 09KABUL3185: the page's marking line above the banner, which starts a line of its own.
        ("UNCLASSIFIED//FOR OFFICIAL USE ONLY\n\nUNCLAS SECTION 01 OF 02 KABUL 003185\n", "UNCLASSIFIED", 1,
         []),
        ("C O N F I D E N T I A L SECTION 02 OF 03 ANKARA 000512\n", "CONFIDENTIAL", 2, []),
        # 05LIMA3571: junk before the banner on its line.
        ("Cable dated:2005-08-17T21:24:00] C O N F I D E N T I A L LIMA 003571\n", "CONFIDENTIAL", None, []),
        ("SECRET meeting 2010 notes\nS E C R E T NOFORN SECTION 01 OF 02 BAGHDAD 000123\n", "SECRET", 1, ["NOFORN"]),
    ],
)  # fmt: skip
def test_banners(top: str, level: str, section: int | None, caveats: list[str]) -> None:
    cable = parse(top + "\nE.O. 12958: DECL: 01/01/2019\nTAGS: PREL\nSUBJECT: TEST\n\n1. (C) Text.")
    assert (cable.classification, cable.section) == (level, section)
    assert all(c in cable.caveats for c in caveats)
