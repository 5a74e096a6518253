"""``Classified By:``: the classifier's name and title, and the reasons of the executive order.

``Classified By: Ambassador Anne E. Derse for reasons 1.4 (b) and (d).`` →
name ``Anne E. Derse``, title ``Ambassador``, reasons ``["1.4(b)", "1.4(d)"]``.
"""

from __future__ import annotations

import re

from cabledb.parse import patterns as P
from cabledb.parse.model import ClassifiedBy

#: Words split by the line wrap: ``reaso\nns`` (06PARIS1699), ``A \nND D`` (07BRASILIA2262), ``a nd``.
_WRAP_DAMAGE = re.compile(r"\b(?:A\s+ND|AN\s+D|REAS?O?\s+O?NS?|REA\s+SONS?)\b", re.I)
_REASON_STOP = re.compile(
    r"(?:\.\s+[A-Z][a-z]{2,}|\bE\.?\s?O\.?\s?\d|\bDECL|\bDerived|\n\s*\n|[.;]?\s+\((?:[CSU]|SBU|[CS]/NF)\)\s)"
)
_ZERO_IN_NAME = re.compile(r"(?<=[A-Za-z])0|0(?=[A-Za-z])")


def classby_extent(value: str) -> int:
    """Where the Classified-By statement ends in ``value``: after its reasons, when the text runs on (the
    newlines of 09CAIRO142 are lost: ``... for reason 1.4 (b). (C) The wife of ...``)."""
    m = P.REASON_SECTION.search(value)
    if not m:
        return len(value)
    stop = _REASON_STOP.search(value, m.end())
    return stop.start() + (1 if value[stop.start()] in ".;" else 0) if stop else len(value)


def parse_reasons(text: str) -> list[str]:
    """``1.4 (b) and (d)`` → ``["1.4(b)", "1.4(d)"]``; ``1.5 (B) AND (D)`` → ``["1.5(b)", "1.5(d)"]``."""
    reasons: list[str] = []
    sections = list(P.REASON_SECTION.finditer(text))
    for i, m in enumerate(sections):
        end = sections[i + 1].start() if i + 1 < len(sections) else len(text)
        chunk = text[m.end() : end]
        stop = _REASON_STOP.search(chunk)
        if stop:
            chunk = chunk[: stop.start()]
        chunk = chunk[:80]
        letters = [x.lower() for x in P.REASON_LETTERS.findall(chunk)]
        section = f"1.{m.group(1)}"
        if not letters:
            if section not in reasons:
                reasons.append(section)
            continue
        for letter in letters:
            reason = f"{section}({letter})"
            if reason not in reasons:
                reasons.append(reason)
    return reasons


def _is_title_token(token: str) -> bool:
    """``Ambassador``, ``DCM``; hyphenated titles count when every part does: ``Minister-Counselor``,
    ``Economic-Political``."""
    word = token.lower().strip(",;:()")
    if word in P.TITLE_WORDS:
        return True
    parts = [p for p in re.split(r"[-/]", word) if p]
    return len(parts) > 1 and all(p in P.TITLE_WORDS for p in parts)


def _looks_like_name(part: str) -> bool:
    tokens = part.split()
    return (
        bool(tokens)
        and not all(_is_title_token(t) for t in tokens)
        and all(t[:1].isupper() or t[:1] in "'(" for t in tokens)
    )


def split_title_name(who: str) -> tuple[str | None, str | None]:
    """``Ambassador Anne E. Derse`` → (Ambassador, Anne E. Derse); ``Robin R. Sanders, Ambassador, STATE, EXEC``
    → (Ambassador, Robin R. Sanders); ``HollowayPerry, DCM`` → (DCM, HollowayPerry)."""
    who = " ".join(who.replace(";", ",").split()).strip(" ,.:-")
    if not who:
        return None, None
    if "," in who:
        parts = [p.strip(" .") for p in who.split(",") if p.strip(" .")]
        name_i = next(
            (i for i, p in enumerate(parts) if _looks_like_name(p) and not _is_mostly_title(p)),
            None,
        )
        if name_i is not None:
            # "Robin R. Sanders, Ambassador, STATE, EXEC": the title is the first titled part; office codes follow.
            titles = [p for i, p in enumerate(parts) if i != name_i and _is_mostly_title(p)][:1]
            name_title, name = _split_tokens(parts[name_i])
            title = ", ".join([t for t in [name_title, *titles] if t]) or None
            return title, name
    return _split_tokens(who)


def _is_mostly_title(part: str) -> bool:
    tokens = part.split()
    return bool(tokens) and sum(_is_title_token(t) for t in tokens) * 2 >= len(tokens)


def _split_tokens(text: str) -> tuple[str | None, str | None]:
    tokens = text.split()
    i = 0
    while i < len(tokens) - 1 and _is_title_token(tokens[i]):
        i += 1
    if i:
        return " ".join(tokens[:i]), " ".join(tokens[i:]) or None
    j = len(tokens)
    while j > 1 and _is_title_token(tokens[j - 1]):
        j -= 1
    if j < len(tokens):
        return " ".join(tokens[j:]), " ".join(tokens[:j])
    return None, text or None


def parse_classified_by(value: str, anomalies: list[str]) -> ClassifiedBy:
    """Parse the text after ``Classified By:``."""
    text = " ".join(value.split())
    text = _WRAP_DAMAGE.sub(lambda m: "".join(m.group(0).split()), text)
    reasons = parse_reasons(text)
    m = P.CLASSBY_SPLIT.search(text)
    who = text[: m.start()] if m else text
    if not m:
        r = P.REASON_SECTION.search(who)
        if r:
            who = who[: r.start()]
    who = who.strip(" ,.;:")
    if _ZERO_IN_NAME.search(who):
        fixed = _ZERO_IN_NAME.sub("O", who)
        anomalies.append(f"classifier {who!r} has a zero for an O; read as {fixed!r}")
        who = fixed
    title, name = split_title_name(who)
    if name and re.search(r"\s(?:and|AND|&)\s", name):
        anomalies.append(f"two classifiers in {name!r}; kept both as the name")
    return ClassifiedBy(name=name, title=title, reasons=reasons, text=text)
