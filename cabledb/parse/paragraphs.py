"""Paragraphs, their portion marks and headings.

Paragraph numbers must follow their sequence, so that a numbered list inside a paragraph (``1. ... 2. ...``)
is not taken for new paragraphs. A ``¶`` before the number always starts a paragraph. Page markers
(``BAKU 00001515 001.2 OF 002``) are removed and the paragraph they split is joined again.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from cabledb.parse import patterns as P
from cabledb.parse.ids import marker_start
from cabledb.parse.model import Paragraph
from cabledb.parse.notes import Notes
from cabledb.parse.signature import take_signature

_MAX_HEADING = 120
#: No cable has more numbered lines than this; beyond it, the text is damage or an attack on the parser.
_MAX_CANDIDATES = 3000
_PARA_FIRST = frozenset("¶0123456789")
#: Lines longer than this may hold paragraphs run together.
_RUN_ON_LINE = 150


def normalize_mark(mark: str | None) -> str | None:
    """``S / NF`` → ``S/NF``; ``C NF`` → ``C/NF``; ``C - ENTIRE TEXT`` → ``C``; ``s//rel to usa, yem`` →
    ``S//REL TO USA, YEM``."""
    if not mark:
        return None
    if mark.isalpha():
        return mark.upper()
    mark = mark.split(" -")[0].split("--")[0]
    mark = P.SLASH_SPACES.sub(r"\1", " ".join(mark.split())).upper().strip(" -")
    if P.TWO_CODES.match(mark):
        mark = mark.replace(" ", "/")
    return mark or None


def first_paragraph_offset(text: str) -> int | None:
    """Offset of the line that starts the first numbered paragraph (``¶1.``/``1.``), or None."""
    for c in P.LINE_WITH_NUMBER.finditer("\n" + text):
        pos = c.start()  # the offset in text: the "\n" prepended makes up for the newline matched
        pm = P.PARAGRAPH_START.match(text, pos)
        if pm and pm.group("number"):
            n = int(pm.group("number"))
            starts = n == 1 or (pm.group("pilcrow") and n <= 3) or (n in (11, 2, 3) and _has_mark(pm))
            if starts and (_has_mark(pm) or not P.DOTS_ONLY.match(text, pm.end())):
                return pos
    return None


def _has_mark(pm: re.Match[str]) -> bool:
    return bool(pm.group("mark") or pm.group("mark2"))


def _is_marker(line: str) -> bool:
    """A page marker, a repeated section banner, a stray SIPDIS line, or the classification alone on a line (the
    page header of the old print format, 90CAPETOWN97)."""
    if P.PAGE_MARKER.match(line) or P.SECTION_BANNER_LINE.match(line) or P.CLASSIFICATION_LINE.fullmatch(line):
        return True
    if P.DISTRIBUTION_LINE.fullmatch(line):
        return True
    return bool(P.SIPDIS.fullmatch(line))


_INLINE_NEEDLES = ("OF 0", "of 0", "PAGE ")
#: What a line that is dropped holds: a page marker or a section banner (`` OF 0``, ``SECTION 10 OF 12``), a page
#: header (``PAGE``), SIPDIS, a distribution line (``-00``), or (found by
#: :data:`~cabledb.parse.patterns.CLASSIFICATION_AT_LINE_START`) a classification alone on its line.
_MARKER_NEEDLES = (
    " OF 0",
    " OF 1",
    " of 0",
    "PAGE",
    "IPDIS",
    "I P D",
    "-00",
    "-01 ",
)
#: The needles searched for over the whole text, once: each of the others above holds one of them (`` OF 0``
#: holds ``OF 0``, ``PAGE `` holds ``PAGE``), and is tested on the few lines these find.
_SCANNED_NEEDLES = ("OF 0", "of 0", "PAGE", " OF 1", "IPDIS", "I P D", "-00", "-01 ")
#: The needle of each text that :data:`~cabledb.parse.patterns.MARKER_NEEDLE_SCANS` match (``OF 1`` only after a
#: space, ``f 0`` only after an ``o``).
_NEEDLE_OF_MATCH = {"OF 0": "OF 0", "OF 1": " OF 1", "f 0": "of 0"} | {n: n for n in _SCANNED_NEEDLES[2:]}


