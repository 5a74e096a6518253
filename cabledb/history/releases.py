"""Which release an input belongs to, from its name.

WikiLeaks named its torrent builds ``cablegate-YYYYMMDDHHMM`` (UTC); an archive or a directory whose name carries a
build name is that build, published at that time. A ``cables.csv`` file (the September 2011 dump, or a part of it)
names its release after its file. Any other input belongs to the release of its import run
(:func:`run_release`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePath

#: ``cablegate-201012041409.tar.xz``, ``cablegate-201012041409/``, ``cablegate-201012041409.7z``.
_BUILD = re.compile(r"(?<![0-9A-Za-z])cablegate[-_](\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(?!\d)", re.I)
_CSV = re.compile(r"\.csv(?:\.(?:gz|bz2|xz|zst|zip))?$", re.I)
#: Release kinds: a torrent build, a file that names itself (cables.csv), a name given with --release, an import run.
KINDS = ("build", "file", "given", "run")
#: The longest release name accepted.
MAX_NAME = 200


@dataclass(frozen=True, slots=True)
class Release:
    name: str
    published_at: datetime | None
    kind: str


def build_release(name: str) -> Release | None:
    """The torrent build a name carries, or None.

    >>> build = build_release("/data/cablegate-201012041409.tar.xz")
    >>> build.name, build.published_at.isoformat()
    ('cablegate-201012041409', '2010-12-04T14:09:00+00:00')
    """
    m = _BUILD.search(PurePath(name).name)
    if not m:
        return None
    year, month, day, hour, minute = (int(g) for g in m.groups())
    try:
        published = datetime(year, month, day, hour, minute, tzinfo=UTC)
    except ValueError:
        return None  # not a time: not a build name
    return Release("cablegate-" + "".join(m.groups()), published, "build")


def release_for_path(path: str) -> Release | None:
    """The release an input path names: a build, a ``cables.csv`` file, or None (the import run's own release)."""
    build = build_release(path)
    if build is not None:
        return build
    name = PurePath(path).name
    if _CSV.search(name):
        return Release(name, None, "file")
    return None


def release_for_source(source: str) -> Release | None:
    """The release a record's source names: the file itself, the archive that holds it, or any directory above it,
    innermost first (``/data/cablegate-201012041409/cable/2010/12/10KABUL693.html`` is that build).

    >>> release_for_source("/x/cablegate-201012041409.tar.xz!cable/2010/12/10KABUL693.html").name
    'cablegate-201012041409'
    """
    parts: list[str] = []
    for piece in source.split("!"):
        path = PurePath(piece)
        parts.extend(str(PurePath(*path.parts[: i + 1])) for i in range(len(path.parts)))
    for part in reversed(parts):
        found = release_for_path(part)
        if found is not None:
            return found
    return None


def given_release(name: str) -> Release:
    """A release named with ``--release``; a build name there also gives its time."""
    name = " ".join(name.split())
    if not name:
        raise ValueError("a release name cannot be empty")
    if len(name) > MAX_NAME:
        raise ValueError(f"a release name has at most {MAX_NAME} characters")
    build = build_release(name)
    if build is not None and build.name == name:
        return build
    return Release(name, build.published_at if build else None, "given")


def run_release(run_id: int) -> Release:
    return Release(f"import run {run_id}", None, "run")
