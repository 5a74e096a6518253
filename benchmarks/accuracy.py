"""Per-field accuracy of the parser on the hand-checked gold set (tests/gold/).

    python benchmarks/accuracy.py [--misses] [--field subject] [--markdown] [--files tests/gold/html/X.json ...]

For each field: on how many gold cables the parse equals the expected value exactly (whitespace aside), over all
cables and over the cables that have the field. ``--misses`` lists every miss with both values; ``--markdown``
prints the table as it stands in docs/parse.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.conftest import CORPUS
from tests.gold_set import FIELDS, actual, compare, is_present, load_all, parse_gold


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--misses", action="store_true", help="list every miss")
    ap.add_argument("--field", action="append", help="only these fields (with --misses)")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    ap.add_argument("--unchecked", action="store_true", help="include gold files not yet checked by hand")
    ap.add_argument("--held-out", action="store_true", help="the held-out set (tests/gold/holdout/) instead")
    ap.add_argument("--files", nargs="+", type=Path, metavar="GOLD", help="only these gold files (e.g. a new batch)")
    args = ap.parse_args()
    if not CORPUS.exists():
        sys.exit(f"{CORPUS} not found: the gold set's cables are in the shared corpus")
    golds = [g for g in load_all() if (g.checked or args.unchecked) and g.held_out == args.held_out]
    if args.files:
        only = {p.resolve() for p in args.files}
        golds = [g for g in golds if g.path.resolve() in only]
    total: Counter[str] = Counter()
    present: Counter[str] = Counter()
    present_exact: Counter[str] = Counter()
    misses: list[tuple[str, str, object, object]] = []
    for gold in golds:
        got = actual(parse_gold(CORPUS, gold))
        for name, equal, want, have in compare(gold.expected, got):
            total[name] += equal
            if is_present(want):
                present[name] += 1
                present_exact[name] += equal
            if not equal:
                misses.append((gold.name, name, want, have))
    n = len(golds)
    formats = Counter(g.name.split("/")[0] for g in golds)
    origins = len({g.reference_id.rstrip("0123456789").lstrip("0123456789") for g in golds})
    which = "held-out set" if args.held_out else "gold set"
    if args.files:
        which += " (selected files)"
    print(f"{which}: {n} cables ({', '.join(f'{v} {k}' for k, v in sorted(formats.items()))}), {origins} stations")
    rows = []
    for name in FIELDS:
        with_value = present[name]
        rows.append(
            (
                name,
                f"{total[name] / n:.1%}",
                f"{total[name]}/{n}",
                f"{present_exact[name] / with_value:.1%}" if with_value else "-",
                f"{present_exact[name]}/{with_value}",
            )
        )
    head = ("field", "exact", "cables", "exact where the cable has it", "cables with it")
    if args.markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "|".join("---" for _ in head) + "|")
        for row in rows:
            print(f"| `{row[0]}` | " + " | ".join(row[1:]) + " |")
    else:
        widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head))]
        for row in [head, *rows]:
            print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
    if args.misses:
        fields = set(args.field or FIELDS)
        for gold_name, name, want, have in misses:
            if name in fields:
                print(f"\n{gold_name} {name}\n  expected: {json.dumps(want, ensure_ascii=False)}")
                print(f"  parsed:   {json.dumps(have, ensure_ascii=False)}")


if __name__ == "__main__":
    main()
