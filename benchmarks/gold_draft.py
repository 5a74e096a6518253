"""Tools for building the gold set (tests/gold/): draft a gold file from the parser, and print a review sheet.

A draft is only a starting point: every field of it is then checked against the cable's own text by a person, and
corrected (tests/gold/README.md gives the conventions). Only then is ``"checked": true`` set.

    python benchmarks/gold_draft.py draft html:cable/2007/12/07BAKU1515.html csv:3 text:text/07BAKU1515.txt \
        release:cablegate-201011301701:cable/2009/01/09KUWAIT110.html
    python benchmarks/gold_draft.py sheet tests/gold/html/07BAKU1515.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cabledb.parse import extract_source, parse_cable
from tests.conftest import CORPUS
from tests.gold_set import GOLD_DIR, actual, load, read_input


def source_of(spec: str) -> tuple[str, dict[str, Any]]:
    """``html:MEMBER`` | ``csv:ROW`` | ``text:FILE`` | ``release:BUILD:MEMBER`` → (folder, source)."""
    kind, _, rest = spec.partition(":")
    if kind == "html":
        return "html", {"archive": "cablegate-html-dev.tar.xz", "member": rest}
    if kind == "csv":
        return "csv", {"file": "cables-sample.csv", "row": int(rest)}
    if kind == "text":
        return "text", {"file": rest}
    if kind == "release":
        build, _, member = rest.partition(":")
        return "releases", {"archive": f"releases/{build}.tar.xz", "member": member}
    raise SystemExit(f"unknown source {spec!r}")


def draft(spec: str, *, force: bool = False) -> Path:
    folder, source = source_of(spec)
    cable = parse_cable(read_input(CORPUS, source))
    rid = cable.reference_id or "UNKNOWN"
    name = rid if folder != "releases" else f"{rid}@{source['archive'].split('/')[-1].split('.')[0]}"
    path = GOLD_DIR / folder / f"{name}.json"
    if path.exists() and not force:
        print(f"{path} exists; kept it", file=sys.stderr)
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {"reference_id": rid, "source": source, "checked": False, "notes": "", "expected": actual(cable)}
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(path)
    return path


def sheet(path: Path) -> None:
    """The cable's header and body as the parser sees them, with line numbers, then the gold file."""
    gold = load(path)
    data = read_input(CORPUS, gold.source)
    src = extract_source(data)
    print(f"# {gold.reference_id}  ({json.dumps(gold.source)})")
    for key, value in src.metadata.items():
        print(f"# {key}: {value}")
    for label, text in (("HEADER", src.header), ("BODY", src.body)):
        print(f"======== {label} ========")
        for i, line in enumerate(text.split("\n"), start=1):
            print(f"{i:4d}| {line}")
    print("======== GOLD FILE ========")
    print(path.read_text(encoding="utf-8"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draft", help="write draft gold files from the parser")
    d.add_argument("specs", nargs="+")
    d.add_argument("--force", action="store_true", help="overwrite existing files")
    s = sub.add_parser("sheet", help="print a review sheet")
    s.add_argument("paths", nargs="+", type=Path)
    args = ap.parse_args()
    if args.command == "draft":
        for spec in args.specs:
            draft(spec, force=args.force)
    else:
        for p in args.paths:
            sheet(p)


if __name__ == "__main__":
    main()