def _match_lines(text: str, pattern: re.Pattern[str]) -> Iterator[tuple[int, re.Match[str]]]:
    """Each match of ``pattern`` in ``text``, with the index of the line it begins in: the newlines are counted on
    from the match before (linear), rather than a Python loop over every line (the matches are few)."""
    line, counted = 0, 0
    for m in pattern.finditer(text):
        pos = m.start()
        line += text.count("\n", counted, pos)
        counted = pos
        yield line, m


def _needle_lines(joined: str) -> dict[str, set[int]]:
    """The indexes of the lines of ``joined`` that hold each of :data:`_SCANNED_NEEDLES`."""
    hits: dict[str, set[int]] = {needle: set() for needle in _SCANNED_NEEDLES}
    for pattern in P.MARKER_NEEDLE_SCANS:
        for line, m in _match_lines(joined, pattern):
            hits[_NEEDLE_OF_MATCH[m.group()]].add(line)
    return hits


def _has_needle(line: str, needles: tuple[str, ...]) -> bool:
    return any(needle in line for needle in needles)


def _starts_classified(line: str) -> bool:
    """The test of :data:`~cabledb.parse.patterns.CLASSIFICATION_AT_LINE_START` on one line (not the first)."""
    return P.CLASSIFICATION_AT_LINE_START.match("\n" + line) is not None


def clean_lines(text: str) -> str:
    """Strip every line (so that a blank line is exactly ``\n\n``); drop page markers, repeated section
    banners and stray SIPDIS lines, and the blank lines around them when they split a sentence (07BAKU1515:
    ``issues such a`` / marker / ``statement, it means``). Markers inside a text line are cut out of it;
    paragraphs run into one line are split again. This runs on every cable: the lines worth a regular expression
    are found by a few scans of the whole text (:data:`~cabledb.parse.patterns.MARKER_NEEDLE_SCANS`), each needle
    once, and only those lines are looked at."""
    lines = list(map(str.strip, text.split("\n")))
    _split_lines(text, lines)
    joined = "\n".join(lines)
    hits = _needle_lines(joined)
    # The pattern begins with the newline before the line.
    classified = {line + 1 for line, _ in _match_lines(joined, P.CLASSIFICATION_AT_LINE_START)}
    # The needles themselves: "of 0" alone (in "1of 02") is no marker, and no reason to look further.
    exact = {needle: hits[needle] for needle in _SCANNED_NEEDLES[2:]}
    exact[" OF 0"] = {i for i in hits["OF 0"] if " OF 0" in lines[i]}
    exact[" of 0"] = {i for i in hits["of 0"] if " of 0" in lines[i]}
    if not classified and not hits["OF 0"] and not any(exact[needle] for needle in _MARKER_NEEDLES):
        return joined
    inline = hits["OF 0"] | hits["of 0"] | {i for i in hits["PAGE"] if "PAGE " in lines[i]}
    changed: set[int] = set()
    for i in sorted(inline):
        page_header = lines[i].startswith("PAGE") and P.PAGE_HEADER_PREFIX.match(lines[i]) is not None
        fixed = _strip_inline_marker(lines[i])
        if fixed != lines[i]:
            lines[i] = fixed
            changed.add(i)
        if page_header and i and lines[i - 1]:
            # The page's classification run into the end of the line before its header: "... A MATTER OF TIME.
            # CONFIDENTIAL" / "PAGE 04 HARARE 05461 02 OF 02 271459Z THEY ARE ..." (00HARARE5461).
            cut = P.TRAILING_CLASSIFICATION.sub("", lines[i - 1])
            if cut != lines[i - 1]:
                lines[i - 1] = cut
                changed.add(i - 1)
    # The lines that hold a marker's needle: as found, but a line cut above is tested again as it is now.
    marked = set(classified).union(*(exact[needle] for needle in _MARKER_NEEDLES))
    marked -= changed
    marked |= {i for i in changed if _has_needle(lines[i], _MARKER_NEEDLES) or (i and _starts_classified(lines[i]))}
    drop = sorted(
        i
        for i in marked
        if (len(lines[i]) < 90 and _is_marker(lines[i])) or P.DISTRIBUTION_LINE.fullmatch(lines[i][:400])
    )
    if not drop:
        return "\n".join(lines) if changed else joined
    return "\n".join(_without_lines(lines, drop))


