"""``cabledb import`` on hostile input: empty files, binary noise, NUL bytes, truncated pages, legacy encodings,
broken ``cables.csv`` rows, oversized fields, duplicate ids, links and ``../`` names in archives, nested archives and
decompression bombs.

Every input is generated here, into tmp_path (nothing is committed, nothing is copied from the shared corpus). For
each case: the import does not crash (no traceback; exit status 0 when nothing was rejected, 1 when something was),
every good record that shares an input with a bad one is imported, each bad record is either imported with its
anomalies recorded or rejected with a clear reason and its raw bytes, and nothing is written outside the database.
docs/reliability.md ("Hostile input") has the decision table.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import random
import socket
import subprocess
import sys
import tarfile
import tempfile
import tracemalloc
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import py7zr
import pytest
from click.testing import CliRunner

from cabledb import sources
from cabledb.cli import cli
from cabledb.sources import zstd
from tests.conftest import CORPUS, DatabaseFactory, need

pytestmark = pytest.mark.db

REPO = Path(__file__).resolve().parents[1]
GOOD_TEXT = (REPO / "examples" / "cable-illustrative.txt").read_text(encoding="utf-8")  # 07BAKU9515
GOOD_HTML = (REPO / "examples" / "cable-illustrative.html").read_text(encoding="utf-8")  # 09VALLETTA9101
GIB = 1 << 30


# -- generators ---------------------------------------------------------------------------------------------------


def text_cable(serial: int, comment: str = "An example needs a comment too.") -> str:
    """The illustrative text cable under another serial (07BAKU<serial>), with another comment."""
    assert "009515" in GOOD_TEXT and "An example needs a comment too." in GOOD_TEXT
    return (
        GOOD_TEXT.replace("009515", f"00{serial}")
        .replace("#9515", f"#{serial}")
        .replace("An example needs a comment too.", comment)
    )


def csv_row(n: int, serial: int, *, body_extra: str = "", fields: list[str] | None = None) -> bytes:
    """One cables.csv row: 8 fields, each double-quoted, backslash escapes, CRLF line ends."""
    header = "P 191235Z DEC 07\nFM AMEMBASSY BAKU\nTO RUEHC/SECSTATE WASHDC PRIORITY 4500\n"
    body = (
        f"C O N F I D E N T I A L BAKU 00{serial}\n\nE.O. 12958: DECL: 12/18/2017\nTAGS: PGOV, AJ\n"
        f'SUBJECT: ROW {n}, A \\"QUOTED\\" WORD\n\n1. (C) Text of row {n}.{body_extra}\n\nDERSE\n'
    )
    if fields is None:
        fields = [str(n), "12/19/2007 12:35", f"07BAKU{serial}", "Embassy Baku", "CONFIDENTIAL", "", header, body]
    return (",".join(f'"{f}"' for f in fields).replace("\n", "\r\n") + "\r\n").encode("utf-8")


def tar_of(members: list[tuple[str, bytes] | tarfile.TarInfo], mode: str = "w") -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as tar:  # type: ignore[call-overload]
        for m in members:
            if isinstance(m, tarfile.TarInfo):
                tar.addfile(m)
            else:
                info = tarfile.TarInfo(m[0])
                info.size = len(m[1])
                tar.addfile(info, io.BytesIO(m[1]))
    return buf.getvalue()


def zip_of(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


def link(name: str, target: str, kind: bytes) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info


def gzip_of_zeros(prefix: bytes, size: int) -> bytes:
    """One gzip stream: ``prefix`` then ``size`` zero bytes (about 1 MB per GB), compressed piece by piece."""
    z = zlib.compressobj(1, zlib.DEFLATED, 31)
    out = [z.compress(prefix)]
    zeros = bytes(1 << 20)
    out += [z.compress(zeros) for _ in range(size >> 20)]
    out.append(z.flush())
    return b"".join(out)


# -- running an import --------------------------------------------------------------------------------------------


@dataclass
class Imported:
    code: int
    out: str
    err: str
    url: str

    def rows(self, sql: str, *params: object) -> list[tuple[object, ...]]:
        with psycopg.connect(self.url) as conn:
            return conn.execute(sql.encode(), params).fetchall()

    @property
    def cables(self) -> dict[str, tuple[int, list[str]]]:
        """reference id → (body length, anomalies) of the current content."""
        return {r[0]: (r[1], r[2]) for r in self.rows("SELECT reference_id, length(body), anomalies FROM cable")}  # type: ignore[misc]

    @property
    def errors(self) -> list[tuple[str, str, str, bytes]]:
        """(source, position, reason, raw) of every reject of the last run, in input order."""
        rows = self.rows(
            "SELECT source, position, reason, raw FROM import_error"
            " WHERE run_id = (SELECT max(id) FROM import_run) ORDER BY id"
        )
        return [(str(s), str(p), str(r), bytes(b)) for s, p, r, b in rows]  # type: ignore[call-overload]

    def error_for(self, source_suffix: str) -> tuple[str, str, str, bytes]:
        found = [e for e in self.errors if e[0].endswith(source_suffix)]
        assert len(found) == 1, (source_suffix, self.errors)
        return found[0]

    def counts(self) -> tuple[int, int, int, int]:
        words = self.out.replace(",", "").split()
        return tuple(int(words[words.index(k) - 1]) for k in ("inserted", "updated", "unchanged", "rejected"))  # type: ignore[return-value]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty current directory and an empty temporary directory for the import: both must stay empty."""
    cwd = tmp_path / "cwd"
    tmp = tmp_path / "tmp"
    cwd.mkdir()
    tmp.mkdir()
    monkeypatch.chdir(cwd)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    yield tmp_path
    assert list(cwd.iterdir()) == [], "the import wrote into the current directory"
    assert list(tmp.iterdir()) == [], "the import left files in the temporary directory"
    # Members are named ../../evil.txt, ../../../evil.txt and /tmp/evil.txt: relative to the current directory,
    # the first two land next to tmp_path and one level up.
    assert not list(tmp_path.rglob("*evil*")), "a member was written out"
    assert not (tmp_path.parent / "evil.txt").exists() and not (tmp_path.parent.parent / "evil.txt").exists()


def run_import(database_url: str, *paths: Path, input: bytes | None = None) -> Imported:
    args = ["import", "-q", "--database-url", database_url, *map(str, paths)]
    result = CliRunner().invoke(cli, args, input=input)
    imported = Imported(result.exit_code, result.stdout, result.stderr, database_url)
    assert "Traceback" not in result.output and "Internal error" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    rejected = imported.counts()[3]
    assert imported.code == (1 if rejected else 0), (imported.code, result.output)
    assert rejected == len(imported.errors)
    return imported


