"""``Classified By:``: who classified the cable (name, title, office), under which reasons of the executive order,
and the statement as written.

``Classified By: Acting Deputy Chief of Mission Robert O. Blake, Jr., EAP/CM, for reasons 1.4 (b) and (d).`` →
name ``Robert O. Blake, Jr.``, title ``Acting Deputy Chief of Mission``, office ``EAP/CM``, reasons
``["1.4(b)", "1.4(d)"]``, raw: the whole statement. A statement may name two classifiers (``Ambassador X and
General Y``), and a cable may carry two statements: each classifier is kept, in order.

The person is told from the title by the shape of the words: the title is everything up to the last title word
(``Ambassador``, ``Counselor``, ``DCM``, ``POLOFF``, ``Director``) that is followed by a name, so that titles with
words of their own (``Interagency Provincial Affairs Deputy Director Hoyt Yee``) are read whole; a title after the
name (``Lawrence E. Cohen, Poloff``) is a title too; office symbols (``EAP/CM``, ``ISN``) and offices written
beside the name (``STATE, EXEC``) are the office.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache, lru_cache

from cabledb.parse import patterns as P
from cabledb.parse.data import stations
from cabledb.parse.model import ClassifiedBy
from cabledb.parse.notes import Notes

#: The longest statement kept as raw text.
_MAX_RAW = 400


def classby_extent(value: str) -> int:
    """Where the Classified-By statement ends in ``value``: after its reasons, when the text runs on (the
    newlines of 09CAIRO142 are lost: ``... for reason 1.4 (b). (C) The wife of ...``). Words split by the line
    wrap (``B A`` / ``ND D``) are read whole."""
    fixed = _unwrap(value)
    if fixed == value:
        return _extent(value)
    return _same_prefix(value, fixed[: _extent(fixed)])


def _unwrap(text: str) -> str:
    return P.WRAP_DAMAGE.sub(lambda m: "".join(m.group(0).split()), text) if P.WRAP_HINT.search(text) else text


def _extent(value: str) -> int:
    sections = list(P.REASON_SECTION.finditer(value, 0, 600))
    if not sections:
        return len(value)
    end = sections[0].end()
    for m in sections:
        if m.start() > end + 40:
            break  # a section far from the reasons is text of its own
        tail = P.REASONS_TAIL.match(value, m.end())
        end = max(end, tail.end() if tail else m.end())
    while end > 0 and value[end - 1] in " \t\n,;&/-":
        end -= 1
    if value[end : end + 1] in (".", ")"):
        end += 1
    elif value[end : end + 2] == " ." and value[end + 2 : end + 3] in ("", " ", "\n"):
        end += 2  # "1.4 (b) and (d) ." (10ISLAMABAD399)
    return end


def parse_reasons(text: str) -> list[str]:
    """``1.4 (b) and (d)`` → ``["1.4(b)", "1.4(d)"]``; ``1.5 (B) AND (D)`` → ``["1.5(b)", "1.5(d)"]``;
    ``1.4 (b,d)``, ``1.4 (B/D)``, ``1.4 b and d``, ``1.4(B), (D)`` alike. A section without letters is ``1.4``."""
    reasons: list[str] = []
    sections = list(P.REASON_SECTION.finditer(text))
    if not sections:
        # "for reasons b, d." (07BUENOSAIRES1888): the letters of section 1.4, the section of E.O. 12958.
        m = P.REASONS_WITHOUT_SECTION.search(text)
        if m:
            return [f"1.4({x.lower()})" for x in dict.fromkeys(P.REASON_LETTERS.findall(m.group(1)))]
    for i, m in enumerate(sections):
        end = sections[i + 1].start() if i + 1 < len(sections) else len(text)
        chunk = text[m.end() : end]
        stop = P.REASON_STOP.search(chunk)
        if stop:
            chunk = chunk[: stop.start()]
        tail = P.REASONS_TAIL.match(chunk)
        chunk = chunk[: tail.end()] if tail else ""
        letters = _letters(chunk)
        section = f"1.{m.group(1) or m.group(2)}"
        if not letters:
            if section not in reasons and not any(r.startswith(section + "(") for r in reasons):
                reasons.append(section)
            continue
        for letter in letters:
            reason = f"{section}({letter})"
            if reason not in reasons:
                reasons.append(reason)
    return reasons


def _letters(chunk: str) -> list[str]:
    """The reason letters of a chunk; a range ``(b)-(d)`` (03THEHAGUE2835) is every letter in it."""
    chunk = P.RANGE.sub(lambda m: " ".join(chr(c) for c in range(ord(m[1].lower()), ord(m[2].lower()) + 1)), chunk)
    return [x.lower() for x in P.REASON_LETTERS.findall(chunk)]


# -- words -------------------------------------------------------------------------------------------------------


@cache
def _countries() -> frozenset[str]:
    """Country names, upper case, for ``Ambassador to Turkey``: the stations' countries and a few bodies."""
    names = {
        "HOLY SEE",
        "VATICAN",
        "UNITED NATIONS",
        "UN",
        "NATO",
        "OSCE",
        "EU",
        "EUROPEAN UNION",
        "AFRICAN UNION",
        "IAEA",
        "OAS",
        "ASEAN",
        "UNESCO",
        "FAO",
        "WTO",
        "OECD",
        "UNITED STATES",
        "USA",
    }
    for st in stations().values():
        if st.country:
            name = st.country.upper()
            names.add(name.split(" (")[0])
            if ", " in name:  # "BAHAMAS, THE"
                names.add(name.split(", ")[0])
    return frozenset(names)