def _without_lines(lines: list[str], drop: list[int]) -> list[str]:
    """The lines without those dropped (in order), and without the blank lines around each where it split a
    sentence; a blank line stays where the text before it ends one. A slice a run, not a loop a line."""
    out: list[str] = []
    skip_blank = False
    prev = 0
    for i in [*drop, len(lines)]:
        k = prev
        if skip_blank:
            while k < i and not lines[k]:
                k += 1
        out += lines[k:i]
        if i == len(lines):
            break
        while out and not out[-1]:
            out.pop()
        ends_sentence = bool(out) and out[-1][-1:] in '.:!?"'
        if ends_sentence:
            out.append("")
        skip_blank = not ends_sentence
        prev = i + 1
    return out


def _split_lines(text: str, lines: list[str]) -> None:
    """Split again, in place, the lines of ``text`` (``lines``, stripped) that hold paragraphs run together, and
    those that start with a heading run into its paragraph. Only lines with ``. (``, ``.(`` or ``.  (`` can:
    found by one scan of the text (stripping a line keeps them, since they neither start nor end with a space)."""
    candidates = sorted({line for line, _ in _match_lines(text, P.PERIOD_PAREN)})
    if not candidates:
        return
    split = False
    if len(text) > _RUN_ON_LINE:
        for i in reversed(candidates):
            if len(lines[i]) > _RUN_ON_LINE:
                pieces = _split_run_on(lines[i])
                if len(pieces) > 1:
                    lines[i : i + 1] = pieces
                    split = True
    if ". (" in text or ".  (" in text:
        if split:
            heads = [i for i, ln in enumerate(lines) if ". (" in ln[:70] or ".  (" in ln[:70]]
        else:
            heads = [i for i in candidates if ". (" in lines[i][:70] or ".  (" in lines[i][:70]]
        for i in reversed([i for i in heads if lines[i][:1].isupper() and lines[i][:1] != "¶"]):
            pieces = _split_heading_line(lines[i])
            if len(pieces) > 1:
                lines[i : i + 1] = pieces


def _split_heading_line(line: str) -> list[str]:
    """``HAITI 5. (SBU) Affirming ...`` (05BRASILIA715): a heading run into the line of the paragraph it heads."""
    m = P.HEADING_THEN_PARAGRAPH.match(line)
    return [m.group(1), line[m.start(2) :]] if m else [line]


def _split_run_on(line: str) -> list[str]:
    """A body whose newlines were lost runs its paragraphs together (32 pages, e.g. 00TASHKENT4223): break the
    line before each numbered, marked paragraph start (``... end. 2. (C) Next ...``). A start at the beginning of
    the line does not count: most long lines are one unwrapped paragraph."""
    if (". (" not in line and ".(" not in line and ".  (" not in line) or not P.RUN_ON_HINT_PAREN.search(line, 10):
        return [line]
    if not P.RUN_ON_HINT.search(line, 8):
        return [line]
    cuts = [m.start(1) for m in P.RUN_ON_PARAGRAPH.finditer(line)]
    if not cuts:
        return [line]
    bounds = [0, *cuts, len(line)]
    pieces: list[str] = []
    for a, b in itertools.pairwise(bounds):
        pieces += [line[a:b].strip(), ""]  # paragraphs that ran together: a blank line between them, as written
    return pieces[:-1]


def _strip_inline_marker(line: str) -> str:
    """``... offers MOSCOW 00003335 002 OF 004 Medvede...`` → ``... offers Medvede...``; ``PAGE 04 HARARE 05461 01
    OF 02 271458Z ENOUGH, BUT`` → ``ENOUGH, BUT``. A line that is only a marker is left for the marker test."""
    if P.PAGE_MARKER.match(line):
        return line
    m = P.PAGE_HEADER_PREFIX.match(line)
    if m:
        return line[m.end() :]
    if len(line) < 40 or not P.PAGE_MARKER_DIGITS.search(line):
        return line
    return P.PAGE_MARKER_INLINE.sub(lambda m: m.string[m.start() : marker_start(m)], line)


