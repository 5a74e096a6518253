"""``cabledb parse``: JSON Lines out, one object per cable; errors per input on stderr, exit status 1."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

from click.testing import CliRunner

from cabledb.cli import cli
from tests.conftest import CSV_SAMPLE, SEED_TEXT, need

CABLE = """P 191235Z DEC 07
FM AMEMBASSY BAKU
TO RUEHC/SECSTATE WASHDC PRIORITY 4500

C O N F I D E N T I A L BAKU 001515

TAGS: PGOV AJ
SUBJECT: TEST

REF: BAKU 1495

1. (C) Text.
"""


def run(*args: str, input: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_text_file(tmp_path: Path) -> None:
    path = tmp_path / "cable.txt"
    path.write_text(CABLE)
    code, out, err = run("parse", str(path))
    assert code == 0 and err == ""
    obj = json.loads(out)
    assert obj["reference_id"] == "07BAKU1515" and obj["references"][0]["value"] == "07BAKU1495"


def test_stdin_with_metadata_options() -> None:
    fragment = "TAGS: PGOV\nSUBJECT: X\n\nREF: BAKU 1495\n"
    code, out, _ = run("parse", "--reference-id", "08BAKU1", "--created", "2008-03-01", "-", input=fragment)
    obj = json.loads(out)
    assert code == 0 and obj["reference_id"] == "08BAKU1" and obj["created"] == "2008-03-01T00:00:00+00:00"
    assert obj["references"][0]["value"] == "08BAKU1495"


def test_pretty_prints_indented_json(tmp_path: Path) -> None:
    path = tmp_path / "cable.txt"
    path.write_text(CABLE)
    code, out, _ = run("parse", "--pretty", str(path))
    assert code == 0 and out.startswith("{\n  ") and json.loads(out)["subject"] == "TEST"


def test_bad_created_option_is_a_usage_error() -> None:
    code, _, err = run("parse", "--created", "yesterday", "-", input=CABLE)
    assert code == 2 and "not a date" in err and "Traceback" not in err


def test_inputs_without_a_cable_are_reported_and_the_rest_parsed(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(CABLE)
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "noise.bin").write_bytes(bytes(range(256)) * 10)
    code, out, err = run("parse", str(tmp_path))
    assert code == 1 and len(out.splitlines()) == 1
    assert "empty.txt" in err and "noise.bin" in err and "2 input(s)" in err and "Traceback" not in err


def test_archive_member_and_format_detection_by_content(tmp_path: Path) -> None:
    archive = tmp_path / "cables.bin"  # no telling extension: the content decides
    with tarfile.open(archive, "w:gz") as tar:
        data = CABLE.encode()
        info = tarfile.TarInfo("x/cable.dat")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    code, out, _ = run("parse", str(archive))
    assert code == 0 and json.loads(out)["canonical_id"] == "07BAKU1515"


def test_missing_path_is_a_one_line_error() -> None:
    code, _, err = run("parse", "/no/such/file")
    assert code == 1 and "no such file" in err and "Fix:" in err and "Traceback" not in err


def test_csv_sample_gives_one_line_per_row() -> None:
    code, out, _ = run("parse", str(need(CSV_SAMPLE)))
    assert code == 0 and len(out.splitlines()) == 12


def test_seed_text() -> None:
    code, out, _ = run("parse", str(need(SEED_TEXT)))
    obj = json.loads(out)
    assert code == 0 and obj["signed_by"] == ["DERSE"] and len(obj["paragraphs"]) == 5


def test_workers_keep_the_input_order_and_the_errors(tmp_path: Path) -> None:
    """Parsed on several processes, the objects come out in input order, exactly as parsed on one, and the inputs
    that hold no cable are reported the same."""
    for i in range(150):
        (tmp_path / f"{i:03d}.txt").write_text(CABLE.replace("001515", f"{1000 + i:06d}"))
    (tmp_path / "075-noise.txt").write_text("hello there")
    one = run("parse", "--workers", "1", str(tmp_path))
    many = run("parse", "--workers", "3", str(tmp_path))
    assert one == many
    code, out, err = many
    assert code == 1 and "075-noise.txt" in err
    assert [json.loads(line)["reference_id"] for line in out.splitlines()] == [f"07BAKU{1000 + i}" for i in range(150)]


def _cable(serial: int) -> str:
    return CABLE.replace("001515", f"{serial:06d}")


def test_workers_read_every_kind_of_input_as_one_process_does(tmp_path: Path) -> None:
    """Small files are read by the workers (the main process sends their paths), archives, large files and
    standard input by the main process: the output is the same as on one process, in input order, with the same
    errors, whichever process read what."""
    (tmp_path / "sub").mkdir()
    for i in range(70):
        (tmp_path / "sub" / f"{i:03d}.txt").write_text(_cable(2000 + i))
    with tarfile.open(tmp_path / "b-archive.tgz", "w:gz") as tar:  # small, but unpacks to many records
        for i in range(70):
            data = _cable(3000 + i).encode()
            info = tarfile.TarInfo(f"x/{i:03d}.txt")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    big = _cable(4000).replace("1. (C) Text.", "1. (C) " + "Text. " * 200_000)  # 1.2 MB: read by the main process
    (tmp_path / "c-big.txt").write_text(big)
    (tmp_path / "d-link.txt").symlink_to(tmp_path / "sub" / "000.txt")
    (tmp_path / "e-empty.txt").write_text("")
    (tmp_path / "f.txt").write_bytes(_cable(5000).encode("utf-16"))  # decoded by the worker, with its note
    one = run("parse", "--workers", "1", str(tmp_path), "-", input=_cable(6000))
    many = run("parse", "--workers", "3", str(tmp_path), "-", input=_cable(6000))
    assert one == many
    code, out, err = many
    assert code == 1 and "d-link.txt" in err and "e-empty.txt" in err and "Traceback" not in err
    objects = [json.loads(line) for line in out.splitlines()]
    serials = [int(o["reference_id"].removeprefix("07BAKU")) for o in objects]
    assert serials == [*range(3000, 3070), 4000, 5000, *range(2000, 2070), 6000]
    assert any("UTF-16" in a for a in objects[71]["anomalies"]), objects[71]["anomalies"]


def test_iter_inputs_leaves_small_documents_unread(tmp_path: Path) -> None:
    from cabledb.sources import iter_inputs, read_file

    (tmp_path / "a.txt").write_text(CABLE)
    with tarfile.open(tmp_path / "b.tar", "w") as tar:
        tar.add(tmp_path / "a.txt", arcname="a.txt")
    (tmp_path / "c.txt").write_text(CABLE + "x" * 2000)
    items = list(iter_inputs([tmp_path], defer_up_to=1000))
    assert items[0] == tmp_path / "a.txt"  # a path: read where it is parsed
    assert [type(i).__name__ for i in items[1:]] == ["RawRecord", "RawRecord"]  # the tar's member, the large file
    (record,) = read_file(tmp_path / "a.txt")
    assert record.text == CABLE and record.source.endswith("a.txt")