@lru_cache(maxsize=8192)  # the same words recur in every statement
def _word(token: str) -> str:
    return token.strip(",;:()").lower()


@lru_cache(maxsize=8192)
def is_title_word(token: str) -> bool:
    """``Ambassador``, ``Amb.``, ``DCM``, ``POLOFF``, ``Minister-Counselor``, ``POL/C`` (a post's section and a
    role), ``D/Ambassador`` (deputy)."""
    word = _word(token)
    if word in P.TITLE_WORDS or word.rstrip(".") in P.TITLE_WORDS or P.ROLE_WORD.match(word):
        return True
    if "/" in word:
        parts = word.split("/")
        if parts[0].upper() in P.POST_SECTIONS and not is_office_token(token):
            return True
        # "D/Ambassador", "A/DCM", "P/E": a deputy or acting holder, or a post's political-economic section.
        return parts[0] in ("d", "a", "dep", "p", "e") and all(p in P.TITLE_WORDS or len(p) <= 2 for p in parts[1:])
    parts = [p for p in word.split("-") if p]
    return len(parts) > 1 and all(p in P.TITLE_WORDS for p in parts)


@lru_cache(maxsize=8192)
def is_office_token(token: str) -> bool:
    """``EAP/CM``, ``NEA/I``, ``ISN``, ``EUR``: a Department office symbol (not ``A/S`` or ``A/DCM``, titles)."""
    word = token.strip(",;:().-")
    if not word or word.lower() in P.TITLE_WORDS:
        return False
    if P.OFFICE_SYMBOL.match(word):
        return word.split("/")[0] in P.BUREAUS and word.split("/")[0] not in P.POST_SECTIONS
    return len(word) >= 2 and word.isupper() and word in P.BUREAUS and word not in ("A", "AMB")


@lru_cache(maxsize=8192)
def _is_name_token(token: str) -> bool:
    word = token.strip(",;:()")
    return bool(word) and (word.lower() in P.NAME_PARTICLES or bool(P.NAME_TOKEN.match(word)))


@lru_cache(maxsize=8192)
def _is_suffix(token: str) -> bool:
    return token.strip(",;:()").upper() in P.NAME_SUFFIXES


def _looks_like_name(tokens: list[str]) -> bool:
    """One to six words of a name, at least one of them more than an initial or a particle."""
    if not tokens or len(tokens) > 6 or not all(_is_name_token(t) or _is_suffix(t) for t in tokens):
        return False
    if any(is_title_word(t) and not _is_suffix(t) for t in tokens) or any("/" in t for t in tokens):
        return False
    strong = [t for t in tokens if len(t.strip(",.")) > 1 and t.lower() not in P.NAME_PARTICLES and not _is_suffix(t)]
    return bool(strong)