def _is_rule(line: str) -> bool:
    return len(line) >= 3 and line[:1] in "-_=*" and not line.strip("-_=* \t")


def _is_bullet(line: str) -> bool:
    c = line[:1]
    if c in "-*•(":
        return bool(P.INNER_BULLET.match(line))
    return (line[1:2] in ".)" or line[2:3] == ")") and bool(P.INNER_BULLET.match(line))


def _heading_text(lines: list[str]) -> str | None:
    """The heading in a block of 1-3 short lines (``Comment``, ``------ Comment: ------``), or None."""
    if len(lines) > 5:
        return None
    words = [w.strip("-_=* \t") for w in lines if not _is_rule(w)]
    words = [w for w in words if w]
    if not words or len(words) > 3:
        return None
    text = P.HEADING_MARK.sub("", " ".join(words))  # "(U) Summary" (10STATE17263)
    ruled = len(words) < len(lines)
    if len(text) > _MAX_HEADING or not text[:1].isalnum() or text[:1].islower() or text.count(" ") > 13:
        return None
    if text[-1] in ".,;" and not ruled:
        return None
    if (_is_bullet(text) or P.SIPDIS.fullmatch(text)) and not (
        P.SUMMARY_HEADING.match(text) or P.COMMENT_HEADING.match(text)
    ):
        return None
    return text.rstrip(":").strip()


def _ruled_tail(body: str) -> tuple[str, str | None]:
    """A heading between rules run into the end of a paragraph, with no blank line before it (06VATICAN83:
    ``... the final text`` / ``-----------`` / ``Summary`` / ``-----------``)."""
    lines = body.rsplit("\n", 4)
    if len(lines) < 3 or not _is_rule(lines[-1]):
        return body, None
    for size in (3, 2):  # rule, heading, rule; or heading, rule
        tail = lines[-size:]
        if len(lines) <= size or (size == 3 and not _is_rule(tail[0])):
            continue
        heading = _heading_text(tail)
        if heading is not None and not _is_rule(lines[-size - 1]):
            return "\n".join(lines[:-size]), heading
    return body, None


def _inline_ruled_heading(line: str) -> tuple[int, str] | None:
    """``... in Cairo. ------ ------ Pressure Needed to Ensure Free Elections ------ ------`` (09CAIRO2158, the
    newlines lost): where the heading's rules start in the line, and the heading."""
    inner = line.rstrip("-_= \t")
    if len(line) - len(inner) < 5:
        return None
    cut = max(inner.rfind("-----"), inner.rfind("_____"), inner.rfind("====="))
    if cut < 0 or len(inner) - cut > 130:
        return None
    heading = inner[cut:].lstrip("-_= \t")
    start = len(inner[:cut].rstrip("-_= \t"))
    text = _heading_text([heading]) if heading[:1].isupper() or heading[:1] == "(" else None
    return (start, text) if text is not None and start > 0 else None


