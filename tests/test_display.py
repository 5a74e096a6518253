"""``json_line``: what every JSON printer of the CLI writes (``cabledb parse``, ``search --format jsonl``, ``export``,
``show``): the same data as :func:`json.dumps`, compact, with every control character escaped."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from cabledb.display import json_line


@dataclass
class _Row:
    x: int


VALUES = [
    {"reference_id": "07BAKU1515", "tags": ["PREL", "AJ"], "summary": None, "mark": "C//REL TO USA, GBR"},
    {"text": "café “quoted” — ¶1. (C) line one\nline two\ttab", "n": 12, "ok": True, "ratio": 0.5},
    {"nested": {"a": [], "b": {}, "c": [1, [2, [3]]]}, "big": 2**62},
    ["\x00 \x1b]0;owned\x07", "\x7f \x9b31m", "\u202e \u2028 \u2066", "ascii"],
    {1967: 3, 2010: 5},  # facet counts by year: number keys become strings, as json.dumps writes them
]


@pytest.mark.parametrize("value", VALUES)
def test_the_same_data_as_json_dumps(value: object) -> None:
    line = json_line(value)
    assert json.loads(line) == json.loads(json.dumps(value))
    assert "\n" not in line and ", " not in line.split('"')[0]  # one line, compact
    for char in "\x00\x1b\x07\x7f\x9b\u202e\u2028\u2066":
        assert char not in line  # written as \\u escapes, safe on a terminal


def test_compact_and_indented() -> None:
    assert json_line({"a": 1, "b": [2, 3]}) == '{"a":1,"b":[2,3]}'
    assert json_line({"a": 1, "b": [2]}, indent=2) == '{\n  "a": 1,\n  "b": [\n    2\n  ]\n}'
    with pytest.raises(ValueError, match="indent"):
        json_line({}, indent=4)


def test_default_decides_what_json_has_no_type_for() -> None:
    """Dates, times, decimals and dataclasses go to ``default``, as with json.dumps: ``show`` prints database
    rows with ``default=str`` (``2007-12-19 12:35:00+00:00``, not orjson's own ISO form)."""
    row = {"created": datetime(2007, 12, 19, 12, 35, tzinfo=UTC), "day": date(2007, 12, 19), "n": Decimal("1.5"),
           "row": _Row(1)}  # fmt: skip
    assert json.loads(json_line(row, default=str)) == json.loads(json.dumps(row, default=str))
    with pytest.raises(TypeError):
        json_line({"created": datetime(2007, 12, 19, tzinfo=UTC)})
