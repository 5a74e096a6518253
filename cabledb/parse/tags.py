"""TAGS: codes in cable order, with their kind; typos and merged codes repaired, SIPDIS and duplicates dropped.

``TAGS: PGOV PINR PREL IR AJ`` → PGOV, PINR, PREL (subject), IR, AJ (geo). Person tags are written
``CLINTON HILLARY`` or ``(CLINTON, HILLARY)`` and become ``CLINTON, HILLARY``.
"""

from __future__ import annotations

from collections.abc import Callable

from cabledb.parse import patterns as P
from cabledb.parse.data import tag_glossary
from cabledb.parse.ids import station_from_words
from cabledb.parse.model import Tag
from cabledb.parse.notes import Notes

#: English words that appear as free-text "tags" and are neither codes nor names (05SANAA1352:
#: ``KMCA KMPI DOMESTIC POLITICS``; the dev corpus' tag cloud: ``TERRORISM``, ``ELECTIONS``, ``EXTERNAL``; ``COUNTRY
#: CLEARANCE``, 06KUWAIT3201).
FREE_WORDS = frozenset(
    """
    AFFAIRS AID AND ARMS ASSISTANCE BORDER BILATERAL COUNTER COUNTERTERRORISM CRIME DEFENSE DEMOCRACY
    DISENGAGEMENT DOMESTIC ECONOMIC ECONOMY ELECTION ELECTIONS ENERGY EXTERNAL FOREIGN FREEDOM
    GOVERNMENT HUMAN INTERNAL INTERNATIONAL ISSUES JUSTICE MEDIA MILITARY NARCOTICS NATIONAL NUCLEAR OF
    OIL PARTIES POLICY POLITICAL POLITICS PRESS RELATIONS REFORM RELIGION RIGHTS SECURITY SOCIAL
    TERRORISM THE TRADE VISIT WAR ITALIAN IRAQI COUNTRY CLEARANCE TRAVEL REPORT
    """.split()
)


def _kind(code: str) -> str | None:
    entry = tag_glossary().get(code)
    return entry.kind if entry else None


def _split_merged(token: str) -> list[str] | None:
    """``MASSMNUC`` → MASS, MNUC; ``KDEMAF`` → KDEM, AF; ``ETRDEINVTINTCS`` → ETRD, EINV, TINT, CS: a token
    that is known codes run together. At least one part must be a four-letter code: splitting ``RIGHTS`` into
    the country codes RI, GH and TS would invent tags."""
    parts = _split_codes(token)
    if parts and any(len(p) >= 4 for p in parts):
        return parts
    return None


def _split_codes(token: str) -> list[str] | None:
    n = len(token)
    if n < 4 or n > 20:
        return None
    for first in (4, 2, 5, 3):
        if first >= n:
            continue
        head, tail = token[:first], token[first:]
        if _kind(head) is None:
            continue
        if _kind(tail) is not None:
            return [head, tail]
        rest = _split_codes(tail)
        if rest:
            return [head, *rest]
    return None


def is_tag_continuation(line: str) -> bool:
    """Whether a line after the TAGS line continues it (06NEWDELHI5470: ``LE, IS``), rather than being the
    subject with its keyword missing (06LIMA1452: ``RUN-OFF, SEEKS EMBASSY'S ASSISTANCE``). Codes the glossary
    lacks count when the line is a comma-separated list of code-shaped words with at least one known code
    (09SANJOSE23: ``KFLO, CS``)."""
    tokens = [t.strip(".,;()").upper() for t in line.replace(",", " ").split()]
    tokens = [t for t in tokens if t and t not in P.TAG_STOPWORDS]
    if not tokens or len(tokens) > 20:
        return False
    known = shaped = 0
    for t in tokens:
        if _kind(P.TAG_TYPOS.get(t, t).split()[0]) is not None or _split_merged(t):
            known += 1
        elif _looks_like_code(t):
            shaped += 1
    if known == len(tokens) or (known * 2 > len(tokens) and "(" in line):
        return True
    return known >= 1 and known + shaped == len(tokens) and "," in line


def parse_tags(value: str, notes: Notes) -> list[Tag]:
    """Parse the value of a TAGS line (without its keyword)."""
    value = P.SIPDIS.sub(" ", value.replace("\n", " "))
    out: list[Tag] = []
    seen: set[str] = set()

    def add(code: str, kind: str) -> None:
        if code in seen or code in P.TAG_STOPWORDS:
            return
        seen.add(code)
        out.append(Tag(code, kind))

    # Parenthesised person tags first, in their place: "(CLINTON, HILLARY)".
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for m in P.TAG_PAREN_GROUP.finditer(value):
        pieces.append((value[pos : m.start()], False))
        pieces.append((m.group(1), True))
        pos = m.end()
    pieces.append((value[pos:], False))

    for text, in_parens in pieces:
        if in_parens:
            tokens = [t for t in (t.strip(".'-&").upper() for t in P.TAG_TOKEN.findall(text)) if t]
            words = [t for t in tokens if t not in P.TAG_STOPWORDS]
            if len(words) >= 2 and all(_kind(w) is None for w in words):
                add(_person(words), "person")
                continue
        # A comma separates tags: "ZP, ZR" are two codes (08LONDON1688), "CLINTON HILLARY" one person.
        for segment in text.split(",") if not in_parens else [text]:
            _read_segment(segment, add, notes)
    return out