def inputs(workdir: Path, files: dict[str, bytes]) -> list[Path]:
    folder = workdir / "in"
    folder.mkdir(exist_ok=True)
    paths = []
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths


# -- empty files, noise, NUL bytes --------------------------------------------------------------------------------


def test_empty_noise_and_nul_bytes(database_url: str, workdir: Path) -> None:
    noise = random.Random(20071219).randbytes(20_000)
    good = text_cable(9001).encode()
    with_nuls = good[:300] + b"\x00\x00" + good[300:700] + b"\x00" + good[700:]
    paths = inputs(
        workdir,
        {
            "empty.txt": b"",
            "blank.txt": b" \r\n\t\n",
            "noise.bin": noise,
            "nul.txt": text_cable(9002).encode()[:500] + b"\x00" + text_cable(9002).encode()[500:],
            "good.txt": good,
            "nuls.txt": with_nuls.replace(b"009001", b"009003").replace(b"#9001", b"#9003"),
        },
    )
    r = run_import(database_url, *paths)
    assert r.code == 1 and r.counts() == (3, 0, 0, 3)
    assert set(r.cables) == {"07BAKU9001", "07BAKU9002", "07BAKU9003"}
    assert r.cables["07BAKU9003"][0] == r.cables["07BAKU9001"][0]  # the NULs were dropped, nothing else
    assert "the input holds 3 NUL characters (damage); removed" in r.cables["07BAKU9003"][1]
    assert "the input holds 1 NUL character (damage); removed" in r.cables["07BAKU9002"][1]
    assert r.error_for("empty.txt")[2:] == ("the file is empty", b"")
    assert r.error_for("blank.txt")[2:] == ("the file is empty", b" \r\n\t\n")
    assert r.error_for("noise.bin")[2:] == ("the input is binary data, not text", noise)


# -- HTML ---------------------------------------------------------------------------------------------------------


def test_truncated_html_and_a_page_without_a_cable(database_url: str, workdir: Path) -> None:
    page = GOOD_HTML.encode()
    body_cut = page.index(b"Summary:") + 40  # inside the body <pre> block
    header_cut = page.index(b"FM AMEMBASSY VALLETTA")  # inside the header <pre> block
    no_cable = b"<!DOCTYPE html><html><head><title>Cable not found</title></head><body><p>404</p></body></html>"
    paths = inputs(
        workdir,
        {
            "a-cut-in-body.html": page[:body_cut],
            "b-cut-in-header.html": page[:header_cut].replace(b"09VALLETTA9101", b"09VALLETTA9201"),
            "c-cut-in-table.html": page[:200],
            "d-no-cable.html": no_cable,
            "e-good.txt": text_cable(9004).encode(),
        },
    )
    r = run_import(database_url, *paths)
    assert r.counts() == (3, 0, 0, 2)
    cut_note = "the page is cut short inside a <pre> block; read its text up to the cut"
    header, body, anomalies = r.rows("SELECT header, body, anomalies FROM cable WHERE reference_id = '09VALLETTA9101'")[
        0
    ]
    assert str(header).startswith("VZCZCXRO0002") and str(body).startswith("UNCLAS VALLETTA 009101")
    assert cut_note in anomalies  # type: ignore[operator]
    header, body, anomalies = r.rows("SELECT header, body, anomalies FROM cable WHERE reference_id = '09VALLETTA9201'")[
        0
    ]
    assert str(header).startswith("VZCZCXRO0002") and body == "" and cut_note in anomalies  # type: ignore[operator]
    assert "07BAKU9004" in r.cables
    _, _, reason, raw = r.error_for("c-cut-in-table.html")
    assert "holds no cable" in reason and raw == page[:200]
    _, _, reason, raw = r.error_for("d-no-cable.html")
    assert reason == "the HTML page holds no cable (no <table class='cable'> and no <pre> block)" and raw == no_cable


# -- encodings ----------------------------------------------------------------------------------------------------

#: Characters that differ between latin-1 and cp1252 (0x93 and 0x94 are C1 controls in latin-1, curly quotes in
#: cp1252; 0x80 is € in cp1252), and some that do not (é, ï).
COMMENT = "The “ministry” charged a 5 € fee; café naïve."
CP1252 = "decoded as Windows-1252 (not valid UTF-8)"
#: file name → (codec, byte-order mark, comment as written, comment as read, anomaly). The latin-1 file with
#: bytes 0x93/0x94 is read as cp1252: the two agree on every printable latin-1 character, and C1 controls are
#: never meant in a cable.
ENCODINGS = {
    "cp1252.txt": ("cp1252", b"", COMMENT, COMMENT, CP1252),
    "latin1.txt": ("latin-1", b"", "café naïve «ok».", "café naïve «ok».", CP1252),
    "latin1-c1.txt": ("latin-1", b"", "café \x93C1\x94.", "café “C1”.", CP1252),
    "utf16le-bom.txt": ("utf-16-le", codecs.BOM_UTF16_LE, COMMENT, COMMENT, "decoded as UTF-16 (byte-order mark)"),
    "utf16be-bom.txt": ("utf-16-be", codecs.BOM_UTF16_BE, COMMENT, COMMENT, "decoded as UTF-16 (byte-order mark)"),
    "utf16le.txt": ("utf-16-le", b"", COMMENT, COMMENT, "decoded as UTF-16-LE (no byte-order mark)"),
    "utf16be.txt": ("utf-16-be", b"", COMMENT, COMMENT, "decoded as UTF-16-BE (no byte-order mark)"),
    "ascii-utf16le.txt": ("utf-16-le", b"", "ASCII only.", "ASCII only.", "decoded as UTF-16-LE (no byte-order mark)"),
    "ascii-utf16be.txt": ("utf-16-be", b"", "ASCII only.", "ASCII only.", "decoded as UTF-16-BE (no byte-order mark)"),
    "utf8-bom.txt": ("utf-8", codecs.BOM_UTF8, COMMENT, COMMENT, "decoded as UTF-8-SIG (byte-order mark)"),
}


def encoded_cable(name: str, serial: int) -> bytes:
    """The whole cable in the file's encoding, with the comment under test."""
    codec, bom, written, _, _ = ENCODINGS[name]
    return bom + text_cable(serial, written).encode(codec)


