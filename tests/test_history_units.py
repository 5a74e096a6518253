"""What changed between two versions of a cable: parts, words and kinds of change, on fragments of our own."""

from __future__ import annotations

import pytest

from cabledb.history import Change, diff_versions, mask_count, version_key
from cabledb.history.releases import Release, given_release, release_for_path
from cabledb.parse import ParsedCable, parse_cable

HEADER = "R 121530Z MAR 08\nFM AMEMBASSY BEIJING\nTO RUEHC/SECSTATE WASHDC 4500\nINFO RUEHOO/AMEMBASSY TOKYO 1234"
BODY = """C O N F I D E N T I A L BEIJING 002438

SIPDIS

E.O. 12958: DECL: 09/15/2034
TAGS: PREL PGOV CH
SUBJECT: MEETING WITH VICE MINISTER ON TRADE

Classified By: Ambassador Jon Huntsman for reasons 1.4 (b) and (d).

1. (C) Summary: The vice minister met the Ambassador on trade.
End Summary.

2. (C) Vice Minister Li Guofu said that the talks had gone well
and that a second round would follow in October.

3. (C) Li added that the ministry would send a delegation.

HUNTSMAN
"""


def diff(old_body: str, new_body: str, old_header: str = HEADER, new_header: str = HEADER) -> list[Change]:
    def parsed(header: str, body: str) -> ParsedCable:
        return parse_cable(header + "\n\n" + body, format="text")

    return diff_versions(
        parsed(old_header, old_body),
        parsed(new_header, new_body),
        old_text=(old_header, old_body),
        new_text=(new_header, new_body),
    )


def test_whitespace_and_anchors_make_no_new_version() -> None:
    wrapped = BODY.replace("that the talks had gone well\nand", "that the talks had gone\nwell and")
    anchored = BODY.replace("\n2. (C)", "\n¶2. (C)").replace("\n", "  \n")
    assert version_key(HEADER, BODY) == version_key(HEADER, wrapped) == version_key(HEADER + "\n", anchored)
    assert diff(BODY, wrapped) == []
    assert version_key(HEADER, BODY) != version_key(HEADER, BODY.replace("October", "November"))
    assert version_key(HEADER, BODY) != version_key("", HEADER + BODY)  # the header is its own part


def test_a_name_replaced_by_a_mask_is_redacted_in_its_paragraph() -> None:
    redacted = BODY.replace("Li Guofu", "XXXXXXXXXXXX")
    assert diff(BODY, redacted) == [Change("paragraph", 2, "redacted", "Li Guofu", "XXXXXXXXXXXX")]
    assert diff(redacted, BODY) == [Change("paragraph", 2, "unredacted", "XXXXXXXXXXXX", "Li Guofu")]
    assert mask_count(redacted) == 1 and mask_count(BODY) == 0


def test_masks_with_punctuation_and_possessives() -> None:
    redacted = BODY.replace("the ministry", "XXXXXXXXXXXX's ministry").replace("Li Guofu said", "(XXXXXXXXXXXX), said")
    changes = diff(BODY, redacted)
    assert [(c.paragraph_number, c.change) for c in changes] == [(2, "redacted"), (3, "redacted")]
    assert changes[1] == Change("paragraph", 3, "redacted", "the", "XXXXXXXXXXXX's")


def test_subject_header_and_signature_are_parts_of_their_own() -> None:
    new_body = BODY.replace("ON TRADE", "XXXXXXXXXXXX").replace("HUNTSMAN", "HUNTSMAN JR")
    new_header = HEADER + "\nRUEHUL/AMEMBASSY SEOUL 5678"
    changes = diff(BODY, new_body, new_header=new_header)
    assert changes == [
        Change("header", None, "edited", "", "RUEHUL/AMEMBASSY SEOUL 5678"),
        Change("subject", None, "redacted", "ON TRADE", "XXXXXXXXXXXX"),
        Change("signature", None, "edited", "", "JR"),
    ]


def test_text_before_the_paragraphs_is_the_preamble() -> None:
    changes = diff(BODY, BODY.replace("Jon Huntsman", "XXXXXXXXXXXX"))
    assert changes == [Change("preamble", None, "redacted", "Jon Huntsman", "XXXXXXXXXXXX")]


