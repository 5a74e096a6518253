"""Write a scale corpus in the exact ``cables.csv`` format, resampled from the real cables of ../shared/corpus.

    python benchmarks/make_corpus.py --count 251287 --seed 1 --out /tmp/cables-251287.csv

- The rows have the 8 quoted columns of the dump (row, created ``M/D/YYYY H:MM``, reference id, origin,
  classification, references, header, body), backslash escapes, CRLF line endings, no header row.
- The reference ids are the real ids of ``cable2month.csv.gz`` (malformed ones included), so every id is unique and
  the shares per year and per station are those of the release; ``--count`` below the full 251,287 takes an
  evenly spread sample of them. Each id gets the month cable2month gives and a random day and time.
- Each row's header and body are those of a real cable, picked at random, with the new station, serial and date
  written into the banner, the date-time group, the FM line and the page markers, so that parsing stays realistic.
- The output is the same for the same ``--seed``. Nothing is written but ``--out``; no corpus data is committed.
"""

from __future__ import annotations

import argparse
import calendar
import csv
import gzip
import io
import random
import re
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cabledb.parse.banner import find_banner
from cabledb.parse.data import stations
from cabledb.parse.formats import extract_html
from cabledb.parse.patterns import BANNER

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FULL_SIZE = 251_287
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")

ID = re.compile(r"^(\d{2})([A-Z]+?)(\d+)$")
DTG = re.compile(r"\b(\d{2})(\d{4})Z ([A-Z]{3}) (\d{2})\b")
FM = re.compile(r"^FM .*$", re.M)
PAGE_MARKER = re.compile(r"^([A-Z][A-Z ]{1,30}) (\d{8}) ", re.M)


@dataclass
class Template:
    header: str
    body: str
    classification: str


def load_templates(corpus: Path) -> list[Template]:
    """Every real cable of the shared corpus: the HTML pages and the CSV rows."""
    templates: list[Template] = []
    with tarfile.open(corpus / "cablegate-html-dev.tar.xz") as tar:
        for member in tar:
            fh = tar.extractfile(member) if member.isfile() else None
            if fh is None:
                continue
            source = extract_html(fh.read().decode("utf-8"))
            if source.body.strip():
                templates.append(Template(source.header, source.body, source.metadata.get("classification", "")))
    with (corpus / "cables-sample.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, escapechar="\\", doublequote=False):
            templates.append(Template(row[6].replace("\r\n", "\n"), row[7].replace("\r\n", "\n"), row[4]))
    return templates


def load_ids(corpus: Path) -> list[tuple[str, int]]:
    with gzip.open(corpus / "cable2month.csv.gz", "rt", encoding="utf-8") as fh:
        return [(rid, int(month)) for rid, month in csv.reader(fh)]


def fm_name(station: str) -> str:
    st = stations().get(station)
    if st and st.fm_names:
        return st.fm_names[0]
    return f"AMEMBASSY {station}"


def origin_name(station: str) -> str:
    st = stations().get(station)
    return st.origin if st else f"Embassy {station.title()}"


def rewrite(t: Template, rid: str, year: int, month: int, day: int, hour: int, minute: int) -> tuple[str, str]:
    """The template's header and body with the new id's station, serial and date written in."""
    m = ID.match(rid)
    station, serial = (m.group(2), int(m.group(3))) if m else ("STATE", 1)
    yy = f"{year % 100:02d}"
    dtg = f"{day:02d}{hour:02d}{minute:02d}Z {MONTHS[month - 1]} {yy}"
    header = DTG.sub(dtg, t.header, count=1)
    header = FM.sub(f"FM {fm_name(station)}", header, count=1)
    body = t.body
    banner, start, _ = find_banner(body)
    m2 = BANNER.match(body, start) if banner is not None else None
    if m2 is not None:
        body = f"{body[: m2.start('station')]}{station} {serial:06d}{body[m2.end('serial') :]}"
    body = PAGE_MARKER.sub(lambda p: f"{station} {serial:08d} ", body)
    return header, body


def quote(value: str) -> str:
    """A cables.csv field: quoted, backslash escapes, CRLF line endings."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\r\n", "\n").replace("\n", "\r\n") + '"'


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=FULL_SIZE, help="rows to write (default: the full 251,287)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", type=Path, required=True, help="the CSV file to write")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    args = ap.parse_args()
    if not (args.corpus / "cable2month.csv.gz").exists():
        sys.exit(f"{args.corpus} has no cable2month.csv.gz: pass --corpus PATH to ../shared/corpus")
    rng = random.Random(args.seed)
    templates = load_templates(args.corpus)
    ids = load_ids(args.corpus)
    if args.count < len(ids):
        step = len(ids) / args.count
        ids = [ids[int(i * step)] for i in range(args.count)]
    elif args.count > len(ids):
        sys.exit(f"--count is at most {len(ids)} (one row per real reference id)")
    written = 0
    with args.out.open("w", encoding="utf-8", newline="") as out:
        buf = io.StringIO()
        for row_no, (rid, month) in enumerate(ids, start=1):
            year = 1900 + int(rid[:2]) if int(rid[:2]) >= 66 else 2000 + int(rid[:2])
            day = rng.randint(1, calendar.monthrange(year, month)[1])
            hour, minute = rng.randint(0, 23), rng.randint(0, 59)
            t = templates[rng.randrange(len(templates))]
            header, body = rewrite(t, rid, year, month, day, hour, minute)
            m = ID.match(rid)
            origin = origin_name(m.group(2)) if m else "Embassy Unknown"
            fields = [str(row_no), f"{month}/{day}/{year} {hour}:{minute:02d}", rid, origin, t.classification, "",
                      header, body]  # fmt: skip
            buf.write(",".join(quote(f) for f in fields))
            buf.write("\r\n")
            if buf.tell() > 1 << 22:
                written += out.write(buf.getvalue())
                buf = io.StringIO()
        written += out.write(buf.getvalue())
    print(f"wrote {len(ids)} rows, {args.out.stat().st_size / 1e6:.0f} MB, to {args.out}")


if __name__ == "__main__":
    main()