def test_legacy_encodings_are_decoded_and_noted(database_url: str, workdir: Path) -> None:
    files = {name: encoded_cable(name, 9100 + i) for i, name in enumerate(ENCODINGS)}
    r = run_import(database_url, *inputs(workdir, files))
    assert r.counts() == (len(ENCODINGS), 0, 0, 0)
    for i, (name, (_, _, _, comment, note)) in enumerate(ENCODINGS.items()):
        rows = r.rows("SELECT comment, anomalies, source FROM cable WHERE reference_id = %s", f"07BAKU{9100 + i}")
        assert rows, name
        got_comment, anomalies, source = rows[0]
        assert got_comment == comment, name
        assert note in anomalies, (name, anomalies)  # type: ignore[operator]
        assert str(source).endswith(name)


def test_csv_rows_in_cp1252_and_utf16(database_url: str, workdir: Path) -> None:
    """A cables.csv whose rows are not UTF-8: a cp1252 row among UTF-8 ones keeps its curly quotes and euro sign;
    a whole file in UTF-16 gives every row (not just the first)."""
    cp_row = csv_row(2, 9202, body_extra=" “Quoted” for 5 €.").decode().encode("cp1252")
    mixed = csv_row(1, 9201) + cp_row + csv_row(3, 9203)
    utf16 = (csv_row(1, 9211) + csv_row(2, 9212) + csv_row(3, 9213)).decode()
    paths = inputs(
        workdir,
        {"mixed.csv": mixed, "utf16.csv": codecs.BOM_UTF16_LE + utf16.encode("utf-16-le")},
    )
    r = run_import(database_url, *paths)
    assert r.counts() == (6, 0, 0, 0)
    assert set(r.cables) == {"07BAKU9201", "07BAKU9202", "07BAKU9203", "07BAKU9211", "07BAKU9212", "07BAKU9213"}
    text, anomalies = r.rows(
        "SELECT p.text, c.anomalies FROM paragraph p JOIN cable c ON c.id = p.cable_id"
        " WHERE c.reference_id = '07BAKU9202' AND p.number = 1"
    )[0]
    assert text == "Text of row 2. “Quoted” for 5 €."
    assert "the row is not valid UTF-8; the bytes that are not were read as Windows-1252" in anomalies  # type: ignore[operator]
    assert "decoded as UTF-16-LE" in r.cables["07BAKU9212"][1]


# -- cables.csv ---------------------------------------------------------------------------------------------------


def test_csv_rows_with_wrong_columns_and_broken_quotes(database_url: str, workdir: Path) -> None:
    """Bad rows are rejected one by one, with their own bytes; the good rows before and after them, in the same
    file, are imported. An unterminated quote no longer swallows the next row: reading resynchronises at the next
    line that starts a row."""
    too_many = csv_row(
        2,
        9302,
        fields=["2", "12/19/2007 12:35", "07BAKU9302", "Embassy Baku", "SECRET", "", "H", "B", "an extra field"],
    )
    too_few = csv_row(4, 9304, fields=["4", "12/19/2007 12:35", "07BAKU9304", "Embassy Baku", "SECRET", "", "H"])
    unterminated = (
        b'"6","12/19/2007 12:35","07BAKU9306","Embassy Baku","CONFIDENTIAL","","P 191235Z DEC 07\r\n'
        b'FM AMEMBASSY BAKU\r\n","C O N F I D E N T I A L BAKU 009306\r\n\r\n1. (C) The row is cut off here\r\n'
    )
    unescaped = csv_row(8, 9308, body_extra=' He said "yes" and left.\nMore text.')
    assert b'"yes"' in unescaped
    rows = [
        csv_row(1, 9301),
        too_many,
        csv_row(3, 9303),
        too_few,
        csv_row(5, 9305),
        unterminated,
        csv_row(7, 9307),
        unescaped,
        csv_row(9, 9309),
    ]
    data = b"".join(rows)
    last_unterminated = (
        b'"1","12/19/2007 12:35","07BAKU9401","Embassy Baku","SECRET","","H\r\n","B\r\n'
        b"the file ends inside this field\r\n"
    )
    paths = inputs(workdir, {"rows.csv": data, "last.csv": csv_row(1, 9400) + last_unterminated})
    r = run_import(database_url, *paths)
    assert r.code == 1 and r.counts() == (6, 0, 0, 5)
    assert set(r.cables) == {f"07BAKU{n}" for n in (9301, 9303, 9305, 9307, 9309, 9400)}
    errors = {e[1].split(",")[0] + " " + Path(e[0]).name: e for e in r.errors}
    assert set(errors) == {"row 2 rows.csv", "row 4 rows.csv", "row 6 rows.csv", "row 8 rows.csv", "row 2 last.csv"}
    assert "9 columns, expected 8" in errors["row 2 rows.csv"][2] and errors["row 2 rows.csv"][3] == too_many
    assert "7 columns, expected 8" in errors["row 4 rows.csv"][2] and errors["row 4 rows.csv"][3] == too_few
    for key, raw in (
        ("row 6 rows.csv", unterminated),
        ("row 8 rows.csv", unescaped),
        ("row 2 last.csv", last_unterminated),
    ):
        assert "quoting is broken" in errors[key][2] and "next row" in errors[key][2], errors[key]
        assert errors[key][3] == raw
    # The line numbers point at the row's last line.
    lines_to_row_4 = b"".join(rows[:4]).count(b"\n")
    assert errors["row 4 rows.csv"][1] == f"row 4, line {lines_to_row_4}"


def test_csv_values_no_cable_has(database_url: str, workdir: Path) -> None:
    """Columns that shifted (a body in the reference id or origin column), NUL bytes in the metadata, an address
    line of 10 KB: values the database indexes, which once stopped the whole import (an index row is at most 8 KB;
    text cannot hold NUL). Now the value is ignored with an anomaly, and the cable is read from its text."""
    junk = "".join(random.Random(10).choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(10_000))
    body = "C O N F I D E N T I A L BAKU 00{serial}\n\n1. (C) Text.\n"
    header = "P 191235Z DEC 07\nFM AMEMBASSY BAKU\nTO RUEHC/SECSTATE WASHDC PRIORITY 4500\n"

    def row(n: int, serial: int, rid: str, origin: str, classification: str, head: str = header) -> bytes:
        fields = [str(n), "12/19/2007 12:35", rid, origin, classification, "", head, body.format(serial=serial)]
        return csv_row(n, serial, fields=fields)

    rows = [
        csv_row(1, 9851),
        row(2, 9852, "07BAKU" + junk, "Embassy Baku", "CONFIDENTIAL"),
        row(3, 9853, "07BAKU9853", "Embassy " + junk, "CONFIDENTIAL"),
        row(4, 9854, "07BAKU9854", "Embassy Baku", "CONFIDENTIAL//" + junk),
        row(5, 9855, "07BAKU\x009855", "Embassy\x00 Baku", "CONFIDENTIAL"),
        row(6, 9856, "07BAKU9856", "Embassy Baku", "CONFIDENTIAL", header.replace("WASHDC", junk)),
        csv_row(7, 9857),
    ]
    r = run_import(database_url, *inputs(workdir, {"shifted.csv": b"".join(rows)}))
    assert r.code == 0 and r.counts() == (7, 0, 0, 0)
    assert set(r.cables) == {f"07BAKU{n}" for n in range(9851, 9858)}
    notes = {rid: anomalies for rid, (_, anomalies) in r.cables.items()}
    assert (
        "the reference id given is 10006 characters long (no real one has over 64); ignored it" in notes["07BAKU9852"]
    )
    assert "reference id 07BAKU9852 derived from the banner and the date" in notes["07BAKU9852"]
    assert "the origin given is 10008 characters long (no real one has over 128); ignored it" in notes["07BAKU9853"]
    assert r.rows("SELECT origin FROM bi.cables WHERE reference_id = '07BAKU9853'") == [("Embassy Baku",)]
    assert (
        "the classification given is 10014 characters long (no real one has over 128); ignored it"
        in notes["07BAKU9854"]
    )
    assert "the input holds 2 NUL characters (damage); removed" in notes["07BAKU9855"]
    assert (
        "an address (routing indicator and office) of 10014 characters (no real one has over 256); dropped it"
        in notes["07BAKU9856"]
    )