def _extend_to_country(tokens: list[str], titled: list[bool]) -> None:
    """``AMBASSADOR TO TURKEY ROSS WILSON``, ``Ambassador to the Holy See``: the country is part of the title."""
    countries = _countries()
    for i in range(1, len(tokens) - 1):
        if _word(tokens[i]) != "to" or not titled[i - 1]:
            continue
        j = i + 1
        if _word(tokens[j]) == "the":
            j += 1
        for k in range(min(len(tokens), j + 4), j, -1):
            if " ".join(t.strip(",;:") for t in tokens[j:k]).upper() in countries:
                for x in range(i, k):
                    titled[x] = True
                break


def _mark_ad_interim(tokens: list[str], titled: list[bool]) -> None:
    """``CHARGE D'AFFAIRES A. I. CAROL URBAN``: ``A. I.`` is a.i. (ad interim), part of the title, not two
    initials."""
    for i in range(1, len(tokens) - 1):
        if titled[i - 1] and tokens[i].lower() == "a." and tokens[i + 1].lower().rstrip(",") in ("i.", "i"):
            titled[i] = titled[i + 1] = True


def _split_segment(tokens: list[str]) -> tuple[list[str], list[str], list[str], list[str]]:
    """One comma-separated part of a statement → (office words, title words, name words, trailing title words)."""
    titled = [is_title_word(t) for t in tokens]
    _extend_to_country(tokens, titled)
    _mark_ad_interim(tokens, titled)
    # Office symbols (EAP/CM) anywhere; a bare bureau code (ISN, EUR) only where the segment starts.
    office = [is_office_token(t) and ("/" in t or i == 0) for i, t in enumerate(tokens)]
    if len(tokens) > 2 and len(tokens[0]) == 1 and tokens[0] in P.BUREAUS and tokens[0] != "A" and titled[1]:
        office[0] = True  # "T U/S Ellen O. Tauscher" (09STATE96550): an under secretary's office, one letter
    # The title ends at the last title (or office) word that a name follows; a modifier that is also a noun ends it
    # after another title word ("Political Deputy Eric Falls").
    for h in range(len(tokens) - 1, -1, -1):
        word = _word(tokens[h])
        ends = word not in P.TITLE_MODIFIERS or (h > 0 and titled[h - 1] and word in P.TITLE_NOUN_MODIFIERS)
        if (titled[h] and ends) or office[h]:
            rest = tokens[h + 1 :]
            if not rest:
                break
            if _looks_like_name(rest):
                head = tokens[: h + 1]
                lead = 0
                while lead < len(head) and office[lead]:
                    lead += 1
                return head[:lead], head[lead:], rest, []
            break
    if _looks_like_name(tokens):
        return [], [], tokens, []
    # A name and then its title: "Janice Fair Economic Officer".
    for k in range(len(tokens) - 1, 0, -1):
        if _looks_like_name(tokens[:k]) and all(titled[k:]) and not titled[k - 1]:
            return [], [], tokens[:k], tokens[k:]
    if all(office) and tokens:
        return tokens, [], [], []
    if tokens and (any(titled) or not any(_is_name_token(t) for t in tokens)):
        lead = 0
        while lead < len(tokens) and office[lead]:
            lead += 1
        return tokens[:lead], tokens[lead:], [], []
    return [], [], [], tokens  # unknown words: kept as a title rather than lost


def _is_office_segment(tokens: list[str]) -> bool:
    """``STATE``, ``EXEC``, ``Embassy Baku``, ``Political Section``, ``POL``, ``EAP/CM``: an office, written alone."""
    if not tokens:
        return False
    words = [t.strip(",;:()").upper() for t in tokens]
    if all(is_office_token(t) for t in tokens):
        return True
    if len(words) == 1 and (words[0] in P.OFFICE_WORDS or words[0] in P.POST_SECTIONS):
        return True
    return words[0] in P.OFFICE_WORDS or words[-1] in ("SECTION", "OFFICE", "BUREAU", "DIVISION")


def _parts(who: str) -> list[tuple[str, int]]:
    """The comma-separated parts of a statement's person, with where each starts."""
    out: list[tuple[str, int]] = []
    pos = 0
    for m in P.SEGMENT_SPLIT.finditer(who):
        out.append((who[pos : m.start()], pos))
        pos = m.end()
    out.append((who[pos:], pos))
    return out