def test_a_mask_over_several_paragraphs_redacts_each_of_them() -> None:
    start = BODY.index("Li Guofu said")
    end = BODY.index("send a delegation.") + len("send a delegation.")
    redacted = BODY[:start] + "XXXXXXXXXXXXXXXXXXXXXXX" + BODY[end:]
    changes = diff(BODY, redacted)
    assert [(c.part, c.paragraph_number, c.change) for c in changes] == [
        ("paragraph", 2, "redacted"),
        ("paragraph", 3, "redacted"),
    ]
    assert changes[0].added_text == "XXXXXXXXXXXXXXXXXXXXXXX" and changes[1].added_text == ""
    assert changes[1].removed_text.startswith("3. (C) Li added")


@pytest.mark.parametrize(
    ("old", "new", "kind"),
    [
        ("October", "November", "edited"),  # a word changed
        ("would follow in October", "would follow", "edited"),  # words removed, no mask
        ("Li Guofu said", "XXXXXXXXXXXX told reporters", "edited"),  # a mask and new words: not only a redaction
    ],
)
def test_other_changes_are_edits(old: str, new: str, kind: str) -> None:
    changes = diff(BODY, BODY.replace(old, new))
    assert [c.change for c in changes] == [kind]
    assert changes[0].part == "paragraph" and changes[0].paragraph_number == 2


def test_a_text_that_cannot_be_parsed_is_still_compared() -> None:
    changes = diff_versions(None, None, old_text=("", "Li Guofu met us."), new_text=("", "XXXXXXXXXXXX met us."))
    assert changes == [Change("preamble", None, "redacted", "Li Guofu", "XXXXXXXXXXXX")]


# -- release names ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "name", "published", "kind"),
    [
        ("../shared/corpus/releases/cablegate-201012041409.tar.xz", "cablegate-201012041409", "2010-12-04T14:09",
         "build"),
        ("/data/cablegate-201011301701/", "cablegate-201011301701", "2010-11-30T17:01", "build"),
        ("CABLEGATE_201012221759.7z", "cablegate-201012221759", "2010-12-22T17:59", "build"),
        ("/dumps/cables.csv", "cables.csv", None, "file"),
        ("cables-sample.csv.gz", "cables-sample.csv.gz", None, "file"),
        ("cablegate-html-dev.tar.xz", None, None, None),  # no build time: the import run's release
        ("cablegate-201013991409.tar.xz", None, None, None),  # no such time
        ("pages/07BAKU1515.html", None, None, None),
    ],
)  # fmt: skip
def test_release_names_from_paths(path: str, name: str | None, published: str | None, kind: str | None) -> None:
    release = release_for_path(path)
    if name is None:
        assert release is None
        return
    assert release is not None
    assert (release.name, release.kind) == (name, kind)
    assert (release.published_at.isoformat()[:16] if release.published_at else None) == published


def test_given_release_names() -> None:
    assert given_release("  spring   2011 ") == Release("spring 2011", None, "given")
    assert given_release("cablegate-201012041409").kind == "build"
    with pytest.raises(ValueError):
        given_release("   ")
    with pytest.raises(ValueError):
        given_release("x" * 201)


def test_a_long_replacement_is_one_change_despite_stray_common_words() -> None:
    """10STATE17263 in cablegate-201012041811: sixty paragraphs became one mask; the alignment matched stray
    words inside them, which cut the removal into many changes. Changes a few equal words apart are one."""
    from cabledb.history.diff import _merge_small_gaps

    assert _merge_small_gaps([(0, 10, 0, 1), (11, 20, 2, 2)]) == [(0, 20, 0, 2)]
    assert _merge_small_gaps([(0, 1, 0, 1), (2, 3, 2, 3)]) == [(0, 1, 0, 1), (2, 3, 2, 3)]  # "Li and Wang"
    two = BODY.replace("Li Guofu", "XXXXXXXXXXXX").replace("October", "XXXXXXXXXXXX")
    assert [c.change for c in diff(BODY, two)] == ["redacted", "redacted"]
