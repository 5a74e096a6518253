"""Word-level diffs of whole cables: rapidfuzz's Indel alignment (what cabledb uses) against difflib.

    python benchmarks/diff.py [--releases ../shared/corpus/releases] [--rounds 5]

Reads every torrent build of the shared corpus, finds each cable's consecutive versions that differ, and times the
alignment of their words both ways; prints the pairs, their mean length and the time per pair.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import tarfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rapidfuzz.distance import Indel

from cabledb.history import version_key
from cabledb.parse import ParseError, extract_source

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "releases"


def version_pairs(releases: Path) -> list[tuple[list[str], list[str]]]:
    last: dict[str, tuple[bytes, list[str]]] = {}
    pairs: list[tuple[list[str], list[str]]] = []
    for archive in sorted(releases.glob("cablegate-*.tar.xz")):
        with tarfile.open(archive) as tar:
            for member in tar:
                f = tar.extractfile(member) if member.isfile() and member.name.endswith(".html") else None
                if f is None:
                    continue
                try:
                    source = extract_source(f.read())
                except ParseError:
                    continue
                rid = source.metadata.get("reference_id", "")
                key = version_key(source.header, source.body)
                words = (source.header + "\n" + source.body).split()
                if rid in last and last[rid][0] != key:
                    pairs.append((last[rid][1], words))
                last[rid] = (key, words)
    return pairs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--releases", type=Path, default=DEFAULT)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    if not args.releases.is_dir():
        sys.exit(f"{args.releases} not found: pass --releases DIR (the shared corpus's releases/)")
    pairs = version_pairs(args.releases)
    if not pairs:
        sys.exit("no cable changed between the builds")
    mean = sum(len(a) + len(b) for a, b in pairs) / (2 * len(pairs))
    print(f"{len(pairs)} pairs of consecutive versions, {mean:.0f} words per version")
    aligners: list[tuple[str, Callable[[list[str], list[str]], Any]]] = [
        ("rapidfuzz Indel.opcodes", lambda a, b: Indel.opcodes(a, b)),
        ("difflib SequenceMatcher", lambda a, b: difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()),
    ]
    times = {}
    for name, align in aligners:
        best = float("inf")
        for _ in range(args.rounds):
            start = time.process_time()
            for a, b in pairs:
                align(a, b)
            best = min(best, time.process_time() - start)
        times[name] = best
        print(f"{name:>24}: {best * 1000 / len(pairs):7.2f} ms per pair")
    ratio = times["difflib SequenceMatcher"] / times["rapidfuzz Indel.opcodes"]
    print(f"rapidfuzz is {ratio:.0f} times faster")


if __name__ == "__main__":
    main()
