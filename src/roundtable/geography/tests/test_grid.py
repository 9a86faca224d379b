"""OS grid references to WGS84: checked against Ordnance Survey's worked example and
against PROJ (pyproj, EPSG:27700 -> EPSG:4326), an independent implementation."""

from __future__ import annotations

import pytest
from pyproj import Transformer

from roundtable.geography.grid import distance_m, grid_to_latlon, grid_to_osgb36


def _dms(degrees: float) -> tuple[int, int, float]:
    value = abs(degrees)
    whole = int(value)
    minutes = int((value - whole) * 60)
    return whole, minutes, round((value - whole - minutes / 60) * 3600, 4)


def test_inverse_projection_matches_the_os_worked_example():
    # "A guide to coordinate systems in Great Britain", annex C.2: the grid
    # reference of Caister water tower on the OSGB36 datum.
    lat, lon = grid_to_osgb36(651409.903, 313177.270)
    assert _dms(lat) == (52, 39, 27.2531)
    assert _dms(lon) == (1, 43, 4.5177)


@pytest.mark.parametrize(
    ("eastings", "northings"),
    [
        (517722, 180570),  # Ealing Broadway
        (530268, 179640),  # Westminster
        (200000, 50000),  # Cornwall
        (400000, 1000000),  # Orkney
        (651409, 313177),  # Norfolk
    ],
)
def test_agrees_with_proj_to_a_few_centimetres(eastings, northings):
    expected = Transformer.from_crs("EPSG:27700", "EPSG:4326").transform(eastings, northings)
    lat, lon = grid_to_latlon(eastings, northings)
    assert distance_m(lat, lon, *expected) < 0.2


def test_distance_matches_the_grid_over_a_borough():
    # Two points 1 km apart on the grid are 1 km apart on the ground, give or take
    # the grid's scale factor near London (0.02%) and the haversine's sphere
    # (0.3% east-west at this latitude): a few metres in the co-location finder.
    a = grid_to_latlon(517000, 180000)
    b = grid_to_latlon(518000, 180000)
    assert distance_m(*a, *b) == pytest.approx(1000, rel=0.005)