def split_heading(chunk: str, *, numbered: bool) -> tuple[str, str | None]:
    """Take a heading off the end of a paragraph's text: its last block, after a blank line, if it looks like
    one; rule lines (``--------``) around it may sit in blocks of their own. Returns (text, heading)."""
    body = chunk.rstrip("\n")
    if not body or body[-1] in ".,;":
        return body, None  # most paragraphs end with a sentence: no heading after them
    if body[-1] in "-_=*":
        if "\n\n" not in body[-300:]:
            rest, heading = _ruled_tail(body)
            if heading is not None:
                return rest, heading
        last_line = body.rsplit("\n", 1)[-1]
        inline = _inline_ruled_heading(last_line) if len(last_line) > 40 else None
        if inline is not None:
            return body[: len(body) - len(last_line) + inline[0]].rstrip(), inline[1]
        ruled = P.SECTION_HEADING_RUN_IN.search(last_line)
        if ruled is not None:  # "... forthright. Comment -------" (09MANAMA542)
            return body[: len(body) - len(last_line) + ruled.start()].rstrip(), ruled.group(1)
    head, _, last_line = body.rpartition("\n")
    last_line = last_line.strip()
    # "... He commente[d]" / "COMMENT" / "¶8. ..." (07HAMBURG73), "Comment -------" (10MOSCOW318): a summary or
    # comment heading run into the end of the paragraph before it; not "END" / "SUMMARY" (an end marker).
    run_in = head and len(last_line) < 40 and last_line[:1] in "SCsPE" and P.SECTION_HEADING_LINE.match(last_line)
    if run_in and head.rstrip().rsplit(None, 1)[-1:] not in (["END"], ["End"], ["end"]):
        return head.rstrip(), _heading_text([last_line])
    blocks = body.rsplit("\n\n", 3)
    tail: list[str] = []
    k = len(blocks)
    has_words = False
    while k > 1:
        block = blocks[k - 1].strip("\n")
        lines = block.split("\n") if block else []
        rule_only = bool(lines) and all(_is_rule(x) for x in lines)
        if lines and not rule_only:
            if has_words:
                break
            has_words = True
        tail[:0] = lines
        k -= 1
        if has_words and not _is_rule(blocks[k - 1].rstrip("\n").rsplit("\n", 1)[-1]):
            break
    if not has_words:
        return body, None
    heading = _heading_text(tail)
    if heading is None:
        return body, None
    rest = "\n\n".join(blocks[:k])
    if rest.rstrip().endswith(("END", "End", "end")):
        return body, None  # "END" / blank line / "COMMENT.)": an end marker cut by double spacing (06BUENOSAIRES625)
    if not rest.strip() and numbered:
        return body, None  # the paragraph's own text, not a heading after it
    return rest, heading


def join_text(text: str) -> str:
    """Join wrapped lines into running text; blank lines stay paragraph breaks, bullets and rules keep their
    lines, and a word split at a hyphen (``JURIS-`` / ``DICTION``) is joined without a space."""
    out: list[str] = []
    for block in text.split("\n\n"):
        block = block.strip("\n")
        if not block:
            continue
        if "\n" not in block:
            out.append(block)
        elif block.find("-\n") < 0 and not P.SPECIAL_LINE.search(block):
            out.append(block.replace("\n", " "))  # the common case, at C speed
        else:
            out.append(_join_block(block.split("\n")))
    return "\n\n".join(out)


