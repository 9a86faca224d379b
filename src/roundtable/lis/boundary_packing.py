"""Boundaries packed for the map's script: projected, quantised, delta-encoded integers.

GeoJSON is slow for a map of every LSOA: 9 MB of nested arrays of floats to parse,
then every point projected (a sine and a logarithm each) before anything is drawn.
`lis/map.js` asks for `/lis/boundaries/<type>.json?...&format=packed` instead and gets
the same areas as one binary answer (`application/octet-stream`):

- 4 bytes: the length `H` of the header, an unsigned little-endian integer;
- `H` bytes: the header, UTF-8 JSON `{"scale": S, "codes": [...], "names": [...]}`
  (the areas' codes and names, in the order of their shapes);
- zero bytes up to a multiple of 4;
- little-endian 32-bit signed integers, for each area in turn: its number of rings,
  then for each ring its number of points, its first point `x y`, and each next
  point as the difference from the one before.

A point is Web Mercator as a fraction of the world (`x`, `y` from 0 to 1, north at 0,
as Leaflet's pixel coordinates at zoom 0 divided by 256), times `S` and rounded.
`S` is 2 ** (zoom + 12): a sixteenth of a pixel at the layer's zoom, finer than the
coordinates' own rounding (`boundaries.decimals_for_zoom`). Holes are rings like any
other (the script fills even-odd). Pure functions; no database.
"""

from __future__ import annotations

import json
import math
import struct
from array import array
from collections.abc import Iterable
from typing import Any

__all__ = ["MAX_LATITUDE", "pack", "project", "scale_for_zoom", "unpack"]

#: Web Mercator's limit, as Leaflet's (and map.js's) projection clamps it.
MAX_LATITUDE = 85.0511287798
_FOUR_PI = 4 * math.pi


def scale_for_zoom(zoom: int) -> int:
    """Integer units per world width: a sixteenth of a pixel at `zoom`."""
    return 2 ** (zoom + 12)


def project(lng: float, lat: float) -> tuple[float, float]:
    """Web Mercator as a fraction of the world: (0, 0) north-west, (1, 1) south-east."""
    lat = max(min(MAX_LATITUDE, lat), -MAX_LATITUDE)
    sin = math.sin(math.radians(lat))
    return lng / 360 + 0.5, 0.5 - math.log((1 + sin) / (1 - sin)) / _FOUR_PI


def _rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def pack(features: Iterable[dict[str, Any]], zoom: int) -> bytes:
    """GeoJSON features (with `id` and `properties.name`) packed as described above."""
    scale = scale_for_zoom(zoom)
    codes: list[str] = []
    names: list[str] = []
    ints = array("i")
    for feature in features:
        codes.append(feature["id"])
        names.append(feature["properties"].get("name", feature["id"]))
        rings = _rings(feature["geometry"])
        ints.append(len(rings))
        for ring in rings:
            ints.append(len(ring))
            last_x = last_y = 0
            for lng, lat in ring:
                u, v = project(lng, lat)
                x, y = round(u * scale), round(v * scale)
                ints.append(x - last_x)
                ints.append(y - last_y)
                last_x, last_y = x, y
    if array("i").itemsize != 4:  # pragma: no cover - every platform CPython runs on
        raise RuntimeError("32-bit integers are needed to pack boundaries")
    if struct.pack("=i", 1) != struct.pack("<i", 1):  # pragma: no cover - big-endian
        ints.byteswap()
    header = json.dumps(
        {"scale": scale, "codes": codes, "names": names}, separators=(",", ":"), ensure_ascii=False
    ).encode()
    padding = b"\0" * (-(4 + len(header)) % 4)
    return struct.pack("<I", len(header)) + header + padding + ints.tobytes()


def unpack(body: bytes) -> tuple[dict[str, Any], list[list[list[tuple[int, int]]]]]:
    """The header and each area's rings of integer points: `pack` undone (for tests)."""
    (length,) = struct.unpack_from("<I", body)
    header = json.loads(body[4 : 4 + length])
    start = 4 + length + (-(4 + length) % 4)
    ints = array("i", body[start:])
    if struct.pack("=i", 1) != struct.pack("<i", 1):  # pragma: no cover - big-endian
        ints.byteswap()
    areas: list[list[list[tuple[int, int]]]] = []
    at = 0
    for _code in header["codes"]:
        rings = []
        ring_count, at = ints[at], at + 1
        for _ in range(ring_count):
            count, at = ints[at], at + 1
            points, x, y = [], 0, 0
            for n in range(count):
                x, y = x + ints[at + 2 * n], y + ints[at + 2 * n + 1]
                points.append((x, y))
            rings.append(points)
            at += 2 * count
        areas.append(rings)
    return header, areas