def test_a_50_mb_field_is_rejected_and_memory_stays_bounded(database_url: str, workdir: Path) -> None:
    """A row with a 50 MB body (generated, never stored in the repository): rejected with its first 64 KB; the
    rows around it are imported; reading it holds no more than the record bound in memory."""
    big = csv_row(2, 9502, body_extra=" word" * (10 * 1024 * 1024))
    assert len(big) > 50 * 1024 * 1024
    path = inputs(workdir, {"big.csv": csv_row(1, 9501) + big + csv_row(3, 9503)})[0]
    del big
    tracemalloc.start()
    try:
        records = [(r.position, r.error, len(r.raw)) for r in sources.iter_records([path])]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5 * sources.MAX_RECORD_BYTES, f"peak {peak >> 20} MB"  # the file is 50 MB
    assert [e is None for _, e, _ in records] == [True, False, True]
    r = run_import(database_url, path)
    assert r.counts() == (2, 0, 0, 1) and set(r.cables) == {"07BAKU9501", "07BAKU9503"}
    _, position, reason, raw = r.errors[0]
    assert position.startswith("row 2") and "larger than 16 MB" in reason and "first 64 KB" in reason
    assert raw == path.read_bytes()[len(csv_row(1, 9501)) :][: sources.SNIFF_BYTES]


def test_cables_with_megabytes_of_distinct_words(database_url: str, workdir: Path) -> None:
    """Under the record bound but far beyond any real cable: a body of 4 MB of distinct words, whose full-text
    document PostgreSQL would refuse ("string is too long for tsvector"), a subject of 100 KB, a TAGS line of 5,000
    distinct codes and a REF line of 2,000 items. Each is imported, searchable by its beginning, with an anomaly
    where a part is cut; the cables beside it are imported too."""
    rng = random.Random(4)

    def words(n: int) -> str:
        return " ".join("".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(9)) for _ in range(n))

    first_words = "zanzibarian marmalades " + words(400_000)
    assert len(first_words) > 4_000_000
    tags = ", ".join(f"K{'ABCDEFGHIJKLMNOPQRSTUVWXYZ'[i % 26]}{i:05d}" for i in range(5_000))
    refs = "; ".join(f"({chr(65 + i % 26)}) BAKU {i + 1}" for i in range(2_000))
    long_head = [
        "3", "12/19/2007 12:35", "07BAKU9603", "Embassy Baku", "CONFIDENTIAL", "",
        "P 191235Z DEC 07\nFM AMEMBASSY BAKU\nTO RUEHC/SECSTATE WASHDC PRIORITY 4500\n",
        f"C O N F I D E N T I A L BAKU 009603\n\nTAGS: {tags}\nSUBJECT: QUINCUNXES {words(10_000)}\n\n"
        f"REF: {refs}\n\n1. (C) Text.\n",
    ]  # fmt: skip
    rows = [
        csv_row(1, 9601),
        csv_row(2, 9602, body_extra=" " + first_words),
        csv_row(3, 9603, fields=long_head),
        csv_row(4, 9604),
    ]
    r = run_import(database_url, *inputs(workdir, {"long.csv": b"".join(rows)}))
    assert r.code == 0, r.err
    assert r.counts() == (4, 0, 0, 0)
    notes = {rid: anomalies for rid, (_, anomalies) in r.cables.items()}
    assert any("full-text search covers the body to its first 150,000 characters" in a for a in notes["07BAKU9602"])
    # The parser bounds the fields of the head itself (no real one comes near), and says so.
    assert "the subject value is 100010 characters long; read its first 1000" in notes["07BAKU9603"]
    assert "the tags value is 44998 characters long; read its first 2000" in notes["07BAKU9603"]
    found = r.rows("SELECT reference_id FROM cabledb_search('zanzibarian marmalades', max_results => 5)")
    assert found == [("07BAKU9602",)]
    assert r.rows("SELECT reference_id FROM cabledb_search('quincunxes', max_results => 5)") == [("07BAKU9603",)]
    counts = r.rows("SELECT tag_count, reference_count FROM bi.cables WHERE reference_id = '07BAKU9603'")
    assert counts == [(223, 580)]


# -- the same cable twice -----------------------------------------------------------------------------------------


