"""A WikiLeaks build is the whole web site: its list pages, front page, articles, style sheets and images are no
cables. Importing or parsing a build skips them (counted), rather than rejecting each and failing; any other input
that holds no cable is still rejected."""

from __future__ import annotations

import json
import re
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from cabledb.cli import cli
from cabledb.sources.site import not_a_cable
from tests.conftest import CORPUS, need

BUILD = CORPUS / "releases" / "cablegate-201011301701.tar.xz"
CABLE = "cable/2005/03/05ANKARA1730.html"


@pytest.mark.parametrize(
    ("source", "text", "skipped"),
    [
        ("b.tar.xz!cablegate-201012041409/static/css/cables.css", "body { margin: 0 }", True),
        ("cablegate-201012041409/static/gfx/WL_Hour_Glass_small.png", "\x89PNG", True),
        ("site/app.JS", "var x;", True),
        ("tag/PREL_0.html", "<html><a href='/index.html'><p>Currently released so far... 290 / 251,287</p>", True),
        ("index.html", "<h3>Browse latest releases</h3>", True),
        # A cable page of the site cut short holds the navigation, but it is damage: rejected and kept.
        ("cablegate-201012041409/cable/2010/02/10KABUL693.html", "<h3>Browse latest releases</h3>", False),
        ("x.tar!10KABUL693.html", "<h3>Browse latest releases</h3><table class='cable'><tr><th>Refer", False),
        ("page.html", "<h3>Browse latest releases</h3><pre>VZCZCXRO2601", False),
        # No site navigation, no asset: an input that holds no cable is rejected as before.
        ("notes.html", "<html><body><p>My notes on the cables</p></body></html>", False),
        ("07BAKU1515.txt", "SUBJECT ONLY", False),
    ],
)
def test_not_a_cable(source: str, text: str, skipped: bool) -> None:
    assert (not_a_cable(source, text) is not None) == skipped


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    """A build directory of our own: one real cable page, and the site's files around it: a list page with the
    real navigation pane (the cable page without its cable), the front page, a style sheet and an image."""
    need(BUILD)
    with tarfile.open(BUILD) as tar:
        member = tar.extractfile(CABLE)
        assert member is not None
        page = member.read().decode("utf-8")
    root = tmp_path / "cablegate-201011301701"
    (root / "cable" / "2005" / "03").mkdir(parents=True)
    (root / CABLE).write_text(page, encoding="utf-8")
    navigation = re.sub(r"(?s)<table class='cable'>.*?</table>|<pre>.*?</pre>", "", page)
    assert "<pre>" not in navigation and "Browse latest releases" in navigation
    for name in ("tag/PREL_0.html", "reldate/2010-11-30_0.html", "index.html"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(navigation, encoding="utf-8")
    (root / "static" / "css").mkdir(parents=True)
    (root / "static" / "css" / "cables.css").write_text("body { margin: 0 }\n")
    (root / "static" / "gfx").mkdir(parents=True)
    (root / "static" / "gfx" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    return root


def test_import_of_a_build_skips_the_site_and_succeeds(database_url: str, site: Path) -> None:
    result = CliRunner().invoke(cli, ["import", "-q", "--database-url", database_url, str(site)])
    assert result.exit_code == 0, result.output
    assert "1 inserted" in result.output and "0 rejected, 5 skipped" in result.output
    # An input that is neither a cable nor the site's is still rejected (and the exit status says so).
    (site / "notes.html").write_text("<html><body><p>My notes</p></body></html>")
    result = CliRunner().invoke(cli, ["import", "-q", "--database-url", database_url, str(site)])
    assert result.exit_code == 1 and "1 rejected, 5 skipped" in result.output, result.output


def test_parse_of_a_build_skips_the_site(site: Path) -> None:
    result = CliRunner().invoke(cli, ["parse", "--workers", "1", str(site)])
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\n") == 1 and json.loads(result.stdout)["reference_id"] == "05ANKARA1730"
    assert "skipped 5 file(s) of the WikiLeaks site" in result.stderr