def _clean_tokens(part: str) -> list[str]:
    """The words of one part: redaction masks (``XXXXXXXXXXXX``) dropped, and a name cut by the line wrap
    (``Desroche r``, 09BAGHDAD2744) joined again."""
    out: list[str] = []
    for token in part.split():
        if P.REDACTED.match(token):
            continue
        cut_name = out and len(out[-1]) == 1 and out[-1].isupper() and token[:1].islower() and token.isalpha()
        if cut_name and token not in P.NAME_PARTICLES and token not in P.TITLE_MODIFIERS:
            out[-1] += token  # "J osiah Rosenblatt" (05PARIS676): a first name cut by the line wrap
            continue
        if (
            out
            and P.WRAPPED_TAIL.match(token)
            and P.NAME_TOKEN.match(out[-1])
            and out[-1][-1:].islower()
            and not is_title_word(out[-1])
        ):
            out[-1] += token
            continue
        out.append(token)
    return out


def split_person(who: str) -> tuple[str | None, str | None, str | None]:
    """``Acting DCM John Smith, Jr., EAP/CM`` → (name, title, office) = (``John Smith, Jr.``, ``Acting DCM``,
    ``EAP/CM``). In the Washington layout ``Name, Title, Agency, Office`` (``Robin R. Sanders, Ambassador, STATE,
    EXEC``) everything after the title is the office."""
    who = who.strip(" ,;:-")
    if who.endswith(".") and not _is_suffix(who.split()[-1]) and not P.ENDS_WITH_INITIAL.search(who):
        who = who[:-1].rstrip()
    if not who:
        return None, None, None
    name: str | None = None
    name_done = False  # a part after the name was read: what follows is no part of the name
    title_after_name = False  # "Name, Title, ...": the parts after the title are the office
    titles: list[str] = []
    offices: list[str] = []
    parts = _parts(who)
    for part, start in parts:
        tokens = _clean_tokens(part)
        if not tokens:
            continue
        text = " ".join(tokens).strip(" ,")
        if all(_is_suffix(t) for t in tokens):
            if name is not None and not name_done:
                name = f"{name}, {' '.join(tokens)}"  # "Robert O. Blake, Jr."
            continue
        if title_after_name and titles and P.AD_INTERIM.fullmatch(text):
            titles.append(text)  # "Joan Polaschik, Charge d'Affaires, a.i., US Embassy Tripoli, ..." (09TRIPOLI579)
            continue
        if title_after_name:
            # The rest as written: "U.S. Embassy - Tripoli, U.S. Dept of State" (09TRIPOLI191).
            offices.append(" ".join(who[start:].split()).strip(" ,;.-"))
            break
        if all(is_title_word(t) for t in tokens) and not _looks_like_name(tokens):
            titles.append(text)
            if name is not None:
                name_done = title_after_name = True
            continue
        if _is_office_segment(tokens) and (not _looks_like_name(tokens) or tokens[0].upper() in P.OFFICE_WORDS):
            offices.append(text.rstrip("."))
            if name is not None:
                name_done = True
            continue
        office_words, title_words, name_words, after = _split_segment(tokens)
        if office_words:
            offices.append(" ".join(office_words).strip(" ."))
        if title_words:
            titles.append(" ".join(title_words).strip(" ,;:"))  # "COM: M.E. Parmly" (08HAVANA168)
            if name is not None and not name_words:
                title_after_name = True
        if name_words:
            written = " ".join(name_words).strip(" ,")
            if name is None:
                name = written
            elif not name_done and not title_words and not office_words:
                name = f"{name}, {written}"  # "SMITH, JOHN": surname first
        if after:
            titles.append(" ".join(after).strip(" ,;:"))
            title_after_name = True
        if name is not None and not name_words:
            name_done = True
    distinct = list(dict.fromkeys(titles))  # "Ambassador X, Ambassador, State" (10ASUNCION97): the title once
    if len(distinct) < len(titles) and len({t.lower() for t in titles}) == len(distinct):
        titles = distinct
    return name, ", ".join(titles) or None, ", ".join(offices) or None


def _split_people(who: str) -> list[str]:
    """``Ambassador Ryan C. Crocker and General David H. Petraeus`` → two people; ``Political and Economic
    Counselor John Smith`` → one."""
    parts = P.CLASSBY_AND.split(who)
    if len(parts) == 2 and all(split_person(p)[0] for p in parts):
        left_tokens = parts[0].split()
        # "John and Mary Smith" would be one family name: both sides need two words.
        if len(left_tokens) >= 2 and len(parts[1].split()) >= 2:
            return parts
    return [who]