def test_same_reference_id_with_different_content_in_one_input(database_url: str, workdir: Path) -> None:
    """The most complete content is current (a routing header beats none, then the longer body); the other is kept
    in cable_version. Both orders, in one CSV file and in one tar."""
    full = csv_row(1, 9601, body_extra=" The full text, longer than the extract.")
    fields = [
        "2",
        "12/19/2007 12:35",
        "07BAKU9601",
        "Embassy Baku",
        "CONFIDENTIAL",
        "",
        "",
        "C O N F I D E N T I A L BAKU 009601\n\n1. (C) Extract.",
    ]
    extract = csv_row(2, 9601, fields=fields)
    tar = tar_of(
        [
            ("a.txt", text_cable(9602, "Short.").encode()),
            ("b.txt", text_cable(9602, "A longer comment, which makes this one current.").encode()),
        ]
    )
    tar_reversed = tar_of(
        [
            ("b.txt", text_cable(9603, "A longer comment, which makes this one current.").encode()),
            ("a.txt", text_cable(9603, "Short.").encode()),
        ]
    )
    paths = inputs(
        workdir,
        {
            "dup.csv": full + extract,
            "dup-reversed.csv": (extract + full).replace(b"9601", b"9604"),
            "dup.tar": tar,
            "dup-reversed.tar": tar_reversed,
        },
    )
    r = run_import(database_url, *paths)
    assert r.code == 0 and r.counts() == (4, 4, 0, 0)
    for rid in ("07BAKU9601", "07BAKU9604"):
        current = r.rows("SELECT header <> '', strpos(body, 'full text') > 0 FROM cable WHERE reference_id = %s", rid)
        assert current == [(True, True)], rid
        kept = r.rows(
            "SELECT v.header, strpos(v.body, 'Extract.') > 0 FROM cable_version v JOIN cable c"
            " ON c.id = v.cable_id WHERE c.reference_id = %s",
            rid,
        )
        assert kept == [("", True)], rid
    for rid in ("07BAKU9602", "07BAKU9603"):
        assert r.rows("SELECT comment FROM cable WHERE reference_id = %s", rid) == [
            ("A longer comment, which makes this one current.",)
        ]
        kept = r.rows(
            "SELECT strpos(v.body, 'Short.') > 0 FROM cable_version v JOIN cable c ON c.id = v.cable_id"
            " WHERE c.reference_id = %s",
            rid,
        )
        assert kept == [(True,)], rid


# -- archives -----------------------------------------------------------------------------------------------------


def test_nested_archives_odd_names_and_links(database_url: str, workdir: Path) -> None:
    """A tar.gz inside a zip inside a tar, members named ``../x``, ``/etc/x`` and ``../../evil.txt``: read, and
    only used as labels (nothing is extracted). Symbolic and hard links, devices and FIFOs are rejected, never
    followed."""
    inner_tgz = tar_of([("deep/one.txt", text_cable(9701).encode())], "w:gz")
    middle_zip = zip_of(
        [
            ("inner.tar.gz", inner_tgz),
            ("two.txt", text_cable(9702).encode()),
            ("../../evil.txt", text_cable(9703).encode()),
            ("/abs/evil.txt", text_cable(9704).encode()),
        ]
    )
    device = tarfile.TarInfo("dev/sda")
    device.type = tarfile.CHRTYPE
    fifo = tarfile.TarInfo("fifo")
    fifo.type = tarfile.FIFOTYPE
    outer = tar_of(
        [
            ("middle.zip", middle_zip),
            ("../../three-evil.txt", text_cable(9705).encode()),
            ("/etc/evil-absolute.txt", text_cable(9706).encode()),
            link("passwd-link", "/etc/passwd", tarfile.SYMTYPE),
            link("up-link", "../../../evil.txt", tarfile.SYMTYPE),
            link("hard-link", "../../three-evil.txt", tarfile.LNKTYPE),
            device,
            fifo,
        ]
    )
    evil_zip = zip_of([("../../evil.txt", text_cable(9707).encode()), ("ok.txt", text_cable(9708).encode())])
    paths = inputs(workdir, {"outer.tar": outer, "dotdot.zip": evil_zip})
    r = run_import(database_url, *paths)
    assert r.code == 1 and r.counts() == (8, 0, 0, 5)
    assert set(r.cables) == {f"07BAKU{n}" for n in range(9701, 9709)}
    sources_ = {s for (s,) in r.rows("SELECT source FROM cable")}
    assert any(str(s).endswith("outer.tar!middle.zip!inner.tar.gz!deep/one.txt") for s in sources_)
    assert any(str(s).endswith("dotdot.zip!../../evil.txt") for s in sources_)
    reasons = {e[0].split("!")[-1]: (e[2], e[3]) for e in r.errors}
    assert reasons["passwd-link"] == (
        "a symbolic link to '/etc/passwd', not a file: links in archives are not followed",
        b"",
    )
    assert "symbolic link to '../../../evil.txt'" in reasons["up-link"][0]
    assert reasons["hard-link"][0].startswith("a hard link to '../../three-evil.txt', not a file: refused, because")
    assert "the member it names is read" not in reasons["hard-link"][0]
    assert reasons["dev/sda"][0] == "a device, not a file: only regular files are read"
    assert reasons["fifo"][0] == "a FIFO, not a file: only regular files are read"
    assert not (workdir.parent / "evil.txt").exists() and not Path("/etc/evil-absolute.txt").exists()


