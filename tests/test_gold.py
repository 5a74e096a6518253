"""The parser against the hand-checked gold set (tests/gold/): every field of at least 97% of the cables exact.

``benchmarks/accuracy.py --misses`` lists what is left. Skipped without the shared corpus.
"""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest

from tests.conftest import CORPUS, need
from tests.gold_set import EXPECTED_KEYS, FIELDS, Gold, actual, compare, gold_files, load, load_all, parse_gold

#: The floor of every field's exact-match rate on the development set, and on the held-out set.
FLOOR = 0.97
HELD_OUT_FLOOR = 0.90


@cache
def results(held_out: bool) -> dict[str, list[tuple[str, bool]]]:
    """field → [(gold file, exact), ...] over the checked gold files of one set."""
    out: dict[str, list[tuple[str, bool]]] = {name: [] for name in FIELDS}
    for gold in load_all():
        if not gold.checked or gold.held_out != held_out:
            continue
        for name, equal, _, _ in compare(gold.expected, actual(parse_gold(CORPUS, gold))):
            out[name].append((gold.name, equal))
    return out


def test_gold_set_covers_the_corpus() -> None:
    """At least 300 cables, every decade of the corpus, 60 origins, each published form; every file checked."""
    golds = [g for g in load_all() if not g.held_out]
    assert len(golds) >= 300
    assert all(g.checked for g in load_all()), [g.name for g in load_all() if not g.checked]
    formats = Counter(g.name.split("/")[0] for g in golds)
    assert set(formats) == {"html", "csv", "text", "releases"}
    decades = {g.reference_id[:1] for g in golds}  # 66.., 7x, 9x, 0x, 1x
    assert {"6", "7", "9", "0", "1"} <= decades
    stations = {g.reference_id.strip("0123456789") for g in golds}
    assert len(stations) >= 60


@pytest.mark.parametrize("path", gold_files(), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_gold_file_is_well_formed(path: object) -> None:
    gold = load(path)  # type: ignore[arg-type]
    assert isinstance(gold, Gold)
    assert set(gold.expected) == set(EXPECTED_KEYS)
    assert "text" not in gold.source and "body" not in gold.expected, "gold files hold no cable text"


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("held_out", [False, True], ids=["development", "held-out"])
def test_field_accuracy(field: str, held_out: bool) -> None:
    need(CORPUS)
    rows = results(held_out)[field]
    if not rows:
        pytest.skip("no checked gold file in this set")
    exact = sum(ok for _, ok in rows)
    misses = [name for name, ok in rows if not ok]
    floor = HELD_OUT_FLOOR if held_out else FLOOR
    assert exact / len(rows) >= floor, f"{field}: {exact}/{len(rows)} exact; misses: {misses}"
