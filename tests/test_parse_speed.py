"""No catastrophic backtracking: any 1 MB input parses in well under a second (0.6 s at worst on a quiet machine;
the bound is 2 s of CPU, for a CI run on a slowed shared host, where backtracking would take minutes).

Each input repeats a shape that drives one of the parser's patterns hard: long runs of the characters its
quantifiers loop over, keywords without their values, and no newlines at all.
"""

from __future__ import annotations

import contextlib
import gc
import random
import time

import pytest

from cabledb.parse import ParseError, parse_cable

MB = 1_000_000
SHAPES = {
    "letters": "A" * MB,
    "spaces": " " * MB,
    "digits": "1" * MB,
    "one long line": ("THE MINISTER SAID THAT " * (MB // 23)),
    "tags keyword": "TAGS: " * (MB // 6),
    "ref bullets": "REF: " + "A. " * (MB // 3),
    "station serials": "BAKU 1234 AND " * (MB // 14),
    "numbered lines": "1. (C) text\n" * (MB // 12),
    "banner words": "C O N F I D E N T I A L " * (MB // 24),
    "classified by": "Classified By: " + "Ambassador " * (MB // 11),
    "reasons": "Classified By: X for reasons 1.4 " + "(b) and " * (MB // 8),
    "page markers": "BAKU 00001515 001.2 OF 002\n" * (MB // 27),
    "dashes": "-" * MB,
    "parentheses": "(" * (MB // 2) + ")" * (MB // 2),
    "html tags": "<a href='x'>" * (MB // 12),
    "html pre": "<pre>" * (MB // 5),
    "csv quotes": '"1","12/28/1966 18:48","' + '\\"' * (MB // 2),
    "header lines": "TO RUEHC/SECSTATE WASHDC PRIORITY 4500\n" * (MB // 40),
    "summary markers": "1. (C) Summary: " + "END " * (MB // 4),
    "signature": "\n\n" + "DERSE " * (MB // 6),
    "subject": "SUBJECT: " + "X" * MB,
    "dtg": "P 191235Z DEC 07 " * (MB // 17),
}


def _random_text(seed: int) -> str:
    rng = random.Random(seed)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789.,:;()/-\n¶"
    return "".join(rng.choice(alphabet) for _ in range(MB))


def _parse_seconds(text: str) -> float:
    """CPU seconds of parsing ``text``, the better of two runs, without the garbage collector: a full collection
    of what earlier tests left (late in a long suite) or a stall of a shared host must not pass for backtracking,
    which is slow every time."""
    gc.collect()
    gc.disable()
    try:
        times = []
        for _ in range(2):
            start = time.process_time()
            with contextlib.suppress(ParseError):
                parse_cable(text)
            times.append(time.process_time() - start)
    finally:
        gc.enable()
    return min(times)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_one_megabyte_parses_fast(shape: str) -> None:
    assert _parse_seconds(SHAPES[shape]) < 2.0, shape


@pytest.mark.parametrize("seed", [1, 2])
def test_random_megabyte_parses_fast(seed: int) -> None:
    assert _parse_seconds(_random_text(seed)) < 2.0