#: The ends of abbreviations a compound word is split after at its hyphen: ``U.S.-`` / ``affiliated``.
_ABBREVIATED = frozenset(f"{c}." for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _join_block(block: list[str]) -> str:
    buf = block[0]
    prev_rule = _is_rule(buf)
    for s in block[1:]:
        rule = _is_rule(s)
        if rule or prev_rule or _is_bullet(s) or (s[:1] in "CSE" and P.LABEL_LINE.match(s)):
            buf += "\n" + s
        elif buf[-1:] == "-" and len(buf) > 2 and s[:1].isalpha() and (buf[-2].isalpha() or buf[-3:-1] in _ABBREVIATED):
            buf += s  # "JURIS-" / "DICTION"; "U.S.-" / "affiliated" (08SANJOSE902)
        else:
            buf += " " + s
        prev_rule = rule
    return buf


def _step(prev: int, n: int, strong: bool, repeatable: bool) -> tuple[bool, float, str | None]:
    """May paragraph ``n`` follow paragraph ``prev``? Returns (allowed, penalty, note). A ``strong`` line (a ``¶``
    anchor and a portion mark) may also restart at 1 after a short run (09BEIJING2963 numbers its record of a
    meeting anew after two paragraphs of particulars; a page that repeats a whole cable does not restart), or
    follow a longer gap (04NASSAU1515: 3, then 7); a line with an anchor or a mark may repeat the number before it
    (06BEIRUT2826 has two ¶2)."""
    if n == prev + 1:
        return True, 0.0, None
    if str(n) == "1" + str(prev + 1):
        return True, 0.5, f"paragraph number {n} read as {prev + 1} (a ¶ rendered as 1)"
    if prev + 1 < n <= prev + (5 if strong else 3):
        return True, 1.5 * (n - prev - 1), f"paragraph {prev + 1} is missing (found {n} after {prev})"
    if repeatable and n == prev:
        return True, 1.5, f"paragraph number {n} is used twice"
    if strong and n == 1 and 2 <= prev <= 3:
        return True, 3.0, f"the paragraph numbers start again at 1 after {prev}"
    return False, 0.0, None


def choose_paragraphs(candidates: list[re.Match[str]]) -> list[tuple[re.Match[str], int, str | None]]:
    """Pick the paragraph starts among the numbered lines: the best chain 1, 2, 3, ... in text order.

    A numbered list inside a paragraph, or a quoted document with numbered paragraphs of its own
    (05SANJOSE2249 quotes a note numbered 1-8 inside its paragraph 1), must not break the cable's own
    numbering. The chain starts at the first line that can start it (``1.``, ``11.`` for ``¶1.``, or a marked
    number up to 3). When that first paragraph carries a portion mark, the cable marks its paragraphs, so
    unmarked lines score little; skipped numbers cost a penalty. Returns (match, number, note) in order."""
    n = len(candidates)
    nums = [int(pm.group("number")) for pm in candidates]
    if nums == list(range(1, n + 1)):
        return [(pm, i + 1, None) for i, pm in enumerate(candidates)]  # the common case: 1, 2, 3, ...
    first = next((i for i, pm in enumerate(candidates) if _can_start(pm)), None)
    if first is None:
        # A later section of a cable sent in sections starts at its own number ("¶6. (S/NF)" in SECTION 02 OF 03,
        # 09TRIPOLI583; "6.(S/NF)" without the anchor on another build's page): when nothing else can start the
        # chain, a marked number may, if it has an anchor or the next number follows it, marked too.
        first = next((i for i, pm in enumerate(candidates) if _has_mark(pm) and _continues(candidates, i)), None)
    if first is None:
        return []
    marked_chain = _has_mark(candidates[first])
    weight = [
        (2.0 if _has_mark(pm) else (0.3 if marked_chain else 1.0)) + (0.25 if pm.group("pilcrow") else 0.0)
        for pm in candidates
    ]
    minus_inf = float("-inf")
    best = [minus_inf] * n
    prev: list[int | None] = [None] * n
    number = [0] * n
    notes: list[str | None] = [None] * n
    start_num = nums[first]
    best[first] = weight[first]
    number[first] = 1 if start_num == 11 else start_num
    if start_num == 11:
        notes[first] = "paragraph number 11 read as 1 (a ¶ rendered as 1)"
    elif start_num != 1:
        notes[first] = f"the first paragraph is numbered {start_num}"
    # The best chain so far ending in each paragraph number: a line can only follow numbers just below its own,
    # so this stays linear however many numbered lines a text has.
    by_number: dict[int, int] = {number[first]: first}
    leader = first  # the best chain so far, whatever its last number (a restart at 1 may follow it)
    for i in range(first + 1, n):
        strong = bool(candidates[i].group("pilcrow")) and _has_mark(candidates[i])
        # A number used twice needs a ¶ anchor or a mark (10ISLAMABAD399: "¶2. (C)" and then "2.(C)").
        repeatable = bool(candidates[i].group("pilcrow")) or _has_mark(candidates[i])
        options = [nums[i] - 1, nums[i] - 2, nums[i] - 3]
        if strong:
            options += [nums[i] - 4, nums[i] - 5]
        if repeatable:
            options.append(nums[i])
        text = str(nums[i])
        if len(text) > 1 and text[0] == "1":
            options.append(int(text[1:]) - 1)  # "12." for "¶2." follows paragraph 1
        sources = [by_number.get(p) for p in options]
        if strong and nums[i] == 1:
            sources.append(leader)
        for j in sources:
            if j is None or j >= i:
                continue
            prev_num = number[j]
            if nums[i] == prev_num + 1:
                penalty, note = 0.0, None
            else:
                ok, penalty, note = _step(prev_num, nums[i], strong, repeatable)
                if not ok:
                    continue
            score = best[j] + weight[i] - penalty
            if score > best[i]:
                best[i] = score
                prev[i] = j
                number[i] = prev_num + 1 if note and "rendered" in note else nums[i]
                notes[i] = note
        if best[i] > minus_inf:
            holder = by_number.get(number[i])
            if holder is None or best[i] > best[holder]:
                by_number[number[i]] = i
            if best[i] > best[leader]:
                leader = i
    end = max(range(n), key=lambda idx: (best[idx], -idx))
    chain: list[tuple[re.Match[str], int, str | None]] = []
    cursor: int | None = end
    while cursor is not None:
        chain.append((candidates[cursor], number[cursor], notes[cursor]))
        cursor = prev[cursor]
    chain.reverse()
    return chain


def _continues(candidates: list[re.Match[str]], i: int) -> bool:
    """Whether the numbered line ``i`` has a ¶ anchor, or one of the next few lines carries the next number and a
    mark: a run of marked paragraphs, not a stray number."""
    if candidates[i].group("pilcrow"):
        return True
    following = int(candidates[i].group("number")) + 1
    return any(int(pm.group("number")) == following and _has_mark(pm) for pm in candidates[i + 1 : i + 4])


def _can_start(pm: re.Match[str]) -> bool:
    n = int(pm.group("number"))
    return n == 1 or ((_has_mark(pm) or bool(pm.group("pilcrow"))) and (n == 11 or n <= 3))


def parse_paragraphs(text: str, notes: Notes) -> tuple[list[Paragraph], list[str]]:
    """Split the text after the preamble into paragraphs. Returns them and the signature.

    Works on the whole text with string methods: the paragraph starts are found first, then each paragraph's
    text is cut out, its heading taken off its end, and its lines joined."""
    text = clean_lines(text)
    starts: list[tuple[int, int, int, str | None]] = []  # (line start, text start, number, mark)
    candidates = []
    for c in P.LINE_WITH_NUMBER.finditer("\n" + text):
        pm = P.PARAGRAPH_START.match(text, c.start())
        if pm and pm.group("number") and (_has_mark(pm) or not P.DOTS_ONLY.match(text, pm.end())):
            candidates.append(pm)
            if len(candidates) >= _MAX_CANDIDATES:
                notes.add(f"more than {_MAX_CANDIDATES} numbered lines; read the first ones only")
                break
    # "1) In October 2002" numbers the paragraphs of a few cables (05BRASILIA229); where "1." is used, "1)"
    # is a list inside a paragraph.
    if any(pm.group("delim") == "." for pm in candidates):
        candidates = [pm for pm in candidates if pm.group("delim") != ")"]  # "18 (C)", no full stop, stays
    chosen = choose_paragraphs(candidates)
    for k, (pm, number, note) in enumerate(chosen):
        following = chosen[k + 1][0] if k + 1 < len(chosen) else None
        if following is not None and chosen[k + 1][1] == number and not text[pm.end() : following.start()].strip():
            continue  # "REASON: 1.4(D) 1. (C)" / "¶1. (C) During ...": an empty start before the real one
        if note:
            notes.add(note)
        mark = normalize_mark(pm.group("mark") or pm.group("mark2"))
        starts.append((pm.start(), pm.end(), number, mark))
    chunks: list[tuple[int | None, str | None, str]] = []
    lead_end = starts[0][0] if starts else len(text)
    chunks.append((None, None, text[:lead_end]))
    for i, (_, tstart, number, mark) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        chunks.append((number, mark, text[tstart:end]))

    # The signature ends the last chunk; each chunk's trailing heading belongs to the next paragraph.
    last_number, last_mark, tail = chunks[-1]
    tail, signature = take_signature(tail)
    chunks[-1] = (last_number, last_mark, tail)
    paragraphs: list[Paragraph] = []
    heading: str | None = None
    for i, (para_number, mark, chunk) in enumerate(chunks):
        next_heading = None
        if i + 1 < len(chunks):
            chunk, next_heading = split_heading(chunk, numbered=para_number is not None)
        if para_number is None:
            lead, pending = _unnumbered(chunk, heading)
            paragraphs.extend(lead)
            # A heading that ends the text before the first numbered paragraph ("SUMMARY" / "-------") heads it.
            next_heading = next_heading or pending
        else:
            body = join_text(chunk).strip()
            if "¶" in body:
                body = _stray_pilcrows(body)
            if body[:1] == ":" and mark is not None:
                body = body[1:].lstrip()  # "6.(C/NF): It is worth ..." (09TRIPOLI579): the colon after the mark
            if mark is None:
                again = P.NUMBER_AGAIN.match(body)
                if again and int(again.group(1)) == para_number:
                    body = body[again.end() :]  # "¶1. 1. (SBU) Summary ..." (09STATE69224): the number twice
                mm = P.PARAGRAPH_MARK_ONLY.match(body)
                if mm:
                    mark = normalize_mark(mm.group("mark"))
                    body = body[mm.end() :].lstrip()
                else:
                    # "1. SUMMARY: (C) According to ..." (04THEHAGUE3333): the mark after the label is the paragraph's.
                    lm = P.MARK_AFTER_LABEL.match(body)
                    mark = normalize_mark(lm.group("mark")) if lm else None
            paragraphs.append(Paragraph(para_number, mark, heading, body))
        heading = next_heading
    return _split_unmarked_run_ins(paragraphs), signature


def _split_unmarked_run_ins(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """A paragraph whose next number is missing from the list may hold it, run in after a sentence and unmarked
    where the newlines were lost (05SAOPAULO1076: ``... and more broad-based." 6. Pomar, a ...`` between 5 and 7;
    06SAOPAULO352: ``End Comment. 14. This cable ...`` at the end): it is cut there. Only the missing number counts,
    after a sentence end and before a capital, and never after an abbreviation (``No. 6.``, ``Oct. 6.``)."""
    out: list[Paragraph] = []
    for k, p in enumerate(paragraphs):
        following = paragraphs[k + 1].number if k + 1 < len(paragraphs) else None
        while p.number is not None and following != p.number + 1 and str(p.number + 1) + "." in p.text:
            cut = _run_in_at(p.text, p.number + 1)
            if cut is None:
                break
            head, rest = p.text[: cut[0]].rstrip(), p.text[cut[1] :]
            mm = P.PARAGRAPH_MARK_ONLY.match(rest)
            mark = normalize_mark(mm.group("mark")) if mm else None
            out.append(Paragraph(p.number, p.classification, p.heading, head))
            p = Paragraph(p.number + 1, mark, None, rest[mm.end() :].lstrip() if mm else rest)
        out.append(p)
    return out


def _run_in_at(text: str, number: int) -> tuple[int, int] | None:
    """Where ``number.`` is run into ``text`` after a sentence, as (start of the number, start of its text)."""
    for m in P.UNMARKED_RUN_IN.finditer(text):
        if int(m.group("number")) == number and not P.ABBREVIATION_BEFORE.search(text, 0, m.start()):
            return m.start("number"), m.end()
    return None


def _stray_pilcrows(text: str) -> str:
    """WikiLeaks' ``¶`` anchors inside a paragraph's text (set on a wrapped year or a bullet: ``July 26,
    ¶2009``, ``¶A.``) are markup, not text."""
    return text.replace("\n¶", "\n").replace(" ¶", " ").replace("¶", "")


def _unnumbered(chunk: str, heading: str | None) -> tuple[list[Paragraph], str | None]:
    """Text before the first numbered paragraph (or a body without numbers): one paragraph per block, each
    with its own heading and ``(C)`` mark when it has them. Returns them and a heading left over at the end."""
    out: list[Paragraph] = []
    for block in chunk.split("\n\n"):
        block = block.strip("\n")
        if not block:
            continue
        lines = block.split("\n")
        h = _heading_text(lines) if len(block) < 130 else None
        if h is not None and not lines[0].endswith("."):
            heading = h
            continue
        body = join_text(block)
        mark = None
        mm = P.PARAGRAPH_MARK_ONLY.match(body)
        if mm:
            mark = normalize_mark(mm.group("mark"))
            body = body[mm.end() :].lstrip()
        if body.strip():
            out.append(Paragraph(None, mark, heading, body.strip()))
            heading = None
    return out, heading