def _read_segment(text: str, add: Callable[[str, str], None], notes: Notes) -> None:
    """The tags of one comma-free part of a TAGS line."""
    tokens = [t for t in (t.strip(".'-&").upper() for t in P.TAG_TOKEN.findall(text)) if t]
    if True:
        pending: list[str] = []  # unknown words that may form a person's name
        for token in tokens:
            for code in P.TAG_TYPOS.get(token, token).split():
                if code != token:
                    notes.add(f"tag {token} read as {P.TAG_TYPOS[token]}")
                kind = _kind(code)
                if kind is None and code not in P.TAG_STOPWORDS:
                    merged = _split_merged(code)
                    if merged:
                        _flush(pending, add)
                        notes.add(f"merged tag {code} read as {' '.join(merged)}")
                        for part in merged:
                            add(part, _kind(part) or "unknown")
                        continue
                    pending.append(code)
                    continue
                _flush(pending, add)
                if kind is not None:
                    add(code, kind)
        _flush(pending, add)


#: Words that link the words of a phrase, never the parts of a name.
_LINKING_WORDS = frozenset({"WITH", "FOR", "ON", "TO", "AT", "BY", "FROM", "OF", "AND", "THE"})
#: The first letters of the subject and program codes (``PGOV``, ``EFIN``, ``KDEM``, ``MARR``, ``SNAR``, ``TSPL``,
#: ``OVIP``, ``ASEC``, ``CASC``, ``INRA``: ``TAGS: CIA INRA INRO PGOV``, 08OSLO406, is no person).
_CODE_FAMILIES = frozenset("ACEIKMOPST")


def _looks_like_code(word: str) -> bool:
    """A word shaped like a tag code the glossary does not hold: two letters (a geographic code), or four letters
    of a code family, or a post section (``POL MIL``, 04BRASILIA2863). Names are longer, or start otherwise (``KIM
    JONG IL`` has a three-letter word)."""
    return word.isalpha() and (
        len(word) == 2 or (len(word) == 4 and word[0] in _CODE_FAMILIES) or word in P.POST_SECTIONS
    )


def _person(words: list[str]) -> str:
    """``["CLINTON", "HILLARY"]`` → ``CLINTON, HILLARY``."""
    return f"{words[0]}, {' '.join(words[1:])}"


def _flush(pending: list[str], add: Callable[[str, str], None]) -> None:
    """Unknown words in a row: two or three alphabetic words that are no English words form a person's
    name (``CLINTON HILLARY``); English words are a gloss run into the line (``PHUM OPRC IT HUMAN RIGHTS``,
    02ROME1196), left out; anything else stays a tag of kind ``unknown``."""
    if not pending:
        return
    names = [w for w in pending if w.isalpha() and len(w) >= 2 and w not in FREE_WORDS]
    if 2 <= len(pending) <= 3 and any(station_from_words(w) for w in pending):
        add(" ".join(pending), "unknown")  # "USEU BRUSSELS" (04BRUSSELS1868): a post, no person
    elif len(pending) >= 3 and any(w in _LINKING_WORDS for w in pending[1:-1]):
        add(" ".join(pending), "unknown")  # "MEETINGS WITH AMBASSADOR" (04BUENOSAIRES3067): a phrase, no person
    elif all(_looks_like_code(w) for w in pending):
        for word in pending:  # "ZP ZR" (08LONDON1688), "KSEC ECIP" (09BRASILIA1383): codes the glossary lacks
            add(word, "unknown")
    elif 2 <= len(pending) <= 3 and len(names) == len(pending):
        add(_person(pending), "person")
    else:
        for word in pending:
            if word not in FREE_WORDS or len(pending) == 1:
                add(word, "unknown")
    pending.clear()


def find_keywordless_tags(text: str) -> str | None:
    """A TAGS line without its keyword: ``EFIN, ECON, EINV, PGOV, CH`` (08BEIJING3662; the README's ``EFIN,``)."""
    for line in text.split("\n")[:30]:
        tokens = line.replace(",", " ").split()
        if len(tokens) >= 2 and is_tag_continuation(line) and any(len(t) == 4 for t in tokens):
            return line
    return None