def test_archives_nested_too_deep_and_damaged(database_url: str, workdir: Path) -> None:
    levels = [text_cable(9801).encode()]
    for level in range(4):
        levels.append(gzip.compress(tar_of([(f"level{level}.tar", levels[-1])])))
    deep = levels[-1]
    good = text_cable(9802).encode()
    rng = random.Random(9803)
    words = " ".join(rng.choice(["MINISTER", "SAID", "THE", "PARLIAMENT", "OIL", "GAS", "VOTE"]) for _ in range(40_000))
    big_text = text_cable(9803, words).encode()  # beyond the first 64 KB read, so the cut is met on a later read
    cut_gz = gzip.compress(big_text)
    assert len(cut_gz) > 20_000
    cut_gz = cut_gz[: len(cut_gz) * 3 // 4]
    paths = inputs(
        workdir,
        {
            "deep.tgz": deep,
            "good.gz": gzip.compress(good),
            "cut.txt.gz": cut_gz,
            "not-really.zip": b"PK\x03\x04" + random.Random(1).randbytes(3000),
        },
    )
    r = run_import(database_url, *paths)
    assert "07BAKU9802" in r.cables and r.counts()[0] == 1
    errors = {Path(e[0].split("!")[0]).name: e for e in r.errors}
    assert set(errors) == {"deep.tgz", "cut.txt.gz", "not-really.zip"}
    source, _, reason, raw = errors["deep.tgz"]
    # The archive three levels down is kept whole (it is under 64 KB).
    assert "nested deeper than 3 levels" in reason and raw == levels[1] and source.endswith("!level1.tar")
    source, position, reason, raw = errors["cut.txt.gz"]
    # What decompressed before the cut was one record, too large to stop at the first read: it is lost with the
    # damage; the start of the compressed input is kept.
    assert reason.startswith("the gzip data is cut short or damaged") and position == "after record 0"
    assert raw == cut_gz[: sources.SNIFF_BYTES]
    assert errors["not-really.zip"][2].startswith("not a readable zip archive")
    assert errors["not-really.zip"][3] == paths[3].read_bytes()


# -- decompression bombs ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """1 GB of zeros, gzip-compressed (about 1 MB): as a text document, and after the start of a cables.csv row
    whose body never ends. Generated once for both databases."""
    folder = tmp_path_factory.mktemp("bombs")
    row_start = b'"1","12/19/2007 12:35","07BAKU9901","Embassy Baku","CONFIDENTIAL","","H\r\n","'
    out = {"bomb.gz": gzip_of_zeros(b"", GIB), "bomb-csv.gz": gzip_of_zeros(row_start, GIB)}
    paths = {}
    for name, data in out.items():
        assert len(data) < 8 << 20
        (folder / name).write_bytes(data)
        paths[name] = folder / name
    return paths


def test_gzip_bombs_are_rejected_with_bounded_memory(database_url: str, workdir: Path, bombs: dict[str, Path]) -> None:
    """Reading stops holding data at the record bound (16 MB): memory stays far below the 1 GB inside, and the
    import goes on with the next input."""
    good = inputs(workdir, {"good.txt": text_cable(9902).encode()})[0]
    tracemalloc.start()
    try:
        records = [(r.source, r.error, len(r.raw)) for r in sources.iter_records([bombs["bomb.gz"]])]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(records) == 1 and records[0][2] == sources.SNIFF_BYTES
    assert peak < 5 * sources.MAX_RECORD_BYTES, f"peak {peak >> 20} MB"
    r = run_import(database_url, bombs["bomb.gz"], bombs["bomb-csv.gz"], good)
    assert r.counts() == (1, 0, 0, 2) and set(r.cables) == {"07BAKU9902"}
    text_bomb = r.error_for("bomb.gz!gzip")
    assert "larger than 16 MB" in text_bomb[2] and text_bomb[3] == bytes(sources.SNIFF_BYTES)
    csv_bomb = r.error_for("bomb-csv.gz!gzip")
    assert csv_bomb[1] == "row 1, line 2" and "larger than 16 MB" in csv_bomb[2]
    assert csv_bomb[3].startswith(b'"1","12/19/2007 12:35","07BAKU9901"') and len(csv_bomb[3]) == sources.SNIFF_BYTES


def test_a_nested_zip_is_copied_to_disk_only_up_to_a_bound(
    database_url: str, workdir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A zip inside a gzip must be copied to a temporary file to be read (zip needs seeking); a bomb that
    decompresses to a huge "zip" is rejected at the bound instead of filling the disk (the bound is lowered here
    to keep the test fast)."""
    monkeypatch.setattr(sources.archives, "MAX_SPOOL_BYTES", 4 << 20)
    bomb = gzip_of_zeros(b"PK\x03\x04", 64 << 20)
    small = gzip.compress(zip_of([("one.txt", text_cable(9911).encode())]))
    paths = inputs(workdir, {"zip-bomb.gz": bomb, "small-zip.gz": small})
    r = run_import(database_url, *paths)
    assert r.counts() == (1, 0, 0, 1) and set(r.cables) == {"07BAKU9911"}
    _, _, reason, raw = r.error_for("zip-bomb.gz!gzip")
    assert "larger than 0.00390625 GB is not read" in reason and raw == b"PK\x03\x04" + bytes(sources.SNIFF_BYTES - 4)


def test_stdin_and_a_zip_file_read_in_place(database_url: str, workdir: Path) -> None:
    """A zip file is read where it lies (no temporary copy); a zip on stdin is copied to an anonymous temporary
    file, which leaves nothing behind."""
    data = zip_of([("a.txt", text_cable(9921).encode()), ("../../evil.txt", b"\x00\x01" * 100)])
    path = inputs(workdir, {"in-place.zip": data})[0]
    r = run_import(database_url, path)
    assert r.counts() == (1, 0, 0, 1)
    assert r.error_for("in-place.zip!../../evil.txt")[2:] == ("the input is binary data, not text", b"\x00\x01" * 100)
    r = run_import(database_url, Path("-"), input=data.replace(b"a.txt", b"b.txt"))
    assert r.counts() == (0, 0, 1, 1)


@pytest.mark.parametrize("case", ["noise", "nul-heavy", "html-tags", "csv-junk"])
def test_random_junk_never_crashes_the_import(database_url: str, workdir: Path, case: str) -> None:
    """Seeded junk in the shapes of each format: every file comes out imported or rejected, never a crash."""
    rng = random.Random(case)
    pieces = {
        "html-tags": [b"<pre>", b"</pre>", b"<table class='cable'>", b"<td>", b"&#x000A;", b"07BAKU1", b" TAGS: "],
        "csv-junk": [b'"1","1/1/2000 0:00","', b'","', b'\\"', b'"', b"\r\n", b"x"],
        "nul-heavy": [b"\x00", b"\x00", b"\x00", b"A", b"B", b" ", b"\n"],
    }

    def blob() -> bytes:
        if case == "noise":
            return rng.randbytes(rng.randrange(1, 5000))
        return b"".join(rng.choice(pieces[case]) for _ in range(rng.randrange(1, 400)))

    files = {f"{case}-{i}.dat": blob() for i in range(12)}
    files["good.txt"] = text_cable(9931).encode()
    r = run_import(database_url, *inputs(workdir, files))
    assert "07BAKU9931" in r.cables
    inserted, updated, unchanged, rejected = r.counts()
    assert inserted + updated + unchanged + rejected >= len(files)
    for source, _, reason, raw in r.errors:
        data = Path(source).read_bytes()
        assert reason and raw in data and (raw or not data.strip()), (source, reason)


def test_nothing_is_written_outside_the_database(database_url: str, workdir: Path) -> None:
    """The workdir fixture checks, after each test of this file, that the current directory and the temporary
    directory stay empty and that no member named evil escaped; here with every kind of input at once."""
    outer = tar_of([("../../evil.txt", text_cable(9941).encode()), link("l", "/etc/passwd", tarfile.SYMTYPE)])
    paths = inputs(
        workdir,
        {
            "a.tar": outer,
            "b.zip": zip_of([("../../evil.txt", text_cable(9942).encode())]),
            "c.gz": gzip.compress(csv_row(1, 9943)),
        },
    )
    r = run_import(database_url, *paths, Path("-"), input=zip_of([("/tmp/evil.txt", text_cable(9944).encode())]))
    assert set(r.cables) == {"07BAKU9941", "07BAKU9942", "07BAKU9943", "07BAKU9944"}
    assert not Path("/tmp/evil.txt").exists() and not os.path.exists(os.path.join(tempfile.gettempdir(), "evil.txt"))


# -- what is not a regular file, read errors, odd paths -----------------------------------------------------------


def cabledb_process(*args: str | bytes, timeout: float = 120, input: bytes | None = None) -> tuple[int, str, str]:
    """``cabledb ARGS`` in a process of its own (arguments may be bytes: file names that are not UTF-8), which
    must end within ``timeout`` seconds."""
    proc = subprocess.run([sys.executable, "-m", "cabledb", *args], capture_output=True, timeout=timeout,
                          cwd=REPO, input=input)  # fmt: skip
    out, err = proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in out + err and "Internal error" not in out + err, out + err
    return proc.returncode, out, err


def test_fifos_sockets_devices_and_links_are_rejected_with_a_reason(database_url: str, workdir: Path) -> None:
    """A FIFO named on the command line blocked for ever (opening it waits for a writer), and FIFOs inside a
    directory were skipped without a word. Now each is a reject with its reason, as a socket, a device and a link
    in a directory are; the rest is imported."""
    folder = workdir / "in"
    folder.mkdir()
    (folder / "good.txt").write_bytes(text_cable(9951).encode())
    os.mkfifo(folder / "pipe")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "sock"))
    (folder / "link.txt").symlink_to(folder / "good.txt")
    os.mkfifo(workdir / "named-pipe")
    code, out, err = cabledb_process("import", "-q", "--database-url", database_url, str(folder),
                                     str(workdir / "named-pipe"), "/dev/zero", timeout=60)  # fmt: skip
    sock.close()
    assert code == 1 and "1 inserted, 0 updated, 0 unchanged, 5 rejected" in out, out + err
    with psycopg.connect(database_url) as conn:
        reasons = dict(conn.execute("SELECT source, reason FROM import_error").fetchall())
    pipe_reason = ("a FIFO (named pipe), not a file: only regular files, directories and - (standard input) are "
                   "read; to read from a pipe, use: cat NAME | cabledb import -")  # fmt: skip
    assert reasons == {
        str(folder / "pipe"): pipe_reason,
        str(workdir / "named-pipe"): pipe_reason,
        str(folder / "sock"): pipe_reason.replace("a FIFO (named pipe)", "a socket"),
        "/dev/zero": pipe_reason.replace("a FIFO (named pipe)", "a device"),
        str(folder / "link.txt"): "a symbolic link: links inside a directory are not followed (name its target on "
        "the command line to import it)",
    }