def _same_prefix(text: str, prefix: str) -> int:
    """The length of the start of ``text`` that holds the characters of ``prefix`` (which differs from it only in
    spaces and newlines)."""
    want = sum(not ch.isspace() for ch in prefix)
    seen = 0
    for i, ch in enumerate(text):
        if seen == want:
            return i
        if not ch.isspace():
            seen += 1
    return len(text)


def parse_statement(statement: str, notes: Notes) -> list[ClassifiedBy]:
    """Parse one statement, keyword included: ``Classified By: Ambassador Anne E. Derse for reasons 1.4 (b) and
    (d).`` → one (sometimes two) :class:`ClassifiedBy`."""
    text = " ".join(statement.split())
    lead = P.CLASSBY_LEAD.match(text)
    value = text[lead.end() :] if lead else text
    keyword = text[: len(text) - len(value)]
    value = value[: classby_extent(value)]
    raw = (keyword + value).strip()[:_MAX_RAW]
    value = _unwrap(value)
    reasons = parse_reasons(value)
    m = P.CLASSBY_SPLIT.search(value)
    who = value[: m.start()] if m else value
    if m and value[m.start() : m.start() + 1] == "." and who.split() and _is_suffix(who.split()[-1] + "."):
        who += "."  # "Clark T. Randt, Jr. Reasons 1.4": the full stop is the suffix's
    if not m:
        r = P.REASON_SECTION.search(who)
        if r:
            who = who[: r.start()]
    who = who.strip(" ,;:-")
    if P.ZERO_IN_NAME.search(who):
        fixed = P.ZERO_IN_NAME.sub("O", who)
        notes.add(f"classifier {who!r} has a zero for an O; read as {fixed!r}")
        who = fixed
    out: list[ClassifiedBy] = []
    for person in _split_people(who):
        name, title, office = split_person(person)
        out.append(ClassifiedBy(name=name, title=title, office=office, reasons=reasons, raw=raw))
    if len(out) > 1:
        notes.add(f"two classifiers in one statement: {who!r}")
    return out


def _is_break_line(line: str) -> bool:
    """A line a page break puts between the parts of a statement: a page header or marker, a repeated banner."""
    s = line.strip()
    return bool(
        P.PAGE_LINE.match(s) or P.PAGE_MARKER.match(s) or P.SECTION_BANNER_LINE.match(s) or P.SIPDIS.fullmatch(s)
    )


def is_reasons_line(line: str) -> bool:
    """An E.O. line that gives a statement's reasons, not a declassification: ``E.O. 12958, 1.4(D)``
    (05SAOPAULO1158), no DECL."""
    return "DECL" not in line.upper() and P.REASON_SECTION.search(line) is not None


def extend_statement(value: str, rest: str) -> tuple[str, str]:
    """A statement whose reasons are further down: after a blank line (``... TUTTLE FOR REASONS`` / blank /
    ``1.4 B, D``, 07LONDON4472), in double-spaced text (``REASONS:`` / blank / ``1.4 (B) AND (D).``, 08BERLIN1690), or
    after a page break (07PARIS170). The reasons' lines join the statement; the page break's lines do not."""
    if P.REASON_SECTION.search(value) or P.REASONS_WITHOUT_SECTION.search(value):
        return value, rest
    taken: list[str] = []
    pos = 0
    for _ in range(12):
        end = rest.find("\n", pos)
        line = rest[pos : end if end >= 0 else len(rest)]
        nxt = end + 1 if end >= 0 else len(rest)
        if not line.strip() or _is_break_line(line):
            pos = nxt
            if end < 0:
                break
            continue
        para = P.PARAGRAPH_START.match(line)
        keyword = P.PREAMBLE_KEYWORDS.match(line.lstrip())
        if keyword and keyword.lastgroup == "eo" and is_reasons_line(line):
            keyword = None  # "REASON:" / blank / "E.O. 12958, 1.4(D)" (05SAOPAULO1158): the reasons, no E.O. line
        if (para and para.group("number")) or keyword or len(taken) >= 3:
            break
        taken.append(line.strip())
        pos = nxt
        if P.REASON_SECTION.search(line):
            return value.rstrip() + " " + " ".join(taken), rest[pos:]
        if end < 0:
            break
    return value, rest


