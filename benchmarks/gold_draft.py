"""Tools for building the gold set (tests/gold/): draft a gold file from the parser, and print a review sheet.

A draft is only a starting point: every field of it is then checked against the cable's own text by a person, and
corrected (tests/gold/README.md gives the conventions). Only then is ``"checked": true`` set.

    python benchmarks/gold_draft.py draft html:cable/2007/12/07BAKU1515.html csv:3 text:text/07BAKU1515.txt \
        release:cablegate-201011301701:cable/2009/01/09KUWAIT110.html
    python benchmarks/gold_draft.py sheet tests/gold/html/07BAKU1515.json
    python benchmarks/gold_draft.py draw --seed 20261203 --html 26 --releases 4   # specs for `draft`
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tarfile
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


def _members(archive: Path) -> list[str]:
    with tarfile.open(archive, "r:*") as tar:
        return sorted(m.name for m in tar if m.isfile() and m.name.startswith("cable/"))


def draw(seed: int, html: int, releases: int) -> list[str]:
    """Draft specs for cables not yet in the gold set, drawn at random with a fixed seed: ``html`` pages of the
    spring-2011 archive, then one page each of ``releases`` builds drawn the same way (2026-12-03's batch:
    ``--seed 20261203 --html 26 --releases 4``)."""
    gold_ids = {json.loads(p.read_text(encoding="utf-8"))["reference_id"] for p in GOLD_DIR.glob("*/*.json")}

    def rid(member: str) -> str:
        return member.rsplit("/", 1)[1].removesuffix(".html")

    rng = random.Random(seed)
    pages = rng.sample([m for m in _members(CORPUS / "cablegate-html-dev.tar.xz") if rid(m) not in gold_ids], html)
    chosen = {rid(m) for m in pages}
    specs = [f"html:{m}" for m in pages]
    for build in rng.sample(sorted((CORPUS / "releases").glob("cablegate-*.tar.xz")), releases):
        member = rng.choice([m for m in _members(build) if rid(m) not in gold_ids | chosen])
        chosen.add(rid(member))
        specs.append(f"release:{build.name.removesuffix('.tar.xz')}:{member}")
    return specs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draft", help="write draft gold files from the parser")
    d.add_argument("specs", nargs="+")
    d.add_argument("--force", action="store_true", help="overwrite existing files")
    s = sub.add_parser("sheet", help="print a review sheet")
    s.add_argument("paths", nargs="+", type=Path)
    r = sub.add_parser("draw", help="print draft specs of cables drawn at random, not yet in the gold set")
    r.add_argument("--seed", type=int, required=True)
    r.add_argument("--html", type=int, default=26)
    r.add_argument("--releases", type=int, default=4)
    args = ap.parse_args()
    if args.command == "draw":
        print("\n".join(draw(args.seed, args.html, args.releases)))
    elif args.command == "draft":
        for spec in args.specs:
            draft(spec, force=args.force)
    else:
        for p in args.paths:
            sheet(p)


if __name__ == "__main__":
    main()