def test_a_read_error_is_a_reject_and_the_other_inputs_are_imported(database_url: str, workdir: Path) -> None:
    """`/proc/self/mem` opens but cannot be read (EIO): that used to abort the whole import with an internal error
    and lose the cables read before it. Now it is a reject that names the file."""
    paths = inputs(workdir, {"good.tar": tar_of([(f"{n}.txt", text_cable(n).encode()) for n in (9961, 9962, 9963)]),
                             "dir-good.txt": text_cable(9964).encode()})  # fmt: skip
    r = run_import(database_url, paths[0], Path("/proc/self/mem"), paths[1])
    assert r.counts() == (4, 0, 0, 1)
    assert r.error_for("/proc/self/mem")[1:3] == ("file", "cannot read the file: Input/output error")
    assert "rejected: /proc/self/mem (file): cannot read the file: Input/output error" in r.err


def test_an_empty_path_is_an_error(database_url: str, workdir: Path) -> None:
    """`cabledb import ""` read the current directory, recursively (279 s and 28,833 rejects in a home
    directory); now an empty path is an error, before anything is read."""
    for args in (["import", "-q", "--database-url", database_url, ""], ["parse", ""],
                 ["import", "-q", "--database-url", database_url, str(REPO / "examples"), ""]):  # fmt: skip
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1, result.output
        assert result.stderr.splitlines()[0] == "Error: an empty path ('') was given", result.stderr
    with psycopg.connect(database_url) as conn:
        assert conn.execute("SELECT count(*) FROM cable").fetchone() == (0,)


def test_file_names_that_are_not_utf8(database_url: str, workdir: Path) -> None:
    """A file name that is not UTF-8, on the command line (an internal error) or inside a directory: imported,
    with the name's odd bytes written \\xNN in its source."""
    folder = workdir / "in"
    folder.mkdir()
    name = os.fsencode(folder) + b"/caf\xe9-cmd.txt"
    with open(name, "wb") as fh:
        fh.write(text_cable(9971).encode())
    with open(os.fsencode(folder) + b"/sub\xff", "wb") as fh:
        fh.write(text_cable(9972).encode())
    code, out, err = cabledb_process("import", "-q", "--database-url", database_url, name)
    assert code == 0 and "1 inserted" in out, out + err
    code, out, err = cabledb_process("import", "-q", "--database-url", database_url, str(folder))
    assert code == 0 and "1 inserted, 0 updated, 1 unchanged" in out, out + err
    with psycopg.connect(database_url) as conn:
        sources_ = {r[0] for r in conn.execute("SELECT source FROM cable")}
        inputs_ = conn.execute("SELECT inputs FROM import_run ORDER BY id").fetchall()
    assert sources_ == {f"{folder}/caf\\xe9-cmd.txt", f"{folder}/sub\\xff"}
    assert inputs_[0] == ([f"{folder}/caf\\xe9-cmd.txt"],)


# -- 7z, zstd and formats that are not read -----------------------------------------------------------------------


def seven_zip_of(path: Path, members: list[tuple[str, bytes]]) -> Path:
    with py7zr.SevenZipFile(path, "w") as archive:
        for name, data in members:
            archive.writestr(data, name)
    return path


