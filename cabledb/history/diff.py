"""What changed between two versions of a cable, part by part and word by word.

WikiLeaks published the cables in successive builds and changed some between builds: names and whole paragraphs
replaced by ``XXXXXXXXXXXX`` (and sometimes restored a build later), subjects redacted, cables reformatted. Two
texts of a cable are one version when they differ only in whitespace or in WikiLeaks' ``¶`` paragraph anchors
(:func:`version_key`). Between two versions, :func:`diff_versions` aligns their words (``rapidfuzz``'s Indel
alignment, the longest common subsequence, about thirty times faster than ``difflib`` on whole cables) and gives
one :class:`Change` per run of changed words and per part of the cable it falls in: the routing header, the
subject, the rest of the text before the first paragraph (banner, E.O., TAGS, references: ``preamble``), each
paragraph, and the signature. A change is ``redacted`` when text became ``XXXXXXXXXXXX``, ``unredacted`` for the
reverse, and ``edited`` otherwise.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from cabledb.parse.model import ParsedCable

#: The kinds of change, and the parts of a cable a change is in (bi.cable_changes documents both).
CHANGE_KINDS = ("redacted", "unredacted", "edited")
PARTS = ("header", "subject", "preamble", "paragraph", "signature")

#: A redaction mask as WikiLeaks wrote it: ``XXXXXXXXXXXX`` (12 X), also longer runs for whole paragraphs, with the
#: punctuation around it (``(XXXXXXXXXXXX),``) or a possessive (``XXXXXXXXXXXX's``), 05LIMA2158.
#: One build lower-cased whole cables, masks included (``xxxxxxxxxxxx``, 10KABUL693 in cablegate-201012011944).
MASK = re.compile(r"\W*(?:X{5,}|x{5,})(?:['’]s)?\W*")
_ANY_MASK = re.compile(r"X{5}|x{5}")
#: Words compared when looking for where a part starts in the text: enough to be unique in nearly every cable.
_PROBE = 6


@dataclass(frozen=True, slots=True)
class Change:
    """One run of changed words in one part of a cable. ``paragraph_number`` is set for numbered paragraphs."""

    part: str
    paragraph_number: int | None
    change: str
    removed_text: str
    added_text: str


def version_key(header: str, body: str) -> bytes:
    """The identity of a version: its header and body without whitespace and ``¶`` anchors. Line wrapping, trailing
    blanks and the anchors of the HTML pages make no new version; any other character does.

    >>> version_key("FM X", "A  b\\n") == version_key("FM X ", "¶A b")
    True
    """
    # str.split() and the regex's \s are the same Unicode whitespace (tests/test_history_units.py); split is three
    # times faster, and every cable an import reads is keyed.
    text = "".join(header.split()).replace("¶", "") + "\x1f" + "".join(body.split()).replace("¶", "")
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def is_mask(word: str) -> bool:
    return MASK.fullmatch(word) is not None


def mask_count(text: str) -> int:
    """The number of redaction masks in a text."""
    if not _ANY_MASK.search(text):
        return 0  # nearly every cable: one scan in C
    return sum(1 for word in text.split() if is_mask(word))


@dataclass(frozen=True, slots=True)
class _Words:
    """The words of one version, and the part each belongs to: ``spans[k]`` is the first word of part ``k``."""

    words: list[str]
    starts: list[int]
    parts: list[tuple[str, int | None]]

    def part_of(self, index: int) -> int:
        return bisect.bisect_right(self.starts, index) - 1


def _words(text: str) -> list[str]:
    return [w for w in (w.replace("¶", "") for w in text.split()) if w]


class _Finder:
    """Finds a run of words in a list of words, from a position on, with ``str.find`` over the joined words."""

    def __init__(self, words: list[str]) -> None:
        self.joined = "\x00" + "\x00".join(words) + "\x00"
        self.offsets: list[int] = []
        pos = 1
        for w in words:
            self.offsets.append(pos)
            pos += len(w) + 1

    def find(self, probe: list[str], start: int) -> int | None:
        if not probe or start >= len(self.offsets):
            return None
        needle = "\x00" + "\x00".join(probe) + "\x00"
        at = self.joined.find(needle, self.offsets[start] - 1)
        if at < 0:
            return None
        return bisect.bisect_left(self.offsets, at + 1)


def _layout(cable: ParsedCable | None, header: str, body: str) -> _Words:
    """The words of the header and body, each with its part: the parts the parser found are looked up in the raw
    words in order (their first words), and every word before the next part belongs to the one before it."""
    head = _words(header)
    words = head + _words(body)
    starts: list[int] = [0] if head else []
    parts: list[tuple[str, int | None]] = [("header", None)] if head else []
    body_start = len(head)
    starts.append(body_start)
    parts.append(("preamble", None))
    if cable is None:
        return _Words(words, starts, parts)
    finder = _Finder(words)
    cursor = body_start
    if cable.subject:
        probe = _words(cable.subject)[:_PROBE]
        at = finder.find(probe, cursor)
        if at is not None:
            starts.append(at)
            parts.append(("subject", None))
            end = at + len(_words(cable.subject))
            starts.append(end)
            parts.append(("preamble", None))
            cursor = end
    for p in cable.paragraphs:
        probe = _words(p.heading or p.text)[:_PROBE] or _words(p.text)[:_PROBE]
        at = finder.find(probe, cursor)
        if at is None:
            continue  # a paragraph whose first words were rejoined (a hyphen at a line end): it stays with the last
        if p.number is not None and not p.heading:
            at = _number_before(words, at, max(cursor, at - 3), p.number)
        starts.append(at)
        parts.append(("paragraph", p.number))
        cursor = at + 1
    if cable.signed_by:
        at = finder.find(_words(cable.signed_by[0])[:_PROBE], cursor)
        if at is not None:
            starts.append(at)
            parts.append(("signature", None))
    # Parts that start at the same word: the last one wins (an empty preamble between subject and paragraph 1).
    kept_starts: list[int] = []
    kept_parts: list[tuple[str, int | None]] = []
    for s, part in zip(starts, parts, strict=True):
        if kept_starts and kept_starts[-1] == s:
            kept_parts[-1] = part
        else:
            kept_starts.append(s)
            kept_parts.append(part)
    return _Words(words, kept_starts, kept_parts)


def _number_before(words: list[str], at: int, stop: int, number: int) -> int:
    """The paragraph's number and mark go with it: ``3.`` / ``(C)`` before its first words."""
    for j in range(at - 1, stop - 1, -1):
        word = words[j]
        if word.startswith(str(number)) and word[len(str(number)) : len(str(number)) + 1] in (".", ")", ""):
            return j
    return at


