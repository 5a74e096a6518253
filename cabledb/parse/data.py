"""Lookup tables shipped as CSV files in ``cabledb/data``: the TAGS glossary and the station list.

They are public facts (the State Department's TAGS standard, FIPS 10-4 country codes, the posts of the
Cablegate release) kept as data, not code, so that they can be read, reviewed and extended.
Each loader reads its file once per process.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    code: str
    kind: str
    description: str


@dataclass(frozen=True, slots=True)
class Station:
    station: str  # "BAKU", "USUNNEWYORK"
    origin: str  # "Embassy Baku"
    post_type: str
    country_code: str | None
    country: str | None
    fm_names: tuple[str, ...]  # "AMEMBASSY BAKU", ...


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("cabledb").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@cache
def tag_glossary() -> dict[str, GlossaryEntry]:
    """``{"PGOV": GlossaryEntry("PGOV", "subject", "Internal Governmental Affairs"), ...}``"""
    return {
        row["code"]: GlossaryEntry(row["code"], row["kind"], row["description"]) for row in _rows("tag_glossary.csv")
    }


@cache
def stations() -> dict[str, Station]:
    """``{"BAKU": Station("BAKU", "Embassy Baku", ...), ...}``"""
    out: dict[str, Station] = {}
    for row in _rows("stations.csv"):
        out[row["station"]] = Station(
            station=row["station"],
            origin=row["origin"],
            post_type=row["post_type"],
            country_code=row["country_code"] or None,
            country=row["country"] or None,
            fm_names=tuple(n for n in row["fm_names"].split("|") if n),
        )
    return out


@cache
def station_typos() -> dict[str, str]:
    """Misspelled stations seen in reference ids and REF lines, mapped to the right one."""
    return {row["typo"]: row["station"] for row in _rows("station_typos.csv")}


@cache
def fm_name_to_station() -> dict[str, str]:
    """``{"AMEMBASSY BAKU": "BAKU", "SECSTATE WASHDC": "STATE", ...}``"""
    out: dict[str, str] = {}
    for st in stations().values():
        for name in st.fm_names:
            out.setdefault(name, st.station)
    return out