def test_7z_zstd_and_formats_that_are_not_read(database_url: str, workdir: Path) -> None:
    """WikiLeaks distributed the torrent builds as .7z: read, member by member (in place, or copied when nested
    or on stdin), as a tar is; a cables.csv inside one is streamed. .zst is read too. RAR, LZ4, .Z and lzip say
    "format not supported" and what to do, instead of "the input is binary data"."""
    folder = workdir / "in"
    folder.mkdir()
    seven = seven_zip_of(folder / "build.7z", [
        ("cable/2007/12/one.txt", text_cable(9981).encode()),
        ("cables.csv", csv_row(1, 9982) + csv_row(2, 9983)),
        ("inner.tar.gz", tar_of([("deep.txt", text_cable(9984).encode())], "w:gz")),
        ("empty.txt", b""),
    ])  # fmt: skip
    inner = seven_zip_of(workdir / "n.7z", [("n.txt", text_cable(9985).encode())])
    nested = tar_of([("nested.7z", inner.read_bytes())])
    (workdir / "n.7z").unlink()
    (folder / "nested.tar").write_bytes(nested)
    (folder / "cable.txt.zst").write_bytes(zstd.compress(text_cable(9986).encode()))
    cut = seven.read_bytes()
    (folder / "cut.7z").write_bytes(cut[: len(cut) // 2])
    unsupported = {
        "a.rar": b"Rar!\x1a\x07\x01\x00" + bytes(100),
        "b.lz4": b"\x04\x22\x4d\x18" + bytes(100),
        "c.Z": b"\x1f\x9d\x90" + bytes(100),
        "d.lz": b"LZIP\x01" + bytes(100),
    }
    for name, data in unsupported.items():
        (folder / name).write_bytes(data)
    r = run_import(database_url, folder)
    assert set(r.cables) == {f"07BAKU{n}" for n in range(9981, 9987)}
    assert r.counts() == (6, 0, 0, 6)
    assert r.error_for("build.7z!empty.txt")[2] == "the file is empty"
    assert r.error_for("cut.7z")[2].startswith("not a readable 7z archive")
    assert r.error_for("a.rar")[2] == ("format not supported: a RAR archive; unpack it (unrar x FILE, or 7z x FILE) "
                                       "and import the files")  # fmt: skip
    assert r.error_for("b.lz4")[2].startswith("format not supported: an LZ4 stream; decompress it (lz4 -d FILE)")
    assert r.error_for("c.Z")[2].startswith("format not supported: a Unix compress (.Z) stream")
    assert r.error_for("d.lz")[2].startswith("format not supported: an lzip stream")
    sources_ = {s for (s,) in r.rows("SELECT source FROM cable")}
    assert any(str(s).endswith("build.7z!inner.tar.gz!deep.txt") for s in sources_)
    assert any(str(s).endswith("nested.tar!nested.7z!n.txt") for s in sources_)
    r = run_import(database_url, Path("-"), input=seven.read_bytes())  # stdin: copied, then read
    assert r.counts() == (0, 0, 4, 1)


def test_a_real_torrent_build_as_7z_equals_its_tar(databases: DatabaseFactory, workdir: Path) -> None:
    """A WikiLeaks build (the shared corpus keeps it as tar.xz) repacked as the .7z it was distributed as: the
    same cables, with the same content, as from the tar."""
    build = need(CORPUS / "releases" / "cablegate-201012041409.tar.xz")
    members = []
    with tarfile.open(build) as tar:
        for member in tar:
            fh = tar.extractfile(member) if member.isfile() else None
            if fh is not None:
                members.append((member.name, fh.read()))
    seven = seven_zip_of(workdir / "cablegate-201012041409.7z", members)
    contents = []
    for path in (build, seven):
        r = run_import(databases.fresh(), path)
        assert r.code == 0 and r.counts()[0] == 281, r.out
        contents.append(r.rows("SELECT reference_id, content_hash FROM cable ORDER BY 1"))
    assert contents[0] == contents[1]


# -- terminal escapes and forged copies ---------------------------------------------------------------------------

#: Escape sequences a cable or a file could carry: a window title change, an OSC 52 clipboard write, an 8-bit CSI
#: colour, a bidirectional override.
ESCAPES = "\x1b]0;owned\x07 \x1b]52;c;b3duZWQ=\x07 \x9b31m \u202e"


def test_control_characters_never_reach_the_terminal(database_url: str, workdir: Path) -> None:
    """A cable whose text carries escape sequences, a rejected file full of them, and a file name with a newline
    that tries to forge a `rejected:` line: no printer lets a control character through (show, errors --raw,
    search, tags, stats, parse, and the import's own lines); JSON escapes them and still reads back the same."""
    cable = text_cable(9991, f"A comment with {ESCAPES} in it.").replace("SUBJECT: ", f"SUBJECT: {ESCAPES}")
    forged = "x.txt\n  rejected: forged.txt (file): a forged line\x1b[2K"
    paths = inputs(workdir, {"escapes.txt": cable.encode(), "raw.txt": f"no cable here {ESCAPES}\n".encode(),
                             forged: b""})  # fmt: skip
    outputs = []
    r = run_import(database_url, *paths)
    assert r.counts() == (1, 0, 0, 2)
    outputs.append(r.out + r.err)
    assert [line for line in r.err.splitlines() if line.startswith("  rejected:")] == [
        line for line in r.err.splitlines() if "rejected:" in line
    ] and len([line for line in r.err.splitlines() if "rejected:" in line]) == 2, r.err
    assert "x.txt\\x0a  rejected: forged.txt (file): a forged line\\x1b[2K" in r.err
    url = ["--database-url", database_url]
    for args in (["show", "07BAKU9991"], ["errors", "--raw"], ["search", "comment"], ["tags"], ["stats"],
                 ["parse", str(paths[0])]):  # fmt: skip
        result = CliRunner().invoke(cli, [*args, *(url if args[0] != "parse" else [])])
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    for args in (["show", "07BAKU9991", "--json"], ["errors", "--raw", "--json"], ["search", "comment", "--json"]):
        result = CliRunner().invoke(cli, [*args, *url])
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
    shown = "\n".join(outputs)
    for char in "\x1b\x07\x9b\u202e":
        assert char not in shown, repr(char)
    assert "\\x1b]52;c;b3duZWQ=\\x07" in outputs[1] and "\\u202e" in outputs[1]  # visible in show
    view = json.loads(outputs[-3])
    assert ESCAPES in view["subject"]  # the data is kept as it was


def test_show_tells_that_other_versions_exist(database_url: str, workdir: Path) -> None:
    """A forged copy of a cable with a longer body becomes current ("1 updated"): show gives the number of
    contents stored and the import run and source of each, so that nobody takes the current one for proven."""
    seed = need(CORPUS / "text" / "07BAKU1515.txt")
    original = seed.read_bytes()
    forged = original.replace(b"DERSE", b"An invented paragraph that makes the body longer.\n\nDERSE")
    r = run_import(database_url, seed)
    assert r.counts() == (1, 0, 0, 0)
    r = run_import(database_url, *inputs(workdir, {"07BAKU1515-copy.txt": forged}))
    assert r.counts() == (0, 1, 0, 0)
    result = CliRunner().invoke(cli, ["show", "07BAKU1515", "--database-url", database_url])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Versions:"))
    assert lines[start].startswith("Versions:   2 different contents of this cable are stored. The one shown is the")
    assert lines[start + 1].startswith("  current  import run 2, ") and lines[start + 1].endswith("07BAKU1515-copy.txt")
    assert lines[start + 2].startswith("  1        import run 1, ") and lines[start + 2].endswith(str(seed))
    view = json.loads(CliRunner().invoke(cli, ["show", "07BAKU1515", "--json", "--database-url", database_url]).stdout)
    assert [(v["version"], v["import_run"]) for v in view["versions"]] == [("current", 2), ("1", 1)]
