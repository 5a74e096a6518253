"""The files of a WikiLeaks build that are no cables: what an import skips, rather than rejects.

A torrent build (``cablegate-201012041409/``) is the whole web site: beside the cable pages
(``cable/2010/02/10KABUL693.html``) it holds list pages by release date, creation date, origin, tag and
classification (``reldate/2010-11-30_0.html``, ``tag/PREL_0.html``, ...), the front page, news articles
(``articles/2010/...``), the FAQ, and the style sheets, scripts and images of ``static/``. They are tens of
thousands of files; importing a build must not reject them one by one and end with a failure.

A file is skipped only when it holds no cable (parsing it failed) and it is recognisably the site's: a web asset by
its type, or a page with the site's navigation (``Browse latest releases``, ``Currently released so far``) that is
not a cable page (not under ``cable/``, no metadata table, no ``<pre>`` block: a cable page cut short is damage, and
is rejected and kept). Any other input that holds no cable is still rejected and kept with its reason, as before.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

#: File types of a web site's assets: style sheets, scripts, images, fonts. A cable is never one of them.
ASSET_TYPES = frozenset(
    {".css", ".js", ".map", ".png", ".gif", ".jpg", ".jpeg", ".ico", ".svg", ".swf", ".woff", ".woff2", ".ttf",
     ".eot"}
)  # fmt: skip
#: What every page of the WikiLeaks site shows in its navigation pane (cable pages too; they hold a cable).
SITE_MARKERS = ("Browse latest releases", "Currently released so far", "WikiLeaks logo")
#: Where the site keeps its cable pages: ``cable/2010/02/10KABUL693.html``.
_CABLE_PAGE = re.compile(r"(?:^|/)cable/\d{4}/\d{2}/[^/]+$")
#: How far into a page the navigation is looked for (it comes first, before any cable text).
_HEAD = 64 * 1024


def not_a_cable(source: str, text: str | None) -> str | None:
    """Why a file that holds no cable is no input at all (a page or an asset of the WikiLeaks site), or None.

    ``source`` is the record's label (``build.tar.xz!cablegate-201012041409/tag/PREL_0.html``), ``text`` its
    decoded text when it has one.

    >>> not_a_cable("b.tar!cablegate-201012041409/static/css/cables.css", "body { margin: 0 }")
    'a style sheet, script or image (.css), no cable'
    >>> not_a_cable("notes.txt", "my notes") is None
    True
    """
    name = PurePosixPath(source.rsplit("!", 1)[-1]).name.lower()
    suffix = PurePosixPath(name).suffix
    if suffix in ASSET_TYPES:
        return f"a style sheet, script or image ({suffix}), no cable"
    head = (text or "")[:_HEAD]
    if not any(marker in head for marker in SITE_MARKERS):
        return None
    if _CABLE_PAGE.search(source.rsplit("!", 1)[-1]) or "<table class='cable'>" in (text or "") or "<pre" in head:
        return None  # a cable page cut short or damaged: rejected and kept, never skipped
    return "a page of the WikiLeaks site that holds no cable (a list of cables, the front page or an article)"
