"""The hand-checked gold set (``tests/gold/``): where each cable is, what every field must be, and how a parse is
compared with it.

Each gold file holds a cable's id, where it is in ``../shared/corpus`` (never its text) and the expected value of
every field, checked by reading the cable (``tests/gold/README.md`` gives the conventions). ``tests/test_gold.py``
and ``benchmarks/accuracy.py`` both use this module.
"""

from __future__ import annotations

import csv
import io
import json
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from cabledb.parse import ParsedCable, parse_cable

REPO = Path(__file__).resolve().parents[1]
GOLD_DIR = REPO / "tests" / "gold"

#: The compared fields, in the order of the accuracy table. ``classified_by.*`` are the parts of the first
#: classifier; ``classifiers`` is the whole list.
FIELDS = (
    "classified_by.name",
    "classified_by.title",
    "classified_by.office",
    "classified_by.reasons",
    "classified_by.raw",
    "classifiers",
    "declassify_on",
    "tags",
    "subject",
    "references",
    "summary",
    "comment",
    "signed_by",
    "to",
    "info",
    "paragraphs",
)


#: The keys of a gold file's "expected" object.
EXPECTED_KEYS = ("classifiers", "declassify_on", "tags", "subject", "references", "summary", "comment", "signed_by",
                 "to", "info", "paragraphs")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Gold:
    path: Path  # the gold file
    reference_id: str
    source: dict[str, Any]  # {"archive": ..., "member": ...} | {"file": "cables-sample.csv", "row": N} | {"file": ...}
    expected: dict[str, Any]
    checked: bool

    @property
    def name(self) -> str:
        return str(self.path.relative_to(GOLD_DIR))

    @property
    def held_out(self) -> bool:
        """Drawn after the parser was tuned on the others: the figure for unseen cables."""
        return self.path.parent.name == "holdout"


def gold_files() -> list[Path]:
    return sorted(GOLD_DIR.glob("*/*.json"))


def load(path: Path) -> Gold:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Gold(path, data["reference_id"], data["source"], data["expected"], bool(data.get("checked")))


def load_all() -> list[Gold]:
    return [load(p) for p in gold_files()]


# -- reading the cable from the shared corpus -------------------------------------------------------------------


@cache
def _archive(corpus: Path, name: str) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    with tarfile.open(corpus / name, "r:*") as tar:
        for member in tar:
            if member.isfile():
                fh = tar.extractfile(member)
                assert fh is not None
                out[member.name] = fh.read()
    return out


@cache
def _csv_rows(path: Path) -> dict[int, list[str]]:
    csv.field_size_limit(1 << 30)
    text = path.read_text(encoding="utf-8")
    rows = csv.reader(io.StringIO(text, newline=""), escapechar="\\", doublequote=False)
    return {int(r[0]): r for r in rows if r}


def source_path(corpus: Path, source: dict[str, Any]) -> Path:
    return corpus / (source.get("archive") or source["file"])


def read_input(corpus: Path, source: dict[str, Any]) -> str | list[str]:
    """What ``parse_cable`` takes for this source: a page or text, or a CSV row's 8 fields."""
    if "archive" in source:
        return _archive(corpus, source["archive"])[source["member"]].decode("utf-8")
    path = corpus / source["file"]
    if "row" in source:
        return _csv_rows(path)[int(source["row"])]
    return path.read_text(encoding="utf-8")


def parse_gold(corpus: Path, gold: Gold) -> ParsedCable:
    return parse_cable(read_input(corpus, gold.source))


# -- the fields of a parse, in gold form ----------------------------------------------------------------------


def _classifier(cb: Any) -> dict[str, Any]:
    return {
        "name": cb.name,
        "title": cb.title,
        "office": getattr(cb, "office", None),
        "reasons": list(cb.reasons),
        "raw": getattr(cb, "raw", None),
    }


def actual(cable: ParsedCable) -> dict[str, Any]:
    """The gold fields of a parsed cable."""
    classifiers = getattr(cable, "classifiers", None)
    if classifiers is None:
        classifiers = [cable.classified_by] if cable.classified_by else []
    return {
        "classifiers": [_classifier(cb) for cb in classifiers],
        "declassify_on": cable.declassify_on.isoformat() if cable.declassify_on else None,
        "tags": [t.code for t in cable.tags],
        "subject": cable.subject,
        "references": [{"kind": r.kind, "id": r.value} for r in cable.references],
        "summary": cable.summary,
        "comment": cable.comment,
        "signed_by": list(cable.signed_by),
        "to": [r.name for r in cable.recipients if r.kind == "to"],
        "info": [r.name for r in cable.recipients if r.kind == "info"],
        "paragraphs": [[p.number, p.classification] for p in cable.paragraphs if p.number is not None],
    }


def _norm(value: Any) -> Any:
    """Whitespace is not compared: strings are collapsed to single spaces, in lists and dicts too."""
    if isinstance(value, str):
        return " ".join(value.split()) or None
    if isinstance(value, list):
        return [_norm(v) for v in value]
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    return value


def field_value(fields: dict[str, Any], name: str) -> Any:
    if name.startswith("classified_by."):
        first = fields["classifiers"][0] if fields["classifiers"] else {}
        return _norm(first.get(name.split(".", 1)[1]))
    return _norm(fields[name])


def is_present(value: Any) -> bool:
    return value not in (None, [], "")


def compare(expected: dict[str, Any], got: dict[str, Any]) -> Iterator[tuple[str, bool, Any, Any]]:
    """(field, equal, expected value, parsed value) for every field."""
    for name in FIELDS:
        want, have = field_value(expected, name), field_value(got, name)
        yield name, want == have, want, have