#: Executive Order 12958 (April 1995) brought the reasons of section 1.4; its predecessor, E.O. 12356 (1982), had
#: them in section 1.3, and the cables of the time cite 1.5. A statement citing 1.4 on an older cable is text of a
#: later cable that the page carries by mistake (73TEHRAN2077 holds a 2006 cable after its own).
FIRST_YEAR_OF_SECTION_1_4 = 1995


def fits_the_date(classifier: ClassifiedBy, year: int | None) -> bool:
    """Whether a classifier can belong to a cable of ``year``."""
    return year is None or year >= FIRST_YEAR_OF_SECTION_1_4 or not any(r.startswith("1.4") for r in classifier.reasons)


def find_statements(text: str) -> list[tuple[int, str]]:
    """The Classified-By statements of a body outside its preamble: (offset, statement). A statement starts at a
    line start (after a portion mark) or with its colon, and runs to the blank line after it, or to the end of its
    reasons."""
    out: list[tuple[int, str]] = []
    lowered = text.lower() if "lassif" in text or "LASSIF" in text else ""
    pos = lowered.find("classif")
    last_end = 0
    blank = -1  # the first blank line at or after the last match: found once for every statement before it
    while pos >= 0:
        # Only where the word occurs: the statement pattern is tried from the start of its line.
        line_start = max(lowered.rfind("\n", 0, pos) + 1, last_end)
        m = P.CLASSIFIED_BY_LINE.search(text, line_start, pos + 40)
        pos = lowered.find("classif", pos + 7)
        if m is None:
            continue
        last_end = m.end()
        if pos >= 0 and pos < last_end:
            pos = lowered.find("classif", last_end)
        if blank < m.end():
            blank = text.find("\n\n", m.end())
            blank = len(text) if blank < 0 else blank
        end = blank
        value, _ = extend_statement(text[m.end() : min(end, m.end() + 600)], text[end : end + 600])
        cut = classby_extent(value)
        start = m.start("keyword") if m.group("keyword") else m.start("keyword2")
        out.append((start, text[start : m.end()] + value[:cut]))
    return out


def _cut_short(statement: str, notes: Notes) -> list[ClassifiedBy]:
    """A statement cut short with ``...`` before its reasons, with no whole copy (a teaser page): read without the
    word the cut broke (``COM JONATHAN FARRAR FOR REA...``, 08HAVANA811; ``Senior Watch Officer Shawn C...``,
    08STATE85663), a word that ends before the dots kept (``Political Counselor Annie Pforzheimer, ...``,
    09KABUL3423); the statement as written stays its raw text."""
    text = statement.rstrip()[:-3]
    if text[-1:].isalnum():
        text = text.rsplit(None, 1)[0] if " " in text.strip() else text
    text = P.CUT_STATEMENT_TAIL.sub("", text.rstrip(" ,;:-"))
    found = [replace(c, raw=statement) for c in parse_statement(text, Notes()) if c.name]
    # Without a name told from the title ("DEBORAH SCHNEIDER SENIOR WATCH OFFICE...", 08STATE87260) no classifier.
    notes.add(
        f"a Classified-By statement cut short: {statement[:80]!r}; "
        + ("read up to the cut" if found else "no classifier read from it")
    )
    return found


def read_classifiers(statements: list[str], notes: Notes) -> list[ClassifiedBy]:
    """Every classifier of the statements, in order; a statement repeated (a teaser and its full copy, a
    continuation section) counts once."""
    out: list[ClassifiedBy] = []
    seen: set[str] = set()
    keys = [" ".join(s.lower().split()) for s in statements]
    for statement, key in zip(statements, keys, strict=True):
        if key in seen:
            continue
        seen.add(key)
        if key.endswith("...") and any(k != key and k.startswith(key[:-3].rstrip()) for k in keys):
            continue  # a teaser's statement cut short ("Classified By: POLITICAL M..."), whole further down
        found = parse_statement(statement, notes)
        if key.endswith("...") and not any(c.reasons for c in found):
            found = _cut_short(statement, notes)
        if any(c.name or c.title or c.reasons for c in found):
            out.extend(found)
    if len({c.raw for c in out}) > 1:
        notes.add(f"the cable has {len({c.raw for c in out})} Classified-By statements; kept each classifier")
    return out
