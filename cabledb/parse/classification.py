"""Classification levels and caveats, in every spelling: the metadata's ``SECRET//NOFORN``, the banner's
``C O N F I D E N T I A L``, the caveat lines under the banner (``NOFORN``, ``SIPDIS``)."""

from __future__ import annotations

from cabledb.parse import patterns as P


def normalize_level(words: str) -> str | None:
    """``C O N F I D E N T I A L`` → CONFIDENTIAL; ``UNCLAS`` → UNCLASSIFIED; ``S e c r e t`` → SECRET."""
    key = "".join(words.split()).upper()
    if key.startswith("LIMITEDOFFICIALUSE") or key == "LOU":
        return "LIMITED OFFICIAL USE"
    if key == "TOPSECRET":
        return "TOP SECRET"
    if key.startswith("UNCLAS"):
        return "UNCLASSIFIED"
    return P.CLASSIFICATION_ALIASES.get(key)


def normalize_caveat(words: str) -> str | None:
    """``NOFORM`` → NOFORN; ``E F T O`` → EFTO; ``REL NATO`` stays; unknown words → None."""
    key = " ".join(words.upper().replace("/", " ").split())
    if key.replace(" ", "") == "EFTO":
        return "EFTO"
    if key.startswith("REL "):
        return key
    return P.CAVEAT_ALIASES.get(key)


def split_classification(value: str) -> tuple[str | None, list[str]]:
    """``SECRET//NOFORN`` → (SECRET, [NOFORN]); ``UNCLASSIFIED//FOR OFFICIAL USE ONLY`` → (UNCLASSIFIED,
    [FOR OFFICIAL USE ONLY])."""
    parts = [p.strip() for p in value.upper().split("//")]
    level = normalize_level(parts[0]) if parts and parts[0] else None
    caveats: list[str] = []
    for part in parts[1:]:
        for word in part.split("/") if "/" in part else [part]:
            caveat = normalize_caveat(word) or word.strip()
            if caveat and caveat not in caveats:
                caveats.append(caveat)
    return level, caveats


def caveat_lines(text: str) -> list[str]:
    """Caveat words on lines of their own after the banner: ``SIPDIS``, ``NOFORN``, ``SENSITIVE`` (10KABUL348)."""
    out: list[str] = []
    for line in text.split("\n"):
        word = line.strip().strip(".")
        if not word or len(word) > 40:
            continue
        caveat = normalize_caveat(word)
        if caveat and caveat not in out:
            out.append(caveat)
    return out
