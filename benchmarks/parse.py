"""Parser speed on one core: cables per second over the shared HTML corpus, with and without reading files.

    python benchmarks/parse.py [--rounds 3] [--archive ../shared/corpus/cablegate-html-dev.tar.xz]

"parse only" times ``parse_cable`` on pages already in memory; "read + parse" times reading each page from disk
(the archive unpacked to a temporary directory first, so that xz decompression is not counted), decoding it and
parsing it. The best round of each is reported, as CPU time of this one process.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tarfile
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cabledb.parse import parse_cable
from cabledb.sources import iter_records

DEFAULT_ARCHIVE = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "cablegate-html-dev.tar.xz"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--archive", type=Path, default=DEFAULT_ARCHIVE)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    if not args.archive.exists():
        sys.exit(f"{args.archive} not found: pass --archive PATH to the shared HTML corpus")
    with contextlib.suppress(AttributeError, OSError):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(args.archive) as tar:
            tar.extractall(tmp, filter="data")
        files = sorted(p for p in Path(tmp).rglob("*") if p.is_file())
        pages = [p.read_text(encoding="utf-8") for p in files]
        megabytes = sum(len(p.encode()) for p in pages) / 1e6
        for page in pages[:200]:
            parse_cable(page)  # warm up: lookup tables, regex caches

        def parse_only() -> None:
            for page in pages:
                parse_cable(page)

        def read_and_parse() -> None:
            for record in iter_records([tmp]):
                parse_cable(record.data, format=record.format)

        print(f"corpus: {len(pages)} pages, {megabytes:.0f} MB, Python {sys.version.split()[0]}, one core")
        for name, fn in (("parse only", parse_only), ("read + parse", read_and_parse)):
            best = float("inf")
            for _ in range(args.rounds):
                start = time.process_time()
                fn()
                best = min(best, time.process_time() - start)
            print(f"{name:>14}: {len(pages) / best:7.0f} cables/s  ({best * 1e6 / len(pages):6.0f} us/cable)")


if __name__ == "__main__":
    main()
