"""Parser speed: cables per second over the shared HTML corpus.

    python benchmarks/parse.py [--rounds 3] [--archive ../shared/corpus/cablegate-html-dev.tar.xz]

- "parse only, one core": ``parse_cable`` on pages already in memory, CPU time of this one process pinned to one
  core.
- "read + parse, one core": reading each page from disk (the archive unpacked to a temporary directory first, so
  that xz decompression is not counted), decoding it and parsing it.
- "cabledb parse": the command end to end, files in and JSON Lines out, as a user runs it (on every core: it parses
  in worker processes), wall-clock time, and with ``--workers 1``.
The best round of each is reported.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
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

        print(f"corpus: {len(pages)} pages, {megabytes:.0f} MB, Python {sys.version.split()[0]}")
        for name, fn in (("parse only, one core", parse_only), ("read + parse, one core", read_and_parse)):
            best = float("inf")
            for _ in range(args.rounds):
                start = time.process_time()
                fn()
                best = min(best, time.process_time() - start)
            print(f"{name:>26}: {len(pages) / best:7.0f} cables/s  ({best * 1e6 / len(pages):6.0f} us/cable)")
        with contextlib.suppress(AttributeError, OSError):
            os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))  # the command may use every core
        for name, extra in (("cabledb parse", []), ("cabledb parse --workers 1", ["--workers", "1"])):
            best = float("inf")
            for _ in range(args.rounds):
                start = time.perf_counter()
                subprocess.run([sys.executable, "-m", "cabledb", "parse", *extra, tmp], stdout=subprocess.DEVNULL,
                               check=True)  # fmt: skip
                best = min(best, time.perf_counter() - start)
            print(f"{name:>26}: {len(pages) / best:7.0f} cables/s  (wall clock, {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