def _kind(removed: list[str], added: list[str]) -> str:
    # The words on both sides (the gaps of merged changes) say nothing of the kind.
    common = Counter(removed) & Counter(added)
    removed = list((Counter(removed) - common).elements())
    added = list((Counter(added) - common).elements())
    removed_words = [w for w in removed if any(c.isalnum() for c in w)]
    added_words = [w for w in added if any(c.isalnum() for c in w)]
    if added_words and all(map(is_mask, added_words)) and any(not is_mask(w) for w in removed_words):
        return "redacted"
    if removed_words and all(map(is_mask, removed_words)) and any(not is_mask(w) for w in added_words):
        return "unredacted"
    return "edited"


def _groups(layout: _Words, start: int, end: int) -> list[tuple[tuple[str, int | None], list[str]]]:
    """The words ``start:end`` of a version, cut where a part ends."""
    out: list[tuple[tuple[str, int | None], list[str]]] = []
    i = start
    while i < end:
        k = layout.part_of(i)
        stop = min(end, layout.starts[k + 1]) if k + 1 < len(layout.starts) else end
        out.append((layout.parts[k], layout.words[i:stop]))
        i = stop
    return out


def _hunks(a: list[str], b: list[str]) -> list[tuple[int, int, int, int]]:
    """The changed runs of words: an Indel alignment writes a replacement as a deletion next to an insertion, and
    the runs between two equal stretches are one change (``src_start, src_end, dest_start, dest_end``)."""
    hunks: list[tuple[int, int, int, int]] = []
    current: list[int] | None = None
    for op in Indel.opcodes(a, b):
        if op.tag == "equal":
            if current is not None:
                hunks.append((current[0], current[1], current[2], current[3]))
                current = None
        elif current is None:
            current = [op.src_start, op.src_end, op.dest_start, op.dest_end]
        else:
            current[1], current[3] = op.src_end, op.dest_end
    if current is not None:
        hunks.append((current[0], current[1], current[2], current[3]))
    return _merge_small_gaps(hunks)


#: Two changes separated by at most this many equal words, both longer than the gap, are one change.
_GAP = 3


def _size(hunk: tuple[int, int, int, int]) -> int:
    return max(hunk[1] - hunk[0], hunk[3] - hunk[2])


def _merge_small_gaps(hunks: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """A longest common subsequence matches stray common words ("the", "Russia") inside a long replacement: when
    a build replaced sixty paragraphs by one mask (10STATE17263, cablegate-201012041811), the alignment cut the
    removal into dozens of changes around them. Changes separated by a gap of a few equal words, each longer than
    the gap, are one change (the "semantic cleanup" of diff-match-patch); a name and a name redacted on each side
    of "and" stay two."""
    out: list[tuple[int, int, int, int]] = []
    for hunk in hunks:
        if out:
            last = out[-1]
            gap = hunk[0] - last[1]
            if gap <= _GAP and _size(last) > gap and _size(hunk) > gap:
                out[-1] = (last[0], hunk[1], last[2], hunk[3])
                continue
        out.append(hunk)
    return out


def diff_versions(
    old: ParsedCable | None, new: ParsedCable | None, *, old_text: tuple[str, str], new_text: tuple[str, str]
) -> list[Change]:
    """The changes from one version to the next. ``old_text`` and ``new_text`` are (header, body) as stored; the
    parsed cables (None when a text could not be parsed) tell where each part starts."""
    a = _layout(old, *old_text)
    b = _layout(new, *new_text)
    changes: list[Change] = []
    for src_start, src_end, dest_start, dest_end in _hunks(a.words, b.words):
        removed = _groups(a, src_start, src_end)
        added = _groups(b, dest_start, dest_end)
        kind = _kind(a.words[src_start:src_end], b.words[dest_start:dest_end])
        if not removed:
            # Words added where there were none: a change in each part of the new text they fall in.
            for (part, number), words in added:
                changes.append(Change(part, number, kind, "", " ".join(words)))
            continue
        # One change per part of the old text; the new words go with the first (a mask that replaced several
        # paragraphs is their redaction).
        added_text = " ".join(b.words[dest_start:dest_end])
        for k, ((part, number), words) in enumerate(removed):
            changes.append(Change(part, number, kind, " ".join(words), added_text if k == 0 else ""))
    return changes
