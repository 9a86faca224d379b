"""Boundaries packed for map.js (`boundary_packing`): Web Mercator, quantised for the
zoom, delta-encoded, with every ring and hole and the areas' codes and names."""

from __future__ import annotations

import math
import struct

import pytest

from roundtable.lis.boundary_packing import pack, project, scale_for_zoom, unpack


def _feature(code: str, name: str, geometry: dict) -> dict:
    return {"type": "Feature", "id": code, "properties": {"code": code, "name": name},
            "geometry": geometry}  # fmt: skip


SQUARE = [[-0.3, 51.5], [-0.3, 51.52], [-0.28, 51.52], [-0.28, 51.5], [-0.3, 51.5]]
HOLE = [[-0.295, 51.505], [-0.285, 51.505], [-0.29, 51.51], [-0.295, 51.505]]
ISLAND = [[-0.2, 51.4], [-0.2, 51.41], [-0.19, 51.4], [-0.2, 51.4]]


def test_the_projection_is_leaflets_web_mercator_as_a_fraction_of_the_world():
    assert project(0, 0) == (0.5, 0.5)
    assert project(-180, 0)[0] == 0
    u, v = project(-0.3, 51.5)
    # Leaflet: y = R * ln(tan(pi/4 + lat/2)), scaled to the world's width 2 pi R.
    expected = 0.5 - math.log(math.tan(math.pi / 4 + math.radians(51.5) / 2)) / (2 * math.pi)
    assert v == pytest.approx(expected, abs=1e-12)
    assert u == pytest.approx(0.5 - 0.3 / 360)
    assert project(0, 89.9) == project(0, 85.0511287798)  # clamped as Leaflet clamps


def test_every_ring_and_hole_comes_back_with_its_code_and_name_in_order():
    features = [
        _feature("E01000001", "Ealing 001A", {"type": "Polygon", "coordinates": [SQUARE, HOLE]}),
        _feature(
            "E01000002",
            "Ealing 001B",
            {"type": "MultiPolygon", "coordinates": [[SQUARE], [ISLAND]]},
        ),
    ]
    header, areas = unpack(pack(features, 12))
    assert header["codes"] == ["E01000001", "E01000002"]
    assert header["names"] == ["Ealing 001A", "Ealing 001B"]
    assert header["scale"] == scale_for_zoom(12) == 2**24
    assert [len(rings) for rings in areas] == [2, 2]
    assert [len(ring) for ring in areas[0]] == [len(SQUARE), len(HOLE)]
    scale = header["scale"]
    for rings, source in ((areas[0], [SQUARE, HOLE]), (areas[1], [SQUARE, ISLAND])):
        for ring, original in zip(rings, source, strict=True):
            for (x, y), (lng, lat) in zip(ring, original, strict=True):
                u, v = project(lng, lat)
                assert abs(x - u * scale) <= 0.5
                assert abs(y - v * scale) <= 0.5


def test_a_quantum_is_a_sixteenth_of_a_pixel_at_the_layers_zoom():
    # A pixel at zoom z is 1 / (256 * 2**z) of the world.
    assert scale_for_zoom(6) == 16 * 256 * 2**6


def test_the_integers_start_on_a_four_byte_boundary_after_the_header():
    body = pack(
        [_feature("E01000001", "Ealing 001A", {"type": "Polygon", "coordinates": [SQUARE]})], 6
    )
    (length,) = struct.unpack_from("<I", body)
    start = 4 + length + (-(4 + length) % 4)
    assert start % 4 == 0
    assert body[4 + length : start] == b"\0" * (start - 4 - length)
    # One ring of five points: the ring count, the point count, then ten integers.
    assert len(body) - start == 4 * (1 + 1 + 2 * len(SQUARE))
    assert struct.unpack_from("<ii", body, start) == (1, len(SQUARE))


def test_no_areas_pack_to_a_header_alone():
    header, areas = unpack(pack([], 8))
    assert header == {"scale": scale_for_zoom(8), "codes": [], "names": []}
    assert areas == []
